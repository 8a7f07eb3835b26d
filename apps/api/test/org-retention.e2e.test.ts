import { PartitionUpkeepService } from '../src/infra/partitions/partition-upkeep.service';
import { PARTITIONED_TABLES, partitionsCovering } from '../src/infra/partitions/partition-plan';
import { PartitionsRepository } from '../src/infra/partitions/partitions.repository';
import { ResolvedFindingsRetentionService } from '../src/modules/retention/resolved-findings-retention.service';
import { createTestContext, type TestContext } from './support/context';
import { clientFor, failureOf } from './support/graphql';
import { post, privilegedDeployment, settled, snapshotOf } from './support/snapshots';

const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY);

const SETTINGS = `mutation ($input: UpdateOrganizationSettingsInput!) {
  updateOrganizationSettings(input: $input) { historyRetentionDays historyRetentionIsDefault } }`;

/** History kept per organisation (issue 15): chosen within bounds, honoured by every read and by partition upkeep. */
describe('history retention per organisation', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ RECONCILE_INTERVAL_MS: '3600000', MONITOR_INTERVAL_MS: '3600000' });
    // The partitions old rows go to, made as partition upkeep makes them (it only makes them ahead).
    const partitions = ctx.worker!.get(PartitionsRepository);
    const existing = new Set((await partitions.list()).map((p) => p.name));
    for (const t of PARTITIONED_TABLES) {
      for (const p of partitionsCovering(t, daysAgo(450), daysAgo(1))) {
        if (!existing.has(p.name)) await partitions.create(p);
      }
    }
  });
  afterAll(() => ctx?.close());

  const as = (key: string) => clientFor(ctx.url, key);

  /** A cluster with one real evaluation (so its organisation's reads have something of today). */
  async function orgWithCluster() {
    const { organizationId, ownerKey } = await ctx.newOrg();
    const { clusterId, agentToken } = await ctx.newCluster(organizationId);
    const snapshot = snapshotOf([privilegedDeployment], new Date().toISOString());
    expect((await post(ctx.url, agentToken, snapshot)).status).toBe(202);
    expect(await settled(ctx.sql, clusterId, snapshot.snapshotId)).toBe('EVALUATED');
    return { organizationId, ownerKey, clusterId, client: as(ownerKey) };
  }

  /**
   * History of `days` ago as the pipeline writes it: a snapshot and its evaluation, an object
   * change, an audit entry, and a finding opened a day before and resolved then. Returns the finding.
   */
  async function oldHistory(organizationId: string, clusterId: string, days: number): Promise<string> {
    const { rows } = await ctx.sql.query(
      `WITH s AS (
         INSERT INTO "Snapshot" (id, "organizationId", "clusterId", "externalId", "schemaVersion", "contentHash", "collectedAt", "sizeBytes", status)
         VALUES (kubeward_uuid7(now() - make_interval(days => $3)), $1, $2, 'old-' || $3, 1, 'h', now() - make_interval(days => $3), 1, 'EVALUATED')
         RETURNING id, "collectedAt"),
       e AS (
         INSERT INTO "Evaluation" (id, "organizationId", "clusterId", "snapshotId", "collectedAt", "durationMs", score,
           critical, high, medium, low, info, opened, resolved, reopened, added, modified, removed)
         SELECT kubeward_uuid7(s."collectedAt"), $1, $2, s.id, s."collectedAt", 1, 40, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0 FROM s
         RETURNING id, "collectedAt"),
       c AS (
         INSERT INTO "ObjectChange" (id, "organizationId", "clusterId", "evaluationId", "objectKey", kind, namespace, name, type, at)
         SELECT kubeward_uuid7(e."collectedAt"), $1, $2, e.id, 'Deployment/default/old', 'Deployment', 'default', 'old', 'MODIFIED', e."collectedAt"
         FROM e RETURNING id),
       f AS (
         INSERT INTO "Finding" (id, "organizationId", "clusterId", fingerprint, "ruleId", severity, status, "resourceKind",
           "resourceNamespace", "resourceName", message, "firstSeenAt", "lastSeenAt", "resolvedAt", "resolutionReason")
         SELECT kubeward_uuid7(e."collectedAt" - interval '1 day'), $1, $2, 'old-' || $3, 'privileged-container', 'HIGH', 'RESOLVED',
           'Deployment', 'default', 'old', 'was privileged', e."collectedAt" - interval '1 day', e."collectedAt", e."collectedAt", 'FIXED'
         FROM e RETURNING id),
       ev AS (
         INSERT INTO "FindingEvent" (id, "organizationId", "clusterId", "findingId", "evaluationId", type, reason, severity, at, "closedAt")
         SELECT kubeward_uuid7(e."collectedAt" - interval '1 day'), $1, $2, f.id, e.id, 'OPENED'::"FindingEventType", NULL::"ResolutionReason", 'HIGH'::"Severity", e."collectedAt" - interval '1 day', e."collectedAt"
         FROM e, f
         UNION ALL
         SELECT kubeward_uuid7(e."collectedAt"), $1, $2, f.id, e.id, 'RESOLVED', 'FIXED', 'HIGH', e."collectedAt", NULL
         FROM e, f
         RETURNING id),
       a AS (
         INSERT INTO "AuditLog" (id, "organizationId", "actorType", action, at)
         SELECT kubeward_uuid7(e."collectedAt"), $1, 'SYSTEM', 'old.action', e."collectedAt" FROM e RETURNING id)
       SELECT f.id, (SELECT count(*) FROM c) + (SELECT count(*) FROM ev) + (SELECT count(*) FROM a) AS n FROM f`,
      [organizationId, clusterId, days],
    );
    expect(Number(rows[0].n)).toBe(4);
    return rows[0].id;
  }

  it('is chosen by owners within bounds, audited, and refused with a reason otherwise', async () => {
    const { client } = await orgWithCluster();
    const read = async () =>
      (
        await client.request<{ organizationSettings: unknown }>(
          '{ organizationSettings { historyRetentionDays historyRetentionIsDefault } }',
        )
      ).organizationSettings;
    expect(await read()).toEqual({ historyRetentionDays: 400, historyRetentionIsDefault: true });

    expect(await client.request(SETTINGS, { input: { historyRetentionDays: 30 } })).toEqual({
      updateOrganizationSettings: { historyRetentionDays: 30, historyRetentionIsDefault: false },
    });
    expect(await read()).toEqual({ historyRetentionDays: 30, historyRetentionIsDefault: false });
    for (const days of [29, 1096]) {
      expect(await failureOf(client.request(SETTINGS, { input: { historyRetentionDays: days } }))).toBe(
        `BAD_USER_INPUT: historyRetentionDays: must be between 30 and 1095 days, got ${days}.`,
      );
    }
    const admin = await client.request<{ createApiKey: { key: string } }>(
      'mutation { createApiKey(name: "ops", role: ADMIN) { key } }',
    );
    expect(
      await failureOf(as(admin.createApiKey.key).request(SETTINGS, { input: { historyRetentionDays: 1095 } })),
    ).toBe('FORBIDDEN: Your role (ADMIN) may not change how long history is kept.');
    // Admins still change the rest, which leaves retention as it is.
    expect(
      await as(admin.createApiKey.key).request(SETTINGS, { input: { trustedRegistries: ['ghcr.io/acme/'] } }),
    ).toEqual({ updateOrganizationSettings: { historyRetentionDays: 30, historyRetentionIsDefault: false } });
    expect(await read()).toEqual({ historyRetentionDays: 30, historyRetentionIsDefault: false });

    expect(await client.request(SETTINGS, { input: { historyRetentionDays: null } })).toEqual({
      updateOrganizationSettings: { historyRetentionDays: 400, historyRetentionIsDefault: true },
    });
    const log = await client.request<{ auditLog: { edges: { node: { details: Record<string, unknown> } }[] } }>(
      '{ auditLog(action: "organization.updateSettings") { edges { node { details } } } }',
    );
    expect(
      log.auditLog.edges.map(({ node }) => [
        (node.details.before as { historyRetentionDays: unknown }).historyRetentionDays,
        (node.details.after as { historyRetentionDays: unknown }).historyRetentionDays,
      ]),
    ).toEqual([
      [30, null],
      [30, 30],
      [null, 30],
    ]);
  });

  it('clips every read of history to what the organisation keeps, and only its own', async () => {
    const short = await orgWithCluster();
    const long = await orgWithCluster();
    const findings = {
      short: await oldHistory(short.organizationId, short.clusterId, 60),
      long: await oldHistory(long.organizationId, long.clusterId, 60),
    };
    await short.client.request(SETTINGS, { input: { historyRetentionDays: 30 } });

    const READ = `query ($c: ID!, $from: DateTime!, $to: DateTime!) {
      evaluations(clusterId: $c, first: 200) { edges { node { collectedAt } } }
      objectChanges(clusterId: $c) { edges { node { name } } }
      drift(clusterId: $c, from: $from, to: $to) { counts { resolved modified } resolved { finding { id } } modified { name } }
      postureTrend(clusterId: $c, from: $from, to: $to) { score }
      auditLog(action: "old.action") { edges { node { action } } }
      resolved: findings(filter: { clusterIds: [$c], status: RESOLVED }) { totalCount }
    }`;
    /** The finding's event types, or how asking for it failed. */
    const events = async (who: typeof short, finding: string): Promise<string[] | string> => {
      const request = who.client.request<{ finding: { events: { type: string }[] } }>(
        'query ($f: ID!) { finding(id: $f) { events { type } } }',
        { f: finding },
      );
      try {
        return (await request).finding.events.map((e) => e.type);
      } catch {
        return failureOf(request);
      }
    };
    const seen = async (who: typeof short) => {
      const r = await who.client.request<{
        evaluations: { edges: unknown[] };
        objectChanges: { edges: { node: { name: string } }[] };
        drift: { counts: { resolved: number; modified: number }; resolved: unknown[]; modified: unknown[] };
        postureTrend: { score: number }[];
        auditLog: { edges: unknown[] };
        resolved: { totalCount: number };
      }>(READ, { c: who.clusterId, from: daysAgo(90).toISOString(), to: new Date().toISOString() });
      return {
        evaluations: r.evaluations.edges.length,
        changes: r.objectChanges.edges.filter((e) => e.node.name === 'old').length,
        drift: [r.drift.counts.resolved, r.drift.counts.modified, r.drift.resolved.length],
        trend: r.postureTrend.filter((p) => p.score === 40).length,
        audit: r.auditLog.edges.length,
        resolved: r.resolved.totalCount,
      };
    };
    expect(await seen(long)).toEqual({ evaluations: 2, changes: 1, drift: [1, 1, 1], trend: 1, audit: 1, resolved: 1 });
    expect(await events(long, findings.long)).toEqual(['OPENED', 'RESOLVED']);
    expect(await seen(short)).toEqual({
      evaluations: 1,
      changes: 0,
      drift: [0, 0, 0],
      trend: 0,
      audit: 0,
      resolved: 0,
    });
    // A finding resolved before what the organisation keeps is history it no longer has.
    expect(await events(short, findings.short)).toBe(`NOT_FOUND: Finding ${findings.short} not found.`);
    // One opened back then and still open keeps its opening: its period lasts into what is kept.
    const { rows: open } = await ctx.sql.query(
      `WITH f AS (
         INSERT INTO "Finding" (id, "organizationId", "clusterId", fingerprint, "ruleId", severity, status, "resourceKind",
           "resourceNamespace", "resourceName", message, "firstSeenAt", "lastSeenAt")
         VALUES (gen_random_uuid(), $1, $2, 'still-open', 'privileged-container', 'HIGH', 'OPEN', 'Deployment', 'default',
           'still', 'privileged', now() - interval '60 days', now())
         RETURNING id, "firstSeenAt")
       INSERT INTO "FindingEvent" (id, "organizationId", "clusterId", "findingId", "evaluationId", type, severity, at)
       SELECT kubeward_uuid7(f."firstSeenAt"), $1, $2, f.id, gen_random_uuid(), 'OPENED', 'HIGH', f."firstSeenAt" FROM f
       RETURNING "findingId" AS id`,
      [short.organizationId, short.clusterId],
    );
    expect(await events(short, open[0].id)).toEqual(['OPENED']);

    const AT = 'query ($at: DateTime!) { findings(at: $at) { edges { node { id } } } }';
    const at = daysAgo(60.5).toISOString();
    const then = await long.client.request<{ findings: { edges: { node: { id: string } }[] } }>(AT, { at });
    expect(then.findings.edges.map((e) => e.node.id)).toEqual([findings.long]);
    expect(await failureOf(short.client.request(AT, { at }))).toMatch(
      /^BAD_USER_INPUT: at: is before the history the organisation keeps \(from \d{4}-\d\d-\d\dT[\d:.]+Z; see organizationSettings\.historyRetentionDays\)\.$/,
    );
    // Lengthening shows again what is still held.
    await short.client.request(SETTINGS, { input: { historyRetentionDays: 90 } });
    expect(await events(short, findings.short)).toEqual(['OPENED', 'RESOLVED']);
  });

  it('keeps partitions for the organisation that keeps longest, carries periods still open past a drop, forgets findings resolved before', async () => {
    const keeper = await orgWithCluster();
    await keeper.client.request(SETTINGS, { input: { historyRetentionDays: 1095 } });
    // Three findings opened 440 days ago: one still open, one closed a minute later, one closed 100 days ago.
    const { rows } = await ctx.sql.query(
      `WITH f AS (
         INSERT INTO "Finding" (id, "organizationId", "clusterId", fingerprint, "ruleId", severity, status, "resourceKind",
           "resourceNamespace", "resourceName", message, "firstSeenAt", "lastSeenAt", "resolvedAt", "resolutionReason")
         SELECT gen_random_uuid(), $1, $2, 'long-' || k, 'privileged-container', 'HIGH', v.status::"FindingStatus",
           'Deployment', 'default', k, 'privileged', now() - interval '440 days', now(), v.closed, v.reason::"ResolutionReason"
         FROM (VALUES ('open', 'OPEN', NULL::timestamp, NULL),
                      ('brief', 'RESOLVED', (now() - interval '440 days' + interval '1 minute')::timestamp, 'FIXED'),
                      ('recent', 'RESOLVED', (now() - interval '100 days')::timestamp, 'FIXED')) AS v(k, status, closed, reason)
         RETURNING id, "resourceName" AS k, "resolvedAt")
       INSERT INTO "FindingEvent" (id, "organizationId", "clusterId", "findingId", "evaluationId", type, severity, at, "closedAt")
       SELECT kubeward_uuid7(now() - interval '440 days'), $1, $2, f.id, gen_random_uuid(), 'OPENED', 'HIGH',
         now() - interval '440 days', f."resolvedAt" FROM f
       RETURNING "findingId" AS id, (SELECT k FROM f WHERE f.id = "findingId") AS k`,
      [keeper.organizationId, keeper.clusterId],
    );
    const id = Object.fromEntries(rows.map((r: { id: string; k: string }) => [r.k, r.id]));
    const upkeep = ctx.worker!.get(PartitionUpkeepService);
    await upkeep.idle();
    const theirs = partitionsCovering(
      { table: 'FindingEvent', unit: 'month', retention: 'history' },
      daysAgo(440),
      daysAgo(440),
    )[0]!;
    const dropped = (plan: { drop: { name: string }[] }) => plan.drop.some((p) => p.name === theirs.name);

    const findingsLeft = async () =>
      (
        await ctx.sql.query(`SELECT "resourceName" AS k FROM "Finding" WHERE id = ANY($1::uuid[]) ORDER BY 1`, [
          Object.values(id),
        ])
      ).rows.map((r: { k: string }) => r.k);
    const forget = ctx.worker!.get(ResolvedFindingsRetentionService);

    expect(dropped(await upkeep.runOnce())).toBe(false);
    await forget.runOnce();
    expect(await findingsLeft()).toEqual(['brief', 'open', 'recent']);
    await keeper.client.request(SETTINGS, { input: { historyRetentionDays: null } });
    expect(dropped(await upkeep.runOnce())).toBe(true);
    // The finding resolved back then goes with its history; the others stay.
    expect(await forget.runOnce()).toBeGreaterThanOrEqual(1);
    expect(await findingsLeft()).toEqual(['open', 'recent']);

    const openAt = async (days: number) =>
      (
        await keeper.client.request<{ findings: { edges: { node: { id: string } }[] } }>(
          'query ($at: DateTime!, $c: ID!) { findings(at: $at, filter: { clusterIds: [$c] }) { edges { node { id } } } }',
          { at: daysAgo(days).toISOString(), c: keeper.clusterId },
        )
      ).findings.edges
        .map((e) => e.node.id)
        .filter((f) => Object.values(id).includes(f))
        .sort();
    expect(await openAt(200)).toEqual([id.open, id.recent].sort());
    expect(await openAt(50)).toEqual([id.open]);
    const { rows: left } = await ctx.sql.query(
      `SELECT "findingId", at < now() - interval '439 days' AS "keptItsTime" FROM "FindingEvent" WHERE "findingId" = ANY($1::uuid[])`,
      [Object.values(id)],
    );
    expect(
      left.sort((a: { findingId: string }, b: { findingId: string }) => a.findingId.localeCompare(b.findingId)),
    ).toEqual(
      [
        { findingId: id.open, keptItsTime: true },
        { findingId: id.recent, keptItsTime: true },
      ].sort((a, b) => a.findingId!.localeCompare(b.findingId!)),
    );
  });
});
