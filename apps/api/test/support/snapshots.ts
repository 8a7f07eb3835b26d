import { buildSnapshot } from '@kubeward/snapshot';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import request from 'supertest';
import { eventually, type TestContext } from './context';
import { clientFor } from './graphql';

type Obj = Record<string, unknown>;

/** A Deployment running a privileged container: opens `privileged-container` (and its kin). */
export const privilegedDeployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop' },
  spec: {
    template: { spec: { containers: [{ name: 'app', image: 'nginx:1.27', securityContext: { privileged: true } }] } },
  },
};

/** A Deployment `payments/<name>` of one container, privileged and sharing the host's PIDs as asked. */
export const deployment = (name: string, opts: { privileged?: boolean; hostPID?: boolean } = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'payments' },
  spec: {
    template: {
      spec: {
        hostPID: opts.hostPID ?? false,
        containers: [
          { name: 'api', image: 'ghcr.io/acme/api:1.0', securityContext: { privileged: opts.privileged ?? false } },
        ],
      },
    },
  },
});

/** A snapshot of these manifests as an agent would send it, taken at `collectedAt`. */
export function snapshotOf(manifests: Obj[], collectedAt: string, snapshotId: string = randomUUID()) {
  return buildSnapshot(manifests, { snapshotId, collectedAt, agentVersion: 'test', source: 'cluster' }).snapshot;
}

export async function post(url: string, token: string, snapshot: object) {
  return request(url)
    .post('/v1/snapshots')
    .set('authorization', `Bearer ${token}`)
    .set('content-type', 'application/json')
    .send(JSON.stringify(snapshot));
}

/** Waits until the snapshot with this agent id is evaluated or skipped; its final status. */
export function settled(sql: pg.Pool, clusterId: string, externalId: string, timeoutMs?: number): Promise<string> {
  return eventually(
    async () => {
      const { rows } = await sql.query(`SELECT status FROM "Snapshot" WHERE "clusterId" = $1 AND "externalId" = $2`, [
        clusterId,
        externalId,
      ]);
      const status = rows[0]?.status as string | undefined;
      return status === 'EVALUATED' || status === 'STALE' ? status : undefined;
    },
    `snapshot ${externalId} settled`,
    timeoutMs,
  );
}

/** Rows per table, to count what an evaluation wrote. */
export async function rowCounts(sql: pg.Pool): Promise<Record<string, number>> {
  const tables = ['Snapshot', 'Evaluation', 'Finding', 'FindingEvent', 'ObjectState', 'ObjectChange', 'WebhookEvent'];
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = (await sql.query(`SELECT count(*)::int AS n FROM "${t}"`)).rows[0].n;
  return out;
}

/**
 * What the cluster's history says, without ids or wall-clock times: two databases that went
 * through the same snapshots must give equal dumps, however many times jobs ran.
 */
export async function historyOf(sql: pg.Pool, clusterId: string) {
  const q = async (text: string) => (await sql.query(text, [clusterId])).rows;
  return {
    findings: await q(`SELECT fingerprint, status, severity, "firstSeenAt", "lastSeenAt", "resolvedAt",
        "resolutionReason", "reopenCount", message FROM "Finding" WHERE "clusterId" = $1 ORDER BY fingerprint`),
    events: await q(`SELECT f.fingerprint, e.type, e.reason, e.at, e."closedAt", c."objectKey" AS cause
        FROM "FindingEvent" e JOIN "Finding" f ON f.id = e."findingId" LEFT JOIN "ObjectChange" c ON c.id = e."causeChangeId"
        WHERE e."clusterId" = $1 ORDER BY e.at, f.fingerprint, e.type`),
    evaluations: await q(`SELECT s."externalId", e."collectedAt", e.score, e.critical, e.high, e.medium, e.low, e.info,
        e.opened, e.resolved, e.reopened FROM "Evaluation" e JOIN "Snapshot" s ON s.id = e."snapshotId"
        WHERE e."clusterId" = $1 ORDER BY e."collectedAt"`),
    objects: await q(
      `SELECT "objectKey", hash, "firstSeenAt", "updatedAt" FROM "ObjectState" WHERE "clusterId" = $1 ORDER BY "objectKey"`,
    ),
    changes: await q(
      `SELECT "objectKey", type, diff, at FROM "ObjectChange" WHERE "clusterId" = $1 ORDER BY at, "objectKey"`,
    ),
    snapshots: await q(`SELECT "externalId", status FROM "Snapshot" WHERE "clusterId" = $1 ORDER BY "externalId"`),
  };
}

/** Pushes scripted snapshots as the cluster's agent, each waited for until evaluated. */
export const pusher =
  (ctx: TestContext, clusterId: string, agentToken: string) =>
  async (at: string, manifests: object[]): Promise<void> => {
    const s = snapshotOf(manifests as Obj[], at);
    expect((await post(ctx.url, agentToken, s)).status).toBe(202);
    expect(await settled(ctx.sql, clusterId, s.snapshotId)).toBe('EVALUATED');
  };

/** Waits until every outbox event is fanned out and every delivery settled (none pending or retrying). */
export const alertsSettled = (ctx: TestContext) =>
  eventually(async () => {
    const { rows } = await ctx.sql.query(
      `SELECT (SELECT count(*) FROM "WebhookEvent" WHERE "dispatchedAt" IS NULL)::int
            + (SELECT count(*) FROM "WebhookDelivery" WHERE status IN ('PENDING', 'FAILED'))::int AS n`,
    );
    return rows[0].n === 0 ? true : undefined;
  }, 'alerts to settle');

/** A new organisation with a cluster, its owner's GraphQL client, and `push` for scripted snapshots. */
export async function tenantWithCluster(ctx: TestContext) {
  const { organizationId, ownerKey } = await ctx.newOrg();
  const { clusterId, agentToken } = await ctx.newCluster(organizationId);
  return { organizationId, clusterId, client: clientFor(ctx.url, ownerKey), push: pusher(ctx, clusterId, agentToken) };
}

/**
 * A new organisation's cluster whose alerts go to `receiverUrl`, and `at(minute)`: a time that
 * many minutes into the past hour, for snapshots' collectedAt.
 */
export async function alertingCluster(ctx: TestContext, receiverUrl: string) {
  const { organizationId, ownerKey } = await ctx.newOrg();
  const { clusterId, agentToken } = await ctx.newCluster(organizationId);
  await clientFor(ctx.url, ownerKey).request(
    'mutation ($url: String!) { createWebhookEndpoint(input: { url: $url }) { endpoint { id } } }',
    { url: receiverUrl },
  );
  const start = Date.now() - 3_600_000;
  return { clusterId, agentToken, at: (minute: number) => new Date(start + minute * 60_000).toISOString() };
}
