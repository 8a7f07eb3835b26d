import type { Binding, Snapshot, Subject } from '@kubeward/snapshot';
import {
  allPermissions,
  describeBinding,
  describeSubject,
  grantsPower,
  groupsOf,
  isPlatformSubject,
  POWERS,
  subjectId,
  subjectPermissions,
  where,
  type Permission,
  type PowerId,
} from './permissions';
import { isSystemName } from './rbac';

/** One step of a path: what the subject can do, and the binding that lets it. */
export interface Step {
  subject: Subject;
  binding: Permission['binding'];
  roleRef: Binding['roleRef'];
  power: PowerId;
  namespace?: string;
  /** The service account the step turns into, for steps that become one. */
  becomes?: Subject;
}

export interface EscalationPath {
  /** Who starts: a subject a non-system binding names. */
  subject: Subject;
  /** In order; the last step reaches cluster-admin-equivalent power. */
  steps: Step[];
}

/** Where one power leads: cluster-wide it ends the search; in a namespace it may turn into its service accounts. */
const ENDS_CLUSTER_WIDE: PowerId[] = [
  'cluster-admin',
  'bind',
  'escalate',
  'impersonate',
  'approve-csr',
  'write-webhooks',
  'node-proxy',
  'read-secrets',
  'create-pods',
  'create-workloads',
  'mint-tokens',
];
/** In kube-system these reach the controllers' tokens, which are cluster-admin-equivalent. */
const ENDS_IN_KUBE_SYSTEM: PowerId[] = ['read-secrets', 'create-pods', 'create-workloads', 'mint-tokens'];
/** In any other namespace these run code as (or mint a token of) any of its service accounts. */
const BECOMES_SERVICE_ACCOUNT: PowerId[] = ['create-pods', 'create-workloads', 'mint-tokens', 'impersonate'];

const MAX_STEPS = 4;

/** What a step means, in words, for a finding's message. */
export function describeStep(step: Step): string {
  const via = `${describeBinding(step.binding)} → ${step.roleRef.kind} ${step.roleRef.name}`;
  const label = POWERS[step.power].label;
  if (step.becomes) {
    const how =
      step.power === 'mint-tokens'
        ? 'mint a token of'
        : step.power === 'impersonate'
          ? 'impersonate'
          : `${label} running as`;
    return `${describeSubject(step.subject)} can ${how} ${describeSubject(step.becomes)} (${via})`;
  }
  const scope =
    step.namespace === 'kube-system' ? "in kube-system, where the controllers' tokens are" : where(step.namespace);
  return `${describeSubject(step.subject)} can ${label} ${scope} (${via})`;
}

interface Graph {
  held(subject: Subject): Permission[];
  accountsIn: Map<string, Subject[]>;
  /** Subjects a non-system binding names, in a stable order. */
  starts: Subject[];
  paths: Map<string, Step[] | null>;
}

const graphs = new WeakMap<object, Graph>();

function graphOf(snapshot: Pick<Snapshot, 'roles' | 'bindings'>): Graph {
  const cached = graphs.get(snapshot);
  if (cached) return cached;
  const bySubject = new Map<string, Permission[]>();
  const accountsIn = new Map<string, Subject[]>();
  const starts = new Map<string, Subject>();
  for (const p of allPermissions(snapshot)) {
    const key = subjectId(p.subject);
    const list = bySubject.get(key);
    if (list) list.push(p);
    else bySubject.set(key, [p]);
    if (!isSystemName(p.binding.name)) starts.set(key, p.subject);
    if (p.subject.kind === 'ServiceAccount' && p.subject.namespace) {
      const accounts = accountsIn.get(p.subject.namespace) ?? [];
      if (!accounts.some((a) => a.name === p.subject.name)) accounts.push(p.subject);
      accountsIn.set(p.subject.namespace, accounts);
    }
  }
  const graph: Graph = {
    held: (subject) => [
      ...(bySubject.get(subjectId(subject)) ?? []),
      ...groupsOf(subject).flatMap((g) => bySubject.get(subjectId({ kind: 'Group', name: g })) ?? []),
    ],
    accountsIn,
    starts: [...starts.values()].sort((a, b) => subjectId(a).localeCompare(subjectId(b))),
    paths: new Map(),
  };
  graphs.set(snapshot, graph);
  return graph;
}

/** Whether the subject holds cluster-admin (or an all-powerful role) cluster-wide, outright. */
const isClusterAdmin = (graph: Graph, subject: Subject) =>
  graph.held(subject).some((p) => p.namespace === undefined && grantsPower(p.rule, 'cluster-admin'));

/**
 * The shortest chain (breadth first, at most four steps) by which a subject reaches
 * cluster-admin-equivalent power, or undefined. A step either ends it (cluster-admin; bind,
 * escalate or impersonate cluster-wide; approving certificates; writing admission webhooks; the
 * kubelet API through nodes/proxy; secrets, pods, workloads or tokens cluster-wide or in
 * kube-system) or turns into a service account of a namespace where the subject may create pods or
 * workloads, mint tokens or impersonate, which goes on with that account's permissions.
 */
export function pathToClusterAdmin(
  snapshot: Pick<Snapshot, 'roles' | 'bindings'>,
  subject: Subject,
): Step[] | undefined {
  const graph = graphOf(snapshot);
  const key = subjectId(subject);
  if (!graph.paths.has(key)) graph.paths.set(key, shortestPath(subject, graph) ?? null);
  return graph.paths.get(key) ?? undefined;
}

/**
 * Escalation paths for every subject a non-system binding names (not the platform's own), except
 * those that hold cluster-admin outright, which the cluster-admin rule reports.
 */
