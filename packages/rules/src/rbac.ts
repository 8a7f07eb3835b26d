import type { Binding, PolicyRule, Role, Snapshot } from '@kubeward/snapshot';
import { BUILT_IN_CLUSTER_ROLES } from './built-in-roles';
import { selects } from './workload';

const roleKey = (kind: string, namespace: string | undefined, name: string) =>
  kind === 'ClusterRole' ? `ClusterRole/${name}` : `Role/${namespace ?? ''}/${name}`;

/** Groups every authenticated service account belongs to, besides its own name. */
export const serviceAccountGroups = (namespace: string) => [
  'system:serviceaccounts',
  `system:serviceaccounts:${namespace}`,
  'system:authenticated',
];

/** Indexes a snapshot's roles once, by key, with aggregated ClusterRoles expanded on first use. */
export class RbacIndex {
  private readonly roles = new Map<string, Role>();
  private readonly effectiveRules = new Map<string, PolicyRule[]>();

  constructor(private readonly snapshot: Pick<Snapshot, 'roles' | 'bindings'>) {
    for (const role of BUILT_IN_CLUSTER_ROLES) this.roles.set(roleKey(role.kind, undefined, role.name), role);
    for (const role of snapshot.roles) this.roles.set(roleKey(role.kind, role.namespace, role.name), role);
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
