import { GraphQLClient, gql } from 'graphql-request';
import { createTestContext, type TestContext } from './support/context';
import { failureOf } from './support/graphql';
import { post, settled, snapshotOf } from './support/snapshots';
import type { OrgScope } from '../src/modules/auth/scope';

const deployment = (name: string, namespace: string, privileged: boolean) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace },
  spec: {
    template: {
      spec: { containers: [{ name: 'app', image: 'ghcr.io/acme/app:1.0', securityContext: { privileged } }] },
    },
  },
});
const day = (d: number, hour = 0) => new Date(Date.UTC(2026, 10, d, hour)).toISOString();

interface Node {
  id: string;
  ruleId: string;
  severity: string;
  status: string;
  excepted: boolean;
  resource: { kind: string; namespace: string | null; name: string };
}
interface Page {
  findings: {
    edges: { cursor: string; node: Node }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    totalCount: number;
  };
}

const FINDINGS = gql`
  query ($filter: FindingFilter, $at: DateTime, $orderBy: FindingOrder, $first: Int, $after: String) {
    findings(filter: $filter, at: $at, orderBy: $orderBy, first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          ruleId
          severity
          status
          excepted
          resource {
            kind
            namespace
            name
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
      totalCount
    }
  }
`;

/** `findings` through HTTP with a real GraphQL client, on a scripted three-day history. */
describe('findings', () => {
  let ctx: TestContext;
  let client: GraphQLClient;
  let clusterId: string;
  let organizationId: OrgScope;
  const page = (vars: Record<string, unknown>) => client.request<Page>(FINDINGS, vars);
  const names = (p: Page, ruleId = 'privileged-container') =>
    p.findings.edges
      .filter((e) => e.node.ruleId === ruleId)
      .map((e) => e.node.resource.name)
      .sort();

  beforeAll(async () => {
    ctx = await createTestContext();
    const org = await ctx.newOrg();
    organizationId = org.organizationId;
    client = new GraphQLClient(`${ctx.url}/graphql`, { headers: { authorization: `Bearer ${org.ownerKey}` } });
    const cluster = await ctx.newCluster(organizationId);
    clusterId = cluster.clusterId;
    // Day 1: web privileged. Day 2: web fixed. Day 3: debug privileged appears.
    const history = [
      [day(1), [deployment('web', 'shop', true), deployment('api', 'shop', false)]],
      [day(2), [deployment('web', 'shop', false), deployment('api', 'shop', false)]],
      [day(3), [deployment('web', 'shop', false), deployment('api', 'shop', false), deployment('debug', 'ops', true)]],
    ] as const;
    for (const [at, manifests] of history) {
      const snapshot = snapshotOf([...manifests], at);
      expect((await post(ctx.url, cluster.agentToken, snapshot)).status).toBe(202);
      await settled(ctx.sql, clusterId, snapshot.snapshotId);
    }
  });
  afterAll(() => ctx?.close());

  it('answers what is open now, and what was open at any past time', async () => {
    const filter = { clusterIds: [clusterId], ruleIds: ['privileged-container'] };
    expect(names(await page({ filter }))).toEqual(['debug']);
    expect(names(await page({ filter, at: day(1, 12) }))).toEqual(['web']);
    expect(names(await page({ filter, at: day(2, 12) }))).toEqual([]);
    expect(names(await page({ filter, at: day(3, 12) }))).toEqual(['debug']);
    expect(names(await page({ filter: { ...filter, status: 'RESOLVED' } }))).toEqual(['web']);
    // Without a rule filter the page is taken from the events first: same answer, paged alike.
    const cluster = { clusterIds: [clusterId] };
    const whole = await page({ filter: cluster, at: day(1, 12), first: 200 });
    expect(names(whole)).toEqual(['web']);
    const paged: string[] = [];
    let after: string | null = null;
    do {
      const p: Page = await page({ filter: cluster, at: day(1, 12), first: 2, after });
      paged.push(...p.findings.edges.map((e) => e.node.id));
      after = p.findings.pageInfo.hasNextPage ? p.findings.pageInfo.endCursor : null;
    } while (after);
    expect(paged).toEqual(whole.findings.edges.map((e) => e.node.id));
    expect(paged.length).toBe(whole.findings.totalCount);
  });

  it('pages without gaps or repeats, in every order, and counts all pages', async () => {
    const filter = { clusterIds: [clusterId] };
    for (const orderBy of [
      undefined,
      { field: 'FIRST_SEEN' },
      { field: 'RULE', direction: 'DESC' },
      { field: 'RESOURCE' },
      { field: 'SEVERITY', direction: 'ASC' },
    ]) {
      const whole = await page({ filter, orderBy, first: 200 });
      expect(whole.findings.pageInfo.hasNextPage).toBe(false);
      const ids: string[] = [];
      let after: string | null = null;
      do {
        const p: Page = await page({ filter, orderBy, first: 3, after });
        expect(p.findings.edges.length).toBeLessThanOrEqual(3);
        ids.push(...p.findings.edges.map((e) => e.node.id));
        after = p.findings.pageInfo.hasNextPage ? p.findings.pageInfo.endCursor : null;
      } while (after);
      expect(ids).toEqual(whole.findings.edges.map((e) => e.node.id));
      expect(new Set(ids).size).toBe(ids.length);
      expect(whole.findings.totalCount).toBe(ids.length);
      expect(ids.length).toBeGreaterThan(6);
    }
    // The default order is most severe first.
    const ranks = ['INFO', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];
    const severities = (await page({ filter, first: 200 })).findings.edges.map((e) => ranks.indexOf(e.node.severity));
    expect(severities).toEqual([...severities].sort((a, b) => b - a));
  });

  it('filters by severity, area, namespace, kind and exception', async () => {
    const high = await page({ filter: { clusterIds: [clusterId], minSeverity: 'HIGH' }, first: 200 });
    expect(high.findings.edges.length).toBeGreaterThan(0);
    expect(high.findings.edges.every((e) => ['HIGH', 'CRITICAL'].includes(e.node.severity))).toBe(true);
    const ops = await page({ filter: { namespaces: ['ops'], kinds: ['Deployment'] }, first: 200 });
    expect(new Set(ops.findings.edges.map((e) => e.node.resource.name))).toEqual(new Set(['debug']));
    const users = await page({ filter: { areas: ['users'] }, first: 200 });
    const containers = await page({ filter: { areas: ['containers'] }, first: 200 });
    expect(containers.findings.totalCount).toBeGreaterThan(0);
    expect(users.findings.edges.every((e) => !containers.findings.edges.some((c) => c.node.id === e.node.id))).toBe(
      true,
    );

    // An exception on the debug Deployment: still listed, flagged, and filterable.
    await ctx.sql.query(
      `INSERT INTO "RiskException" (id, "organizationId", "clusterId", namespace, "resourceKind", "resourceName",
         reason, owner, "expiresAt", "createdAt", "createdBy")
       VALUES (gen_random_uuid(), $1, $2, 'ops', 'Deployment', 'debug', 'break-glass tooling', 'sre',
         now() + interval '30 days', now() - interval '1 minute', 'test')`,
      [organizationId, clusterId],
    );
    const all = await page({ filter: { clusterIds: [clusterId] }, first: 200 });
    const flagged = all.findings.edges.filter((e) => e.node.excepted).map((e) => e.node.resource.name);
    expect(new Set(flagged)).toEqual(new Set(['debug']));
    const notExcepted = await page({ filter: { clusterIds: [clusterId], excepted: false }, first: 200 });
    expect(notExcepted.findings.totalCount).toBe(all.findings.totalCount - flagged.length);
  });

  it('names the field of bad input, and answers NOT_FOUND for a cluster it may not see', async () => {
    const code = (vars: Record<string, unknown>) => failureOf(page(vars));
    expect(await code({ first: 500 })).toBe('BAD_USER_INPUT: first: must be between 1 and 200, got 500.');
    expect(await code({ after: 'bm9wZQ' })).toBe('BAD_USER_INPUT: after: not a cursor this query returned.');
    expect(await code({ filter: { areas: ['nope'] } })).toBe('BAD_USER_INPUT: filter.areas: unknown value(s) "nope".');
    expect(await code({ filter: { status: 'RESOLVED' }, at: day(2) })).toMatch(/^BAD_USER_INPUT: filter.status:/);
    // A cursor of one ordering is not accepted by another.
    const first = await page({ first: 1 });
    expect(await code({ first: 1, after: first.findings.pageInfo.endCursor, orderBy: { field: 'RULE' } })).toMatch(
      /^BAD_USER_INPUT: after:/,
    );
    const other = await ctx.newOrg();
    const theirs = await ctx.newCluster(other.organizationId);
    expect(await code({ filter: { clusterIds: [theirs.clusterId] } })).toBe(
      `NOT_FOUND: Cluster ${theirs.clusterId} not found.`,
    );
    expect(await code({ filter: { clusterIds: ['not-a-uuid'] } })).toBe('NOT_FOUND: Cluster not-a-uuid not found.');
  });

  it('groups one cause reported by several rules: one primary, its related findings, and back', async () => {
    const cluster = await ctx.newCluster(organizationId);
    const snapshot = snapshotOf(
      [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'controller', namespace: 'ingress' },
          spec: {
            template: {
              spec: {
                serviceAccountName: 'ingress-nginx',
                containers: [{ name: 'c', image: 'registry.k8s.io/ingress-nginx/controller:v1.12.0' }],
              },
            },
          },
        },
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRole',
          metadata: { name: 'ingress-nginx' },
          rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] }],
        },
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRoleBinding',
          metadata: { name: 'ingress-nginx' },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'ingress-nginx' },
          subjects: [{ kind: 'ServiceAccount', name: 'ingress-nginx', namespace: 'ingress' }],
        },
      ] as never,
      day(4),
    );
    expect((await post(ctx.url, cluster.agentToken, snapshot)).status).toBe(202);
    await settled(ctx.sql, cluster.clusterId, snapshot.snapshotId);
    const { rows } = await ctx.sql.query<{ id: string; ruleId: string }>(
      `SELECT id, "ruleId" FROM "Finding" WHERE "clusterId" = $1 AND "ruleId" IN
         ('workload-sa-privileged-rbac', 'sa-token-automounted', 'secrets-readable-broadly')`,
      [cluster.clusterId],
    );
    const id = (ruleId: string) => rows.find((r) => r.ruleId === ruleId)!.id;
    const GROUP = gql`
      query ($id: ID!) {
        finding(id: $id) {
          ruleId
          primary {
            id
            ruleId
          }
          related {
            ruleId
            resource {
              kind
              name
            }
          }
        }
      }
    `;
    type Grouped = {
      finding: {
        ruleId: string;
        primary: { id: string; ruleId: string } | null;
        related: { ruleId: string; resource: { kind: string; name: string } }[];
      };
    };
    const primary = await client.request<Grouped>(GROUP, { id: id('workload-sa-privileged-rbac') });
    expect(primary.finding.primary).toBeNull();
    expect(primary.finding.related.map((r) => `${r.ruleId} ${r.resource.kind}/${r.resource.name}`).sort()).toEqual([
      'sa-token-automounted Deployment/controller',
      'secrets-readable-broadly ClusterRoleBinding/ingress-nginx',
    ]);
    for (const ruleId of ['sa-token-automounted', 'secrets-readable-broadly']) {
      const related = await client.request<Grouped>(GROUP, { id: id(ruleId) });
      expect(related.finding.primary).toEqual({
        id: id('workload-sa-privileged-rbac'),
        ruleId: 'workload-sa-privileged-rbac',
      });
      expect(related.finding.related).toEqual([]);
    }
  });
});
