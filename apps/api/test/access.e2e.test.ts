import { createTestContext, type TestContext } from './support/context';
import { clientFor, failureOf } from './support/graphql';
import { post, settled, snapshotOf } from './support/snapshots';

/** Developers deploy to ci, whose pipeline account is cluster-admin: a two-step path. */
const rbac = [
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'deployer', namespace: 'ci' },
    rules: [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'create', 'patch'] }],
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'developers-deploy', namespace: 'ci' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'deployer' },
    subjects: [{ kind: 'Group', name: 'developers', apiGroup: 'rbac.authorization.k8s.io' }],
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'cluster-admin' },
    rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'pipeline-admin' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
    subjects: [{ kind: 'ServiceAccount', name: 'pipeline', namespace: 'ci' }],
  },
];

const WHO_CAN = `query ($c: ID!, $verb: String!, $resource: String!, $group: String, $ns: String) {
  whoCan(clusterId: $c, verb: $verb, resource: $resource, apiGroup: $group, namespace: $ns) {
    subject { kind name namespace }
    via { binding { name roleName } namespace verbs }
  }
}`;
const SUBJECT = `query ($c: ID!, $s: RbacSubjectInput!) {
  subjectPermissions(clusterId: $c, subject: $s) {
    permissions { binding { name } namespace }
    powers { power description namespace binding { name } }
    pathToClusterAdmin
  }
}`;

describe('RBAC questions: who can, and what a subject can', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(async () => {
    await ctx?.close();
  });

  it("answers from the cluster's newest snapshot, with the path to cluster-admin", async () => {
    const { organizationId, ownerKey } = await ctx.newOrg();
    const { clusterId, agentToken } = await ctx.newCluster(organizationId);
    const client = clientFor(ctx.url, ownerKey);
    const ask = { c: clusterId, verb: 'create', resource: 'deployments', group: 'apps', ns: 'ci' };
    expect(await failureOf(client.request(WHO_CAN, ask))).toBe(
      `NOT_FOUND: Cluster ${clusterId} has not sent a snapshot with its RBAC yet.`,
    );

    const snapshot = snapshotOf(rbac, new Date().toISOString());
    expect((await post(ctx.url, agentToken, snapshot)).status).toBe(202);
    await settled(ctx.sql, clusterId, snapshot.snapshotId);

    const who = await client.request<{
      whoCan: { subject: { kind: string; name: string; namespace: string | null } }[];
    }>(WHO_CAN, ask);
    expect(who.whoCan.map((w) => w.subject)).toEqual([
      { kind: 'Group', name: 'developers', namespace: null },
      { kind: 'ServiceAccount', name: 'pipeline', namespace: 'ci' },
    ]);
    // Elsewhere only the cluster-wide grant applies.
    const shop = await client.request<{ whoCan: { subject: { name: string } }[] }>(WHO_CAN, { ...ask, ns: 'shop' });
    expect(shop.whoCan.map((w) => w.subject.name)).toEqual(['pipeline']);

    const developers = await client.request<{
      subjectPermissions: {
        permissions: { binding: { name: string }; namespace: string | null }[];
        powers: { power: string; namespace: string | null; binding: { name: string } }[];
        pathToClusterAdmin: string[] | null;
      };
    }>(SUBJECT, { c: clusterId, s: { kind: 'Group', name: 'developers' } });
    expect(developers.subjectPermissions.permissions).toEqual([
      { binding: { name: 'developers-deploy' }, namespace: 'ci' },
    ]);
    expect(developers.subjectPermissions.powers).toEqual([
      expect.objectContaining({ power: 'create-workloads', namespace: 'ci', binding: { name: 'developers-deploy' } }),
    ]);
    expect(developers.subjectPermissions.pathToClusterAdmin).toEqual([
      'Group developers can create or change workload controllers running as ServiceAccount ci/pipeline (RoleBinding ci/developers-deploy → Role deployer)',
      'ServiceAccount ci/pipeline can do anything cluster-wide (ClusterRoleBinding pipeline-admin → ClusterRole cluster-admin)',
    ]);
    const nobody = await client.request<{ subjectPermissions: { permissions: unknown[]; pathToClusterAdmin: null } }>(
      SUBJECT,
      { c: clusterId, s: { kind: 'User', name: 'mallory' } },
    );
    expect(nobody.subjectPermissions).toMatchObject({ permissions: [], pathToClusterAdmin: null });

    // The same path is a finding, on the binding to narrow.
    const { rows } = await ctx.sql.query(
      `SELECT "ruleId", severity, "resourceName" FROM "Finding"
        WHERE "clusterId" = $1 AND "ruleId" IN ('rbac-escalation-path', 'rbac-create-pods') ORDER BY "ruleId"`,
      [clusterId],
    );
    expect(rows).toEqual([
      { ruleId: 'rbac-create-pods', severity: 'CRITICAL', resourceName: 'developers-deploy' },
      { ruleId: 'rbac-escalation-path', severity: 'CRITICAL', resourceName: 'developers-deploy' },
    ]);
  });

  it('refuses malformed questions before reading anything, naming the field', async () => {
    const { organizationId, ownerKey } = await ctx.newOrg();
    const { clusterId } = await ctx.newCluster(organizationId);
    const client = clientFor(ctx.url, ownerKey);
    expect(await failureOf(client.request(WHO_CAN, { c: clusterId, verb: 'get pods', resource: 'pods' }))).toBe(
      'BAD_USER_INPUT: verb: "get pods" is not a Kubernetes verb (get, list, create, impersonate, *).',
    );
    expect(
      await failureOf(client.request(SUBJECT, { c: clusterId, s: { kind: 'ServiceAccount', name: 'pipeline' } })),
    ).toBe('BAD_USER_INPUT: subject.namespace: a ServiceAccount is named with its namespace.');
    expect(await failureOf(client.request(SUBJECT, { c: clusterId, s: { kind: 'Robot', name: 'r2' } }))).toMatch(
      /^BAD_USER_INPUT: .*Robot/,
    );
  });
});
