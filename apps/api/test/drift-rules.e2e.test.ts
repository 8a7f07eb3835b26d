import { createTestContext, type TestContext } from './support/context';
import { deployment, post, settled, snapshotOf } from './support/snapshots';

/**
 * Drift rules through the real ingest, worker and Postgres: a regression opens a finding that says
 * what it was, stays open while the regression stands (not just for the snapshot that showed it),
 * and resolves when it is undone.
 */
const T = (minute: number) => new Date(Date.UTC(2026, 10, 22, 9, minute)).toISOString();

const namespace = (level: string) => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: 'shop', labels: { 'pod-security.kubernetes.io/enforce': level } },
});
const denyAll = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'default-deny', namespace: 'shop' },
  spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
};
const webhooks = (first: string, second: string) => ({
  apiVersion: 'admissionregistration.k8s.io/v1',
  kind: 'ValidatingWebhookConfiguration',
  metadata: { name: 'policy' },
  webhooks: [
    { name: 'one.policy.example.com', failurePolicy: first, rules: [{ resources: ['pods'] }] },
    { name: 'two.policy.example.com', failurePolicy: second, rules: [{ resources: ['pods'] }] },
  ],
});
const adminBinding = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRoleBinding',
  metadata: { name: 'debug-admin' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
  subjects: [{ kind: 'User', name: 'mallory@example.com', apiGroup: 'rbac.authorization.k8s.io' }],
};
const viewBinding = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRoleBinding',
  metadata: { name: 'auditors' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
  subjects: [{ kind: 'Group', name: 'auditors', apiGroup: 'rbac.authorization.k8s.io' }],
};
const DRIFT = [
  'pod-security-enforce-lowered',
  'network-policy-last-removed',
  'admission-webhook-fail-open',
  'cluster-admin-binding-added',
];

