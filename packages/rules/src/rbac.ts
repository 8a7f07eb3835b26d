import type { Binding, PolicyRule, Role, Snapshot, Subject } from '@kubeward/snapshot';
import { BUILT_IN_CLUSTER_ROLES } from './built-in-roles';
import { selects } from './workload';

/** One thing a subject may do, and through which binding and role. */
export interface Grant {
  binding: Binding;
  role: Role | undefined;
  rules: PolicyRule[];
  /** The namespace the grant applies in; undefined for cluster-wide (ClusterRoleBinding). */
  namespace?: string;
}

const roleKey = (kind: string, namespace: string | undefined, name: string) =>
  kind === 'ClusterRole' ? `ClusterRole/${name}` : `Role/${namespace ?? ''}/${name}`;

/** Groups every authenticated service account belongs to, besides its own name. */
export const serviceAccountGroups = (namespace: string) => [
  'system:serviceaccounts',
  `system:serviceaccounts:${namespace}`,
  'system:authenticated',
];

/**
 * Indexes a snapshot's RBAC once so that "what can this subject do" is a few map look-ups:
 * roles by key (aggregated ClusterRoles expanded), bindings by subject (users, groups, service
 * accounts). No nested scans over roles × bindings.
 */
export class RbacIndex {
  private readonly roles = new Map<string, Role>();
  private readonly effectiveRules = new Map<string, PolicyRule[]>();
  private readonly bySubject = new Map<string, Binding[]>();

  constructor(private readonly snapshot: Pick<Snapshot, 'roles' | 'bindings'>) {
    for (const role of BUILT_IN_CLUSTER_ROLES) this.roles.set(roleKey(role.kind, undefined, role.name), role);
    for (const role of snapshot.roles) this.roles.set(roleKey(role.kind, role.namespace, role.name), role);
    for (const binding of snapshot.bindings) {
      for (const subject of binding.subjects) {
        const key = subjectKey(subject, binding.namespace);
        const list = this.bySubject.get(key);
        if (list) list.push(binding);
        else this.bySubject.set(key, [binding]);
      }
    }
  }

  role(kind: string, namespace: string | undefined, name: string): Role | undefined {
    return this.roles.get(roleKey(kind, namespace, name));
  }

  /** The rules a binding's role grants, with aggregated ClusterRoles expanded (cycle-safe). */
  rulesOf(binding: Binding): PolicyRule[] {
    const kind = binding.roleRef.kind === 'Role' ? 'Role' : 'ClusterRole';
    return this.rulesOfRole(roleKey(kind, binding.namespace, binding.roleRef.name), new Set());
  }

  private rulesOfRole(key: string, visiting: Set<string>): PolicyRule[] {
    const cached = this.effectiveRules.get(key);
    if (cached) return cached;
    const role = this.roles.get(key);
    if (!role) return [];
    if (visiting.has(key)) return role.rules;
    visiting.add(key);
    let rules = role.rules;
    if (role.aggregationSelectors?.length) {
      rules = [...rules];
      for (const other of this.snapshot.roles) {
        if (other.kind !== 'ClusterRole' || other.name === role.name) continue;
        if (role.aggregationSelectors.some((s) => selects(s, other.labels))) {
          rules.push(...this.rulesOfRole(roleKey('ClusterRole', undefined, other.name), visiting));
        }
      }
    }
    visiting.delete(key);
    this.effectiveRules.set(key, rules);
    return rules;
  }

  /** Bindings that name this subject directly. */
  bindingsOf(subject: Subject): Binding[] {
    return this.bySubject.get(subjectKey(subject, subject.namespace)) ?? [];
  }

  /** Everything a service account may do: its own bindings and those of the groups it is in. */
  grantsOfServiceAccount(namespace: string, name: string): Grant[] {
    const bindings = [
      ...this.bindingsOf({ kind: 'ServiceAccount', name, namespace }),
      ...serviceAccountGroups(namespace).flatMap((group) => this.bindingsOf({ kind: 'Group', name: group })),
    ];
    return bindings.map((binding) => ({
      binding,
      role: this.role(binding.roleRef.kind, binding.namespace, binding.roleRef.name),
      rules: this.rulesOf(binding),
      ...(binding.kind === 'RoleBinding' ? { namespace: binding.namespace } : {}),
    }));
  }
}

function subjectKey(subject: Subject, bindingNamespace: string | undefined): string {
  if (subject.kind === 'ServiceAccount') return `sa:${subject.namespace ?? bindingNamespace ?? ''}/${subject.name}`;
  return `${subject.kind.toLowerCase()}:${subject.name}`;
}

const matches = (list: string[], value: string) => list.includes('*') || list.includes(value);

/** Whether rules allow `verb` on `resource` (in `apiGroup`), honouring wildcards. */
export function allows(rules: PolicyRule[], verb: string, resource: string, apiGroup = ''): boolean {
  return rules.some(
    (r) =>
      matches(r.verbs, verb) &&
      matches(r.apiGroups, apiGroup) &&
      (r.resources.includes('*') || r.resources.includes(resource)) &&
      r.resourceNames.length === 0,
  );
}

const ALL_WRITE_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];

/** Every verb (`*`, or all of them listed) on every resource of every group: what cluster-admin is. */
export const isAllPowerful = (rules: PolicyRule[]): boolean =>
  rules.some(
    (r) =>
      r.resources.includes('*') &&
      r.apiGroups.includes('*') &&
      r.resourceNames.length === 0 &&
      (r.verbs.includes('*') || ALL_WRITE_VERBS.every((v) => r.verbs.includes(v))),
  );

/** Built-in bindings and roles a cluster ships with; they are the platform's, not the user's. */
export const isSystemName = (name: string): boolean => name.startsWith('system:') || name.startsWith('kubeadm:');

const indexes = new WeakMap<object, RbacIndex>();

/** The snapshot's RBAC index, built once however many rules ask. */
export function rbacIndex(snapshot: Pick<Snapshot, 'roles' | 'bindings'>): RbacIndex {
  let index = indexes.get(snapshot);
  if (!index) {
    index = new RbacIndex(snapshot);
    indexes.set(snapshot, index);
  }
  return index;
}
