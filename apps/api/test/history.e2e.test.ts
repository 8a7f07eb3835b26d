import { GraphQLClient } from 'graphql-request';
import { createTestContext, type TestContext } from './support/context';
import { failureOf } from './support/graphql';
import { post, settled, snapshotOf } from './support/snapshots';

const deployment = (name: string, image: string, privileged: boolean) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'shop' },
  spec: { template: { spec: { containers: [{ name: 'app', image, securityContext: { privileged } }] } } },
});
const at = (day: number, hour = 0) => new Date(Date.UTC(2026, 10, day, hour)).toISOString();

/** A finding's timeline, drift, changes, evaluations and trend, against a scripted history. */
describe('history', () => {
  let ctx: TestContext;
  let client: GraphQLClient;
  let clusterId: string;
  let otherKey: string;

  beforeAll(async () => {
    ctx = await createTestContext();
    const org = await ctx.newOrg();
    client = new GraphQLClient(`${ctx.url}/graphql`, { headers: { authorization: `Bearer ${org.ownerKey}` } });
    otherKey = (await ctx.newOrg()).ownerKey;
    const cluster = await ctx.newCluster(org.organizationId);
    clusterId = cluster.clusterId;
    // Day 1: web, fine. Day 2 (a deploy): web made privileged. Day 3: fixed. Day 4: privileged again, api added.
    const days: [string, object[]][] = [
      [at(1), [deployment('web', 'ghcr.io/acme/web:1', false)]],
      [at(2), [deployment('web', 'ghcr.io/acme/web:2', true)]],
      [at(3), [deployment('web', 'ghcr.io/acme/web:3', false)]],
      [at(4), [deployment('web', 'ghcr.io/acme/web:4', true), deployment('api', 'ghcr.io/acme/api:1', false)]],
    ];
    for (const [time, manifests] of days) {
      const snapshot = snapshotOf(manifests as Record<string, unknown>[], time);
      expect((await post(ctx.url, cluster.agentToken, snapshot)).status).toBe(202);
      await settled(ctx.sql, clusterId, snapshot.snapshotId);
    }
  });
  afterAll(() => ctx?.close());

  it("tells a finding's life, each opening with the change that caused it", async () => {
    const { findings } = await client.request<{ findings: { edges: { node: { id: string } }[] } }>(
      'query ($c: ID!) { findings(filter: { clusterIds: [$c], ruleIds: ["privileged-container"] }) { edges { node { id } } } }',
      { c: clusterId },
    );
    const { finding } = await client.request<{
      finding: {
        reopenCount: number;
        events: {
          type: string;
          reason: string | null;
          at: string;
          cause: { type: string; name: string; diff: { path: string; before: unknown; after: unknown }[] } | null;
        }[];
      };
    }>(
      `query ($id: ID!) { finding(id: $id) { reopenCount events { type reason at
         cause { type kind name diff { path before after } } } } }`,
      { id: findings.edges[0]!.node.id },
    );
    expect(finding.reopenCount).toBe(1);
    expect(finding.events.map((e) => [e.type, e.reason, e.at])).toEqual([
      ['OPENED', null, at(2)],
      ['RESOLVED', 'FIXED', at(3)],
      ['REOPENED', null, at(4)],
    ]);
    const cause = finding.events[0]!.cause!;
    expect(cause).toMatchObject({ type: 'MODIFIED', name: 'web' });
    expect(cause.diff).toContainEqual(
      expect.objectContaining({ path: expect.stringContaining('privileged'), after: true }),
    );
  });

  it('answers drift between two times, and pages changes, evaluations and the trend', async () => {
    const { drift } = await client.request<{
      drift: Record<string, { finding?: { ruleId: string; resource: { name: string } }; name?: string }[]> & {
        truncated: boolean;
        counts: Record<string, number>;
      };
    }>(
      `query ($c: ID!, $from: DateTime!, $to: DateTime!) { drift(clusterId: $c, from: $from, to: $to) {
         opened { finding { ruleId resource { name } } } resolved { finding { ruleId resource { name } } reason }
         reopened { finding { ruleId resource { name } } cause { name } } added { name } modified { name } removed { name }
         counts { reopened added modified removed } truncated } }`,
      { c: clusterId, from: at(2, 12), to: at(4) },
    );
    expect(drift.opened!.filter((o) => o.finding!.resource.name === 'web')).toEqual([]);
    expect(drift.resolved!.map((r) => r.finding!.ruleId)).toContain('privileged-container');
    expect(drift.reopened!.map((r) => r.finding!.ruleId)).toEqual(['privileged-container']);
    expect(drift.opened!.every((o) => o.finding!.resource.name === 'api')).toBe(true);
    expect(drift.added!.map((c) => c.name)).toEqual(['api']);
    expect(drift.modified!.map((c) => c.name)).toEqual(['web', 'web']);
    expect(drift.truncated).toBe(false);
    expect(drift.counts).toEqual({ reopened: 1, added: 1, modified: 2, removed: 0 });
    // A smaller limit cuts the lists, says so, and keeps the counts.
    const cut = await client.request<{
      drift: { modified: unknown[]; counts: { modified: number }; truncated: boolean };
    }>(
      `query ($c: ID!, $from: DateTime!, $to: DateTime!) { drift(clusterId: $c, from: $from, to: $to, limit: 1) {
         modified { name } counts { modified } truncated } }`,
      { c: clusterId, from: at(2, 12), to: at(4) },
    );
    expect(cut.drift).toEqual({ modified: [{ name: 'web' }], counts: { modified: 2 }, truncated: true });
    // Drift's counts add up what each evaluation counted: those counts are its rows, exactly.
    const { rows: miscounted } = await ctx.sql.query(
      `SELECT e.id FROM "Evaluation" e
       CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE type = 'OPENED') AS o, count(*) FILTER (WHERE type = 'RESOLVED') AS r,
                                  count(*) FILTER (WHERE type = 'REOPENED') AS ro
                           FROM "FindingEvent" WHERE "evaluationId" = e.id) fe
       CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE type = 'ADDED') AS a, count(*) FILTER (WHERE type = 'MODIFIED') AS m,
                                  count(*) FILTER (WHERE type = 'REMOVED') AS rm
                           FROM "ObjectChange" WHERE "evaluationId" = e.id) oc
       WHERE e."clusterId" = $1
         AND (e.opened, e.resolved, e.reopened, e.added, e.modified, e.removed) IS DISTINCT FROM (fe.o, fe.r, fe.ro, oc.a, oc.m, oc.rm)`,
      [clusterId],
    );
    expect(miscounted).toEqual([]);

    const { evaluations } = await client.request<{
      evaluations: {
        edges: { node: { collectedAt: string; score: number } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    }>(
      'query ($c: ID!) { evaluations(clusterId: $c, first: 3) { edges { node { collectedAt score } } pageInfo { hasNextPage endCursor } } }',
      {
        c: clusterId,
      },
    );
    expect(evaluations.edges.map((e) => e.node.collectedAt)).toEqual([at(4), at(3), at(2)]);
    expect(evaluations.pageInfo.hasNextPage).toBe(true);
    const rest = await client.request<{ evaluations: { edges: { node: { collectedAt: string } }[] } }>(
      'query ($c: ID!, $after: String) { evaluations(clusterId: $c, after: $after) { edges { node { collectedAt } } } }',
      { c: clusterId, after: evaluations.pageInfo.endCursor },
    );
    expect(rest.evaluations.edges.map((e) => e.node.collectedAt)).toEqual([at(1)]);

    const { postureTrend } = await client.request<{ postureTrend: { at: string; score: number }[] }>(
      'query ($c: ID!, $from: DateTime!, $to: DateTime!) { postureTrend(clusterId: $c, from: $from, to: $to, bucket: DAY) { at bucket score counts { critical high } } }',
      { c: clusterId, from: at(0), to: at(5) },
    );
    expect(postureTrend.map((p) => p.at)).toEqual([at(1), at(2), at(3), at(4)]);
    expect(postureTrend[1]!.score).toBeLessThan(postureTrend[0]!.score);
    expect(postureTrend[2]!.score).toBe(postureTrend[0]!.score);

    const { objectChanges } = await client.request<{
      objectChanges: { edges: { node: { type: string; name: string } }[] };
    }>('query ($c: ID!) { objectChanges(clusterId: $c, first: 2) { edges { node { type name } } } }', { c: clusterId });
    expect(objectChanges.edges.map((e) => e.node.name).sort()).toEqual(['api', 'web']);
  });

  it('answers NOT_FOUND for another organisation, and BAD_USER_INPUT for a bad window or cursor', async () => {
    const other = new GraphQLClient(`${ctx.url}/graphql`, { headers: { authorization: `Bearer ${otherKey}` } });
    const code = (c: GraphQLClient, query: string, vars: Record<string, unknown>) => failureOf(c.request(query, vars));
    const window = { c: clusterId, from: at(1), to: at(4) };
    const DRIFT =
      'query ($c: ID!, $from: DateTime!, $to: DateTime!) { drift(clusterId: $c, from: $from, to: $to) { truncated } }';
    expect(await code(other, DRIFT, window)).toBe('NOT_FOUND: No such cluster.');
    expect(await code(client, DRIFT, { ...window, from: at(4), to: at(1) })).toBe(
      'BAD_USER_INPUT: from/to: from must be before to.',
    );
    const forged = Buffer.from(JSON.stringify(['evaluations', 'not a time', 'x'])).toString('base64url');
    expect(
      await code(client, 'query ($c: ID!, $a: String) { evaluations(clusterId: $c, after: $a) { edges { cursor } } }', {
        c: clusterId,
        a: forged,
      }),
    ).toBe('BAD_USER_INPUT: after: not a cursor this query returned.');
    const { findings } = await client.request<{ findings: { edges: { node: { id: string } }[] } }>(
      '{ findings(first: 1) { edges { node { id } } } }',
    );
    expect(await code(other, 'query ($id: ID!) { finding(id: $id) { id } }', { id: findings.edges[0]!.node.id })).toBe(
      `NOT_FOUND: Finding ${findings.edges[0]!.node.id} not found.`,
    );
  });
});
