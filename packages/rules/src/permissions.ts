import type { Binding, PolicyRule, Snapshot, Subject } from '@kubeward/snapshot';
import { isAllPowerful, isSystemName, rbacIndex, serviceAccountGroups } from './rbac';
export { describeBinding, describeSubject } from './bindings';

/** What someone asks RBAC: may this verb be done on this resource (in this group and namespace)? */
export interface Access {
  verb: string;
  /** A resource, or resource/subresource: `pods`, `pods/exec`. */
  resource: string;
  apiGroup?: string;
  /** Omitted: in any namespace, or cluster-wide. */
  namespace?: string;
}

/** One policy rule as a subject holds it: through which binding and role, and where it applies. */
export interface Permission {
  subject: Subject;
  binding: Pick<Binding, 'kind' | 'namespace' | 'name'>;
  roleRef: Binding['roleRef'];
  /** Undefined: cluster-wide (a ClusterRoleBinding). */
  namespace?: string;
  rule: PolicyRule;
}

const listed = (list: string[], value: string) => list.includes('*') || list.includes(value);

/** RBAC's resource matching: a star, the exact name, `pods/<star>` for every subresource, `<star>/scale` for one of every resource. */
export function resourceMatches(granted: string, wanted: string): boolean {
  if (granted === '*' || granted === wanted) return true;
  const [resource, sub] = wanted.split('/', 2);
  if (sub === undefined) return false;
  return granted === `${resource}/*` || granted === `*/${sub}`;
}

export function ruleAllows(rule: PolicyRule, verb: string, resource: string, apiGroup = ''): boolean {
  return (
    listed(rule.verbs, verb) &&
    listed(rule.apiGroups, apiGroup) &&
    rule.resources.some((r) => resourceMatches(r, resource))
  );
}

export const where = (namespace: string | undefined) =>
  namespace === undefined ? 'cluster-wide' : `in namespace ${namespace}`;

export const subjectId = (s: Subject) => `${s.kind}:${s.namespace ?? ''}/${s.name}`;

/** Service account subjects name their namespace; a RoleBinding's may leave it to the binding's. */
const completed = (s: Subject, b: Binding): Subject =>
  s.kind === 'ServiceAccount' && !s.namespace && b.namespace ? { ...s, namespace: b.namespace } : s;

/** Every permission every binding grants, one per subject × policy rule. */
export function allPermissions(snapshot: Pick<Snapshot, 'roles' | 'bindings'>): Permission[] {
  const rbac = rbacIndex(snapshot);
  const out: Permission[] = [];
  for (const b of snapshot.bindings) {
    const rules = rbac.rulesOf(b);
    const binding = { kind: b.kind, name: b.name, ...(b.namespace ? { namespace: b.namespace } : {}) };
    const namespace = b.kind === 'RoleBinding' ? b.namespace : undefined;
    for (const raw of b.subjects) {
      const subject = completed(raw, b);
      for (const rule of rules) out.push({ subject, binding, roleRef: b.roleRef, namespace, rule });
    }
  }
  return out;
}

/** The groups a subject belongs to by what it is, for look-ups that follow group bindings. */
export function groupsOf(subject: Subject): string[] {
  if (subject.kind === 'ServiceAccount') return serviceAccountGroups(subject.namespace ?? '');
  if (subject.kind === 'User') return ['system:authenticated'];
  return [];
}

/**
 * Everything a subject may do: its own bindings, and for users and service accounts those of the
 * groups Kubernetes puts them in (system:authenticated, system:serviceaccounts[:ns]).
 */
export function subjectPermissions(snapshot: Pick<Snapshot, 'roles' | 'bindings'>, subject: Subject): Permission[] {
  const wanted = new Set([subjectId(subject), ...groupsOf(subject).map((g) => subjectId({ kind: 'Group', name: g }))]);
  return allPermissions(snapshot).filter((p) => wanted.has(subjectId(p.subject)));
}

/** The subjects who may do `access`, each with the permissions that let them. */
export function whoCan(
  snapshot: Pick<Snapshot, 'roles' | 'bindings'>,
  access: Access,
): { subject: Subject; via: Permission[] }[] {
  const found = new Map<string, { subject: Subject; via: Permission[] }>();
  for (const p of allPermissions(snapshot)) {
    if (access.namespace !== undefined && p.namespace !== undefined && p.namespace !== access.namespace) continue;
    if (!ruleAllows(p.rule, access.verb, access.resource, access.apiGroup ?? '')) continue;
    const id = subjectId(p.subject);
    const entry = found.get(id) ?? { subject: p.subject, via: [] };
    entry.via.push(p);
    found.set(id, entry);
  }
  return [...found.values()].sort((a, b) => subjectId(a.subject).localeCompare(subjectId(b.subject)));
}

/** A power worth a finding: what RBAC must allow for it, as any one of these accesses. */
export interface Power {
  id: PowerId;
  /** What it lets someone do, as a verb phrase: "exec into pods". */
  label: string;
  accesses: Omit<Access, 'namespace'>[];
}

export type PowerId =
  | 'cluster-admin'
  | 'exec'
  | 'attach'
  | 'portforward'
  | 'node-proxy'
  | 'create-pods'
  | 'create-workloads'
  | 'mint-tokens'
  | 'approve-csr'
  | 'write-webhooks'
  | 'create-persistent-volumes'
  | 'read-secrets'
  | 'bind'
  | 'escalate'
  | 'impersonate';