export function escalationPaths(snapshot: Pick<Snapshot, 'roles' | 'bindings'>): EscalationPath[] {
  const graph = graphOf(snapshot);
  const paths: EscalationPath[] = [];
  for (const start of graph.starts) {
    if (isPlatformSubject(start) || isClusterAdmin(graph, start)) continue;
    const steps = pathToClusterAdmin(snapshot, start);
    if (steps) paths.push({ subject: start, steps });
  }
  return paths;
}

function shortestPath(start: Subject, graph: Graph): Step[] | undefined {
  const seen = new Set([subjectId(start)]);
  let frontier: { subject: Subject; steps: Step[] }[] = [{ subject: start, steps: [] }];
  while (frontier.length > 0) {
    const next: typeof frontier = [];
    for (const { subject, steps } of frontier) {
      if (steps.length >= MAX_STEPS) continue;
      for (const p of graph.held(subject)) {
        const step = (power: PowerId, becomes?: Subject): Step => ({
          subject,
          binding: p.binding,
          roleRef: p.roleRef,
          power,
          ...(p.namespace !== undefined ? { namespace: p.namespace } : {}),
          ...(becomes ? { becomes } : {}),
        });
        const ends =
          p.namespace === undefined ? ENDS_CLUSTER_WIDE : p.namespace === 'kube-system' ? ENDS_IN_KUBE_SYSTEM : [];
        const end = ends.find((power) => grantsPower(p.rule, power));
        if (end) return [...steps, step(end)];
        if (p.namespace === undefined) continue;
        const become = BECOMES_SERVICE_ACCOUNT.find((power) => grantsPower(p.rule, power));
        if (!become) continue;
        for (const account of graph.accountsIn.get(p.namespace) ?? []) {
          if (seen.has(subjectId(account))) continue;
          seen.add(subjectId(account));
          next.push({ subject: account, steps: [...steps, step(become, account)] });
        }
      }
    }
    frontier = next;
  }
  return undefined;
}

/**
 * What a pod created in the namespace could borrow from its service accounts: cluster-admin
 * (one of them reaches it, or the namespace is kube-system), some dangerous power, or nothing.
 */
export function namespaceAccountsReach(
  snapshot: Pick<Snapshot, 'roles' | 'bindings'>,
  namespace: string | undefined,
): 'cluster-admin' | 'powerful' | 'plain' {
  if (namespace === undefined || namespace === 'kube-system') return 'cluster-admin';
  const graph = graphOf(snapshot);
  const accounts = graph.accountsIn.get(namespace) ?? [];
  if (accounts.some((a) => isClusterAdmin(graph, a) || pathToClusterAdmin(snapshot, a))) return 'cluster-admin';
  const powers = Object.keys(POWERS) as PowerId[];
  const powerful = accounts.some((a) => graph.held(a).some((p) => powers.some((power) => grantsPower(p.rule, power))));
  return powerful ? 'powerful' : 'plain';
}

/** A power a subject holds, where, and through which binding. */
export interface HeldPower {
  power: PowerId;
  namespace?: string;
  binding: Permission['binding'];
  roleRef: Binding['roleRef'];
}

/**
 * What a security engineer asks about one subject: every permission (its groups' included), the
 * dangerous powers among them, and its shortest path to cluster-admin, if any.
 */
export function subjectAccess(
  snapshot: Pick<Snapshot, 'roles' | 'bindings'>,
  subject: Subject,
): { permissions: Permission[]; powers: HeldPower[]; pathToClusterAdmin?: Step[] } {
  const permissions = subjectPermissions(snapshot, subject);
  const powers = heldPowers(permissions);
  const path = isClusterAdmin(graphOf(snapshot), subject)
    ? permissions
        .filter((p) => p.namespace === undefined && grantsPower(p.rule, 'cluster-admin'))
        .slice(0, 1)
        .map((p): Step => ({ subject, binding: p.binding, roleRef: p.roleRef, power: 'cluster-admin' }))
    : pathToClusterAdmin(snapshot, subject);
  return { permissions, powers, ...(path ? { pathToClusterAdmin: path } : {}) };
}

/** The dangerous powers among permissions, once per power, namespace and binding. */
function heldPowers(permissions: Permission[]): HeldPower[] {
  const powers: HeldPower[] = [];
  const seen = new Set<string>();
  for (const p of permissions) {
    for (const power of Object.keys(POWERS) as PowerId[]) {
      if (!grantsPower(p.rule, power)) continue;
      const key = `${power}@${p.namespace ?? ''}@${describeBinding(p.binding)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      powers.push({
        power,
        binding: p.binding,
        roleRef: p.roleRef,
        ...(p.namespace !== undefined ? { namespace: p.namespace } : {}),
      });
    }
  }
  return powers;
}

/** The dangerous powers a service account holds (its groups' included), where, and through which binding. */
export function accountHeldPowers(
  snapshot: Pick<Snapshot, 'roles' | 'bindings'>,
  namespace: string,
  name: string,
): HeldPower[] {
  return heldPowers(graphOf(snapshot).held({ kind: 'ServiceAccount', namespace, name }));
}

/** The dangerous powers a service account holds, each once, for messages. */
export function accountPowers(
  snapshot: Pick<Snapshot, 'roles' | 'bindings'>,
  namespace: string,
  name: string,
): PowerId[] {
  const held = new Set(accountHeldPowers(snapshot, namespace, name).map((h) => h.power));
  return (Object.keys(POWERS) as PowerId[]).filter((power) => held.has(power));
}
