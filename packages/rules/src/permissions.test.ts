import type { Binding, PolicyRule, Role, Snapshot } from '@kubeward/snapshot';
import { describeStep, escalationPaths, namespaceAccountsReach, pathToClusterAdmin } from './escalation';
import { powerGrants, resourceMatches, ruleAllows, subjectPermissions, whoCan } from './permissions';

const rule = (verbs: string[], resources: string[], apiGroups = [''], resourceNames: string[] = []): PolicyRule => ({
  verbs,
  resources,
  apiGroups,
  resourceNames,
  nonResourceURLs: [],
});
const role = (name: string, rules: PolicyRule[], namespace?: string): Role => ({
  kind: namespace ? 'Role' : 'ClusterRole',
  ...(namespace ? { namespace } : {}),
  name,
  labels: {},
  rules,
});
const bind = (
  name: string,
  roleRef: string,
  subjects: Binding['subjects'],
  namespace?: string,
  roleKind?: string,
): Binding => ({
  kind: namespace ? 'RoleBinding' : 'ClusterRoleBinding',
  ...(namespace ? { namespace } : {}),
  name,
  roleRef: { kind: roleKind ?? (namespace ? 'Role' : 'ClusterRole'), name: roleRef },
  subjects,
});
const rbac = (roles: Role[], bindings: Binding[]): Pick<Snapshot, 'roles' | 'bindings'> => ({ roles, bindings });
const user = (name: string) => ({ kind: 'User', name });
const sa = (namespace: string, name: string) => ({ kind: 'ServiceAccount', namespace, name });

describe('resource matching', () => {
  it.each([
    ['*', 'pods/exec', true],
    ['pods', 'pods', true],
    ['pods', 'pods/exec', false],
    ['pods/*', 'pods/exec', true],
    ['*/exec', 'pods/exec', true],
    ['*/scale', 'pods/exec', false],
    ['pods/*', 'pods', false],
  ])('%s matches %s: %s', (granted, wanted, expected) => {
    expect(resourceMatches(granted, wanted)).toBe(expected);
  });

  it('honours verbs and groups, and wildcards in both', () => {
    expect(ruleAllows(rule(['get'], ['deployments'], ['apps']), 'get', 'deployments', 'apps')).toBe(true);
    expect(ruleAllows(rule(['get'], ['deployments'], ['apps']), 'get', 'deployments', '')).toBe(false);
    expect(ruleAllows(rule(['*'], ['*'], ['*']), 'escalate', 'clusterroles', 'rbac.authorization.k8s.io')).toBe(true);
    expect(ruleAllows(rule(['list'], ['secrets']), 'get', 'secrets')).toBe(false);
  });
});

describe('who can, and what a subject can', () => {
  const snapshot = rbac(
    [role('reader', [rule(['get', 'list'], ['secrets'])], 'shop'), role('exec', [rule(['create'], ['pods/exec'])])],
    [
      bind('readers', 'reader', [user('alice'), { kind: 'ServiceAccount', name: 'app' }], 'shop'),
      bind('exec-everywhere', 'exec', [{ kind: 'Group', name: 'system:authenticated' }]),
      bind('exec-in-ci', 'exec', [user('bob')], 'ci', 'ClusterRole'),
    ],
  );

  it('finds subjects by namespace: RoleBindings there and ClusterRoleBindings', () => {
    const who = (access: Parameters<typeof whoCan>[1]) =>
      whoCan(snapshot, access).map((w) => `${w.subject.kind}:${w.subject.namespace ?? ''}/${w.subject.name}`);
    expect(who({ verb: 'get', resource: 'secrets', namespace: 'shop' })).toEqual([
      'ServiceAccount:shop/app',
      'User:/alice',
    ]);
    expect(who({ verb: 'get', resource: 'secrets', namespace: 'ci' })).toEqual([]);
    expect(who({ verb: 'create', resource: 'pods/exec', namespace: 'ci' })).toEqual([
      'Group:/system:authenticated',
      'User:/bob',
    ]);
    expect(who({ verb: 'create', resource: 'pods/exec', namespace: 'shop' })).toEqual(['Group:/system:authenticated']);
  });

  it("lists a subject's permissions, its groups' included", () => {
    const alice = subjectPermissions(snapshot, user('alice'));
    expect(alice.map((p) => `${p.binding.name}@${p.namespace ?? '*'}`).sort()).toEqual([
      'exec-everywhere@*',
      'readers@shop',
    ]);
    // A RoleBinding's service account without a namespace is the binding's.
    expect(subjectPermissions(snapshot, sa('shop', 'app')).map((p) => p.binding.name)).toContain('readers');
  });

  it('reports grants of a power to people and workloads, not to the platform or restricted by name', () => {
    const grants = powerGrants(
      rbac(
        [role('named', [rule(['create'], ['pods/exec'], [''], ['debug'])]), role('exec', [rule(['get'], ['pods/*'])])],
        [
          bind('named', 'named', [user('carol')]),
          bind('platform', 'exec', [sa('kube-system', 'controller'), user('system:kube-scheduler')]),
          bind('people', 'exec', [sa('kube-system', 'controller'), user('dave')]),
        ],
      ),
      ['exec', 'attach'],
    );
    expect(grants.map((g) => [g.binding.name, g.subjects.map((s) => s.name), g.powers])).toEqual([
      ['people', ['dave'], ['exec', 'attach']],
    ]);
  });
});