const each = (verbs: string[], resources: string[], apiGroup = '') =>
  verbs.flatMap((verb) => resources.map((resource) => ({ verb, resource, apiGroup })));

const WORKLOADS = [
  ...each(['create', 'update', 'patch'], ['deployments', 'daemonsets', 'statefulsets', 'replicasets'], 'apps'),
  ...each(['create', 'update', 'patch'], ['jobs', 'cronjobs'], 'batch'),
  ...each(['create', 'update', 'patch'], ['replicationcontrollers']),
];

/**
 * The powers the RBAC rules and the escalation search look for. Exec, attach and port-forward
 * count `get` too: before Kubernetes 1.31 a WebSocket client needed only `get` on the subresource.
 */
export const POWERS: Record<PowerId, Power> = {
  'cluster-admin': { id: 'cluster-admin', label: 'do anything', accesses: [] },
  exec: { id: 'exec', label: 'exec into pods', accesses: each(['create', 'get'], ['pods/exec']) },
  attach: { id: 'attach', label: 'attach to pods', accesses: each(['create', 'get'], ['pods/attach']) },
  portforward: {
    id: 'portforward',
    label: 'port-forward to pods',
    accesses: each(['create', 'get'], ['pods/portforward']),
  },
  'node-proxy': {
    id: 'node-proxy',
    label: "proxy to nodes' kubelet API",
    accesses: each(['get', 'create'], ['nodes/proxy']),
  },
  'create-pods': { id: 'create-pods', label: 'create pods', accesses: each(['create'], ['pods']) },
  'create-workloads': { id: 'create-workloads', label: 'create or change workload controllers', accesses: WORKLOADS },
  'mint-tokens': {
    id: 'mint-tokens',
    label: 'mint service account tokens',
    accesses: each(['create'], ['serviceaccounts/token']),
  },
  'approve-csr': {
    id: 'approve-csr',
    label: 'approve or sign certificate requests',
    accesses: each(
      ['update', 'patch'],
      ['certificatesigningrequests/approval', 'certificatesigningrequests/status'],
      'certificates.k8s.io',
    ),
  },
  'write-webhooks': {
    id: 'write-webhooks',
    label: 'write admission webhook configurations',
    accesses: each(
      ['create', 'update', 'patch'],
      ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations'],
      'admissionregistration.k8s.io',
    ),
  },
  'create-persistent-volumes': {
    id: 'create-persistent-volumes',
    label: 'create persistent volumes',
    accesses: each(['create'], ['persistentvolumes']),
  },
  'read-secrets': { id: 'read-secrets', label: 'read secrets', accesses: each(['get', 'list', 'watch'], ['secrets']) },
  bind: {
    id: 'bind',
    label: 'bind roles it does not hold',
    accesses: each(['bind'], ['roles', 'clusterroles'], 'rbac.authorization.k8s.io'),
  },
  escalate: {
    id: 'escalate',
    label: 'escalate roles beyond its own permissions',
    accesses: each(['escalate'], ['roles', 'clusterroles'], 'rbac.authorization.k8s.io'),
  },
  impersonate: {
    id: 'impersonate',
    label: 'impersonate users, groups or service accounts',
    accesses: [
      ...each(['impersonate'], ['users', 'groups', 'serviceaccounts']),
      ...each(['impersonate'], ['uids', 'userextras/*'], 'authentication.k8s.io'),
    ],
  },
};

/** Whether a policy rule grants a power (unrestricted by resourceNames). */
export function grantsPower(rule: PolicyRule, power: PowerId): boolean {
  if (rule.resourceNames.length > 0) return false;
  if (power === 'cluster-admin') return isAllPowerful([rule]);
  return POWERS[power].accesses.some((a) => ruleAllows(rule, a.verb, a.resource, a.apiGroup));
}

/**
 * Subjects that are the platform's own: system users and groups (the binding rules for
 * system:anonymous and system:authenticated report those) and kube-system's service accounts.
 */
export const isPlatformSubject = (s: Subject) =>
  isSystemName(s.name) || (s.kind === 'ServiceAccount' && s.namespace === 'kube-system');

/** One binding's grant of some powers to its non-platform subjects. */
export interface PowerGrant {
  binding: Binding;
  subjects: Subject[];
  namespace?: string;
  powers: PowerId[];
}

/**
 * Bindings that give people or workloads (not the platform) any of `powers`: what the per-power
 * RBAC rules report, one result per binding. Built-in system bindings and roles are skipped.
 */
export function powerGrants(snapshot: Pick<Snapshot, 'roles' | 'bindings'>, powers: PowerId[]): PowerGrant[] {
  const rbac = rbacIndex(snapshot);
  const out: PowerGrant[] = [];
  for (const b of snapshot.bindings) {
    if (isSystemName(b.name) || isSystemName(b.roleRef.name)) continue;
    const subjects = b.subjects.map((s) => completed(s, b)).filter((s) => !isPlatformSubject(s));
    if (subjects.length === 0) continue;
    const rules = rbac.rulesOf(b);
    // Cluster-admin holds every power; the cluster-admin rules report it, not each power's.
    if (isAllPowerful(rules)) continue;
    const held = powers.filter((p) => rules.some((r) => grantsPower(r, p)));
    if (held.length === 0) continue;
    out.push({ binding: b, subjects, namespace: b.kind === 'RoleBinding' ? b.namespace : undefined, powers: held });
  }
  return out;
}