describe('drift rules', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx?.close());

  it('open on a regression, stay open while it stands, and resolve when it is undone', async () => {
    const { organizationId } = await ctx.newOrg();
    const c = await ctx.newCluster(organizationId);
    // Each snapshot differs (the replica count), so each is evaluated in full rather than as a repeat.
    const send = async (minute: number, manifests: object[]) => {
      const snapshot = snapshotOf(
        [{ ...deployment('api'), spec: { ...deployment('api').spec, replicas: minute + 1 } }, ...manifests] as never,
        T(minute),
      );
      expect((await post(ctx.url, c.agentToken, snapshot)).status).toBe(202);
      expect(await settled(ctx.sql, c.clusterId, snapshot.snapshotId)).toBe('EVALUATED');
    };
    const drift = async () =>
      (
        await ctx.sql.query(
          `SELECT "ruleId", "resourceName", status, message, baseline, "reopenCount" FROM "Finding"
           WHERE "clusterId" = $1 AND "ruleId" = ANY($2) ORDER BY "ruleId"`,
          [c.clusterId, DRIFT],
        )
      ).rows;

    await send(0, [namespace('restricted'), denyAll, webhooks('Fail', 'Fail'), viewBinding]);
    // The first snapshot is the baseline: nothing to have changed from.
    expect(await drift()).toEqual([]);
    const first = await ctx.sql.query(`SELECT "notEvaluable" FROM "Evaluation" WHERE "clusterId" = $1`, [c.clusterId]);
    expect(first.rows[0].notEvaluable.map((n: { ruleId: string }) => n.ruleId)).toEqual(expect.arrayContaining(DRIFT));

    await send(5, [namespace('baseline'), webhooks('Ignore', 'Fail'), viewBinding, adminBinding]);
    const opened = await drift();
    expect(opened.map((f) => [f.ruleId, f.resourceName, f.status])).toEqual([
      ['admission-webhook-fail-open', 'policy', 'OPEN'],
      ['cluster-admin-binding-added', 'debug-admin', 'OPEN'],
      ['network-policy-last-removed', 'shop', 'OPEN'],
      ['pod-security-enforce-lowered', 'shop', 'OPEN'],
    ]);
    const psa = opened.find((f) => f.ruleId === 'pod-security-enforce-lowered');
    expect(psa.baseline).toEqual({ since: T(5), was: ['restricted'] });
    expect(psa.message).toContain('lowered from "restricted" (seen since 2026-11-22 09:05 UTC)');
    expect(opened.find((f) => f.ruleId === 'network-policy-last-removed').baseline.was).toEqual(['default-deny']);
    // The finding's cause is the namespace's change, field by field.
    const cause = await ctx.sql.query(
      `SELECT c.diff FROM "FindingEvent" e JOIN "ObjectChange" c ON c.id = e."causeChangeId"
       JOIN "Finding" f ON f.id = e."findingId"
       WHERE f."clusterId" = $1 AND f."ruleId" = 'pod-security-enforce-lowered' AND e.type = 'OPENED'`,
      [c.clusterId],
    );
    expect(cause.rows[0].diff).toEqual([
      { path: 'labels.pod-security.kubernetes.io/enforce', before: 'restricted', after: 'baseline' },
    ]);

    // Nothing changes in the drifted objects: the previous snapshot now agrees with this one, and
    // only the stored baselines keep the findings open. The second webhook relaxes meanwhile.
    await send(10, [namespace('baseline'), webhooks('Ignore', 'Ignore'), viewBinding, adminBinding]);
    const standing = await drift();
    expect(standing.map((f) => f.status)).toEqual(['OPEN', 'OPEN', 'OPEN', 'OPEN']);
    expect(standing.every((f) => f.reopenCount === 0)).toBe(true);
    expect(standing.find((f) => f.ruleId === 'admission-webhook-fail-open').baseline).toEqual({
      since: T(5),
      was: ['one.policy.example.com', 'two.policy.example.com'],
    });

    // Undone: the level is back, a policy is back, the first webhook fails closed again. The second
    // still fails open, and the admin binding is still there.
    await send(15, [namespace('restricted'), denyAll, webhooks('Fail', 'Ignore'), viewBinding, adminBinding]);
    const after = await drift();
    expect(after.map((f) => [f.ruleId, f.status])).toEqual([
      ['admission-webhook-fail-open', 'OPEN'],
      ['cluster-admin-binding-added', 'OPEN'],
      ['network-policy-last-removed', 'RESOLVED'],
      ['pod-security-enforce-lowered', 'RESOLVED'],
    ]);

    await send(20, [namespace('restricted'), denyAll, webhooks('Fail', 'Fail'), viewBinding]);
    expect((await drift()).map((f) => f.status)).toEqual(['RESOLVED', 'RESOLVED', 'RESOLVED', 'RESOLVED']);
  });

  it('reports a powerful service account no workload has run as for the organisation’s number of days', async () => {
    const { organizationId } = await ctx.newOrg();
    await ctx.sql.query(`UPDATE "Organization" SET settings = '{"dormantAccountDays": 1}' WHERE id = $1`, [
      organizationId,
    ]);
    const c = await ctx.newCluster(organizationId);
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
    const account = (name: string) => ({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name, namespace: 'ci' },
    });
    const rbac = [
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name: 'deployer', namespace: 'ci' },
        rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['create'] }],
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'deployer', namespace: 'ci' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'deployer' },
        subjects: [
          { kind: 'ServiceAccount', name: 'deployer', namespace: 'ci' },
          { kind: 'ServiceAccount', name: 'idle', namespace: 'ci' },
        ],
      },
    ];
    const runner = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'runner', namespace: 'ci' },
      spec: {
        template: { spec: { serviceAccountName: 'deployer', containers: [{ name: 'c', image: 'ghcr.io/acme/ci:1' }] } },
      },
    };
    const send = async (at: string, manifests: object[]) => {
      const snapshot = snapshotOf(manifests as never, at);
      expect((await post(ctx.url, c.agentToken, snapshot)).status).toBe(202);
      expect(await settled(ctx.sql, c.clusterId, snapshot.snapshotId)).toBe('EVALUATED');
    };
    const dormant = async () =>
      (
        await ctx.sql.query(
          `SELECT "resourceName", status, message FROM "Finding"
           WHERE "clusterId" = $1 AND "ruleId" = 'service-account-dormant' ORDER BY "resourceName"`,
          [c.clusterId],
        )
      ).rows;

    const first = hoursAgo(72);
    await send(first, [account('deployer'), account('idle'), ...rbac, runner]);
    expect(await dormant()).toEqual([]);
    const use = await ctx.sql.query(`SELECT namespace, name, "lastUsedAt" FROM "AccountUse" WHERE "clusterId" = $1`, [
      c.clusterId,
    ]);
    expect(use.rows).toEqual([{ namespace: 'ci', name: 'deployer', lastUsedAt: new Date(first) }]);

    // Three days on, the runner is gone: neither account has been run as for more than a day.
    await send(hoursAgo(1), [account('deployer'), account('idle'), ...rbac]);
    const found = await dormant();
    expect(found.map((f) => [f.resourceName, f.status])).toEqual([
      ['deployer', 'OPEN'],
      ['idle', 'OPEN'],
    ]);
    expect(found[0].message).toContain(`no workload has run as it since ${first.slice(0, 10)} (2 days)`);
    expect(found[1].message).toContain(`since Kubeward first saw it on ${first.slice(0, 10)}`);

    // The runner is back: its account is in use again.
    await send(hoursAgo(0.5), [account('deployer'), account('idle'), ...rbac, runner]);
    expect((await dormant()).map((f) => [f.resourceName, f.status])).toEqual([
      ['deployer', 'RESOLVED'],
      ['idle', 'OPEN'],
    ]);
  });
});