describe('escalation paths', () => {
  it('follows pods created as a powerful service account, step by step', () => {
    const snapshot = rbac(
      [role('deploy', [rule(['create'], ['deployments'], ['apps'])], 'ci')],
      [bind('devs', 'deploy', [user('erin')], 'ci'), bind('pipeline-admin', 'cluster-admin', [sa('ci', 'pipeline')])],
    );
    const [path, ...rest] = escalationPaths(snapshot);
    expect(rest).toEqual([]);
    expect(path!.subject).toEqual(user('erin'));
    expect(path!.steps.map(describeStep)).toEqual([
      'User erin can create or change workload controllers running as ServiceAccount ci/pipeline (RoleBinding ci/devs → Role deploy)',
      'ServiceAccount ci/pipeline can do anything cluster-wide (ClusterRoleBinding pipeline-admin → ClusterRole cluster-admin)',
    ]);
    expect(namespaceAccountsReach(snapshot, 'ci')).toBe('cluster-admin');
    expect(namespaceAccountsReach(snapshot, 'shop')).toBe('plain');
  });

  it('ends in kube-system, at cluster-wide impersonation, and not at a namespace-scoped secret read', () => {
    const snapshot = rbac(
      [role('secrets', [rule(['get'], ['secrets'])]), role('imp', [rule(['impersonate'], ['users', 'groups'])])],
      [
        bind('ks', 'secrets', [user('fay')], 'kube-system', 'ClusterRole'),
        bind('shop', 'secrets', [user('gus')], 'shop', 'ClusterRole'),
        bind('imp', 'imp', [user('hal')]),
      ],
    );
    expect(pathToClusterAdmin(snapshot, user('fay'))?.map((s) => s.power)).toEqual(['read-secrets']);
    expect(pathToClusterAdmin(snapshot, user('gus'))).toBeUndefined();
    expect(pathToClusterAdmin(snapshot, user('hal'))?.map((s) => s.power)).toEqual(['impersonate']);
  });

  it('survives cycles between accounts and gives up after four steps', () => {
    const create = (ns: string) => role('create', [rule(['create'], ['pods'])], ns);
    const chain = ['a', 'b', 'c', 'd', 'e'];
    const snapshot = rbac(chain.map(create), [
      bind('start', 'create', [user('ivy')], 'a'),
      // Each namespace's account may create pods in the next; e's account is cluster-admin.
      ...chain.slice(1).map((ns, i) => bind(`hop-${ns}`, 'create', [sa(chain[i]!, 'runner')], ns)),
      bind('loop', 'create', [sa('b', 'runner')], 'a'),
      bind('end', 'cluster-admin', [sa('e', 'runner')]),
    ]);
    // ivy → a/runner → b/runner → c/runner → d/runner → e/runner → cluster-admin: six steps.
    expect(pathToClusterAdmin(snapshot, user('ivy'))).toBeUndefined();
    expect(pathToClusterAdmin(snapshot, sa('b', 'runner'))?.length).toBe(4);
  });
});
