import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { createEmptyDatabase } from '@kubeward/harness';
import { PARTITIONED_TABLES, uuidTime } from '../apps/api/src/infra/partitions/partition-plan';
import { MIGRATIONS_DIR, migrate, readMigrations } from '../apps/api/src/infra/prisma/migrator';

const PARTITIONING = '20261130233000_partitioned_history';
const DAY = 86_400_000;

/** A UUIDv7 of a given millisecond (random otherwise), as the application makes them. */
function uuid7At(ms: number): string {
  const hex = ms.toString(16).padStart(12, '0') + '7' + randomUUID().replace(/-/g, '').slice(13);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The migrations before `name`, in a directory of their own: a database as the previous release left it. */
function migrationsBefore(name: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubeward-migrations-'));
  for (const m of readMigrations()) {
    if (m.name >= name) break;
    cpSync(path.join(MIGRATIONS_DIR, m.name), path.join(dir, m.name), { recursive: true });
  }
  cpSync(path.join(MIGRATIONS_DIR, 'migration_lock.toml'), path.join(dir, 'migration_lock.toml'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** History as the previous schema held it: a snapshot of 40 days ago and one of now, and all that follows from them. */
async function writeOldHistory(client: pg.Client, now: number) {
  const id = (msAgo: number) => uuid7At(now - msAgo);
  const ids = {
    org: id(50 * DAY),
    cluster: id(50 * DAY),
    oldSnapshot: id(40 * DAY),
    newSnapshot: id(0),
    evaluation: id(40 * DAY),
    finding: id(40 * DAY),
    change: id(40 * DAY),
    event: id(40 * DAY),
    endpoint: id(45 * DAY),
    alert: id(40 * DAY),
    delivery: id(40 * DAY),
    attempt: id(40 * DAY),
    audit: id(45 * DAY),
  };
  const q = (sql: string, values: unknown[]) => client.query(sql, values);
  await q(`INSERT INTO "Organization" (id, name, slug) VALUES ($1, 'Acme', 'acme')`, [ids.org]);
  await q(`INSERT INTO "Cluster" (id, "organizationId", name) VALUES ($1, $2, 'prod')`, [ids.cluster, ids.org]);
  await q(
    `INSERT INTO "Snapshot" (id, "organizationId", "clusterId", "externalId", "schemaVersion", "contentHash", "collectedAt",
       "receivedAt", "sizeBytes", payload, status)
     VALUES ($1, $3, $4, 'agent-old', 1, 'h1', now() - interval '40 days', now() - interval '40 days', 10, NULL, 'EVALUATED'),
            ($2, $3, $4, 'agent-new', 1, 'h2', now(), now(), 12, '\\x1f8b0102'::bytea, 'QUEUED')`,
    [ids.oldSnapshot, ids.newSnapshot, ids.org, ids.cluster],
  );
  await q(
    `INSERT INTO "Evaluation" (id, "organizationId", "clusterId", "snapshotId", "collectedAt", "durationMs", score,
       critical, high, medium, low, info, opened, resolved, reopened)
     VALUES ($1, $2, $3, $4, now() - interval '40 days', 7, 88.5, 0, 1, 0, 0, 0, 1, 0, 0)`,
    [ids.evaluation, ids.org, ids.cluster, ids.oldSnapshot],
  );
  await q(
    `INSERT INTO "Finding" (id, "organizationId", "clusterId", fingerprint, "ruleId", severity, status, "resourceKind",
       "resourceName", message, "firstSeenAt", "lastSeenAt")
     VALUES ($1, $2, $3, 'fp', 'privileged-container', 'HIGH', 'OPEN', 'Deployment', 'web', 'privileged', now(), now())`,
    [ids.finding, ids.org, ids.cluster],
  );
  await q(
    `INSERT INTO "ObjectChange" (id, "organizationId", "clusterId", "evaluationId", "objectKey", kind, name, type, diff, at)
     VALUES ($1, $2, $3, $4, 'Deployment/default/web', 'Deployment', 'web', 'MODIFIED', '[{"path":"a","before":1,"after":2}]', now())`,
    [ids.change, ids.org, ids.cluster, ids.evaluation],
  );
  await q(
    `INSERT INTO "FindingEvent" (id, "organizationId", "clusterId", "findingId", "evaluationId", type, severity, at, "causeChangeId")
     VALUES ($1, $2, $3, $4, $5, 'OPENED', 'HIGH', now() - interval '40 days', $6)`,
    [ids.event, ids.org, ids.cluster, ids.finding, ids.evaluation, ids.change],
  );
  await q(
    `INSERT INTO "WebhookEndpoint" (id, "organizationId", url, "eventTypes", "secretCiphertext")
     VALUES ($1, $2, 'https://hooks.example.com/k', '{evaluation}', 'x')`,
    [ids.endpoint, ids.org],
  );
  await q(
    `INSERT INTO "WebhookEvent" (id, "organizationId", "clusterId", "evaluationId", type, payload, "dispatchedAt")
     VALUES ($1, $2, $3, $4, 'evaluation', '{"score":88.5}', now())`,
    [ids.alert, ids.org, ids.cluster, ids.evaluation],
  );
  await q(
    `INSERT INTO "WebhookDelivery" (id, "organizationId", "endpointId", "eventId", "messageId", payload, status, attempts)
     VALUES ($1, $2, $3, $4, 'msg_1', '{"type":"evaluation"}', 'SUCCEEDED', 1)`,
    [ids.delivery, ids.org, ids.endpoint, ids.alert],
  );
  await q(
    `INSERT INTO "WebhookDeliveryAttempt" (id, "deliveryId", "statusCode", "latencyMs") VALUES ($1, $2, 200, 31)`,
    [ids.attempt, ids.delivery],
  );
  await q(
    `INSERT INTO "AuditLog" (id, "organizationId", "actorType", action, details) VALUES ($1, $2, 'OPERATOR', 'cluster.register', '{"name":"prod"}')`,
    [ids.audit, ids.org],
  );
  return ids;
}

/** A database as the previous release left it, holding its history; dropped after `test`. */
async function withPreviousRelease(
  server: string,
  test: (db: { url: string }, client: pg.Client, ids: Awaited<ReturnType<typeof writeOldHistory>>) => Promise<void>,
): Promise<void> {
  const previous = migrationsBefore(PARTITIONING);
  const db = await createEmptyDatabase(server);
  const client = new pg.Client({ connectionString: db.url });
  try {
    await migrate(db.url, previous.dir);
    await client.connect();
    await test(db, client, await writeOldHistory(client, Date.now()));
  } finally {
    await client.end().catch(() => undefined);
    await db.drop();
    previous.remove();
  }
}

describe('upgrading a database of the previous release to partitioned history', () => {
  const server = inject('postgresUrl');

  it('moves every row into the partition of its time and the payload into its own table', () =>
    withPreviousRelease(server, async (db, client, ids) => {
      const result = await migrate(db.url);
      expect(result.applied[0]).toBe(PARTITIONING);

      const one = async (sql: string, values: unknown[] = []) => (await client.query(sql, values)).rows[0];
      // Rows keep their values, and each sits in the partition of the time its id carries.
      const where = async (table: string, id: string) =>
        (await one(`SELECT tableoid::regclass::text AS p FROM "${table}" WHERE id = $1`, [id]))?.p as string;
      const month = (id: string) => uuidTime(id).toISOString().slice(0, 7).replace('-', '');
      for (const [table, id] of [
        ['Snapshot', ids.oldSnapshot],
        ['Snapshot', ids.newSnapshot],
        ['Evaluation', ids.evaluation],
        ['FindingEvent', ids.event],
        ['ObjectChange', ids.change],
        ['WebhookEvent', ids.alert],
        ['WebhookDelivery', ids.delivery],
        ['WebhookDeliveryAttempt', ids.attempt],
        ['AuditLog', ids.audit],
      ] as const) {
        expect(await where(table, id)).toBe(`"${table}_p${month(id)}"`);
      }
      expect(
        await one(`SELECT "externalId", status::text, "sizeBytes" FROM "Snapshot" WHERE id = $1`, [ids.newSnapshot]),
      ).toEqual({
        externalId: 'agent-new',
        status: 'QUEUED',
        sizeBytes: 12,
      });
      // The object changes it recorded are counted on it (drift adds those counts up).
      expect(
        await one(`SELECT score, "snapshotId", added, modified, removed FROM "Evaluation" WHERE id = $1`, [
          ids.evaluation,
        ]),
      ).toEqual({ score: 88.5, snapshotId: ids.oldSnapshot, added: 0, modified: 1, removed: 0 });
      expect(await one(`SELECT "causeChangeId", "findingId" FROM "FindingEvent" WHERE id = $1`, [ids.event])).toEqual({
        causeChangeId: ids.change,
        findingId: ids.finding,
      });
      expect((await one(`SELECT diff FROM "ObjectChange" WHERE id = $1`, [ids.change])).diff).toEqual([
        { path: 'a', before: 1, after: 2 },
      ]);
      expect(await one(`SELECT "latencyMs", "deliveryId" FROM "WebhookDeliveryAttempt"`)).toEqual({
        latencyMs: 31,
        deliveryId: ids.delivery,
      });

      // Only the payload that was still held moved, to the day of its snapshot.
      const payloads = await client.query(
        `SELECT "snapshotId", "clusterId", payload, tableoid::regclass::text AS p FROM "SnapshotPayload"`,
      );
      const day = uuidTime(ids.newSnapshot).toISOString().slice(0, 10).replace(/-/g, '');
      expect(payloads.rows).toEqual([
        {
          snapshotId: ids.newSnapshot,
          clusterId: ids.cluster,
          payload: Buffer.from([0x1f, 0x8b, 1, 2]),
          p: `"SnapshotPayload_p${day}"`,
        },
      ]);

      const partitioned = await client.query<{ t: string; key: string }>(
        `SELECT c.relname AS t, pg_get_partkeydef(c.oid) AS key FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid ORDER BY 1`,
      );
      expect(partitioned.rows).toEqual(
        PARTITIONED_TABLES.map((t) => ({
          t: t.table,
          key: t.table === 'SnapshotPayload' ? 'RANGE ("snapshotId")' : 'RANGE (id)',
        })).sort((a, b) => a.t.localeCompare(b.t)),
      );
      expect((await client.query(`SELECT 1 FROM pg_class WHERE relname LIKE '%_unpartitioned'`)).rowCount).toBe(0);

      // New rows of now land too, and the organisation's deletion still finds its audit trail by index.
      await client.query(
        `INSERT INTO "AuditLog" (id, "organizationId", "actorType", action) VALUES (kubeward_uuid7(now()), $1, 'SYSTEM', 'x')`,
        [ids.org],
      );
      expect((await one(`SELECT count(*)::int AS n FROM "AuditLog" WHERE "organizationId" = $1`, [ids.org])).n).toBe(2);
    }));

  it('refuses, naming the table and the row, a history id that is not a UUIDv7, and changes nothing', () =>
    withPreviousRelease(server, async (db, client, ids) => {
      const stranger = randomUUID();
      await client.query(
        `INSERT INTO "AuditLog" (id, "organizationId", "actorType", action) VALUES ($1, $2, 'SYSTEM', 'x')`,
        [stranger, ids.org],
      );

      await expect(migrate(db.url)).rejects.toThrow(
        new RegExp(`${PARTITIONING} failed: table AuditLog holds id ${stranger} which is not a UUIDv7`),
      );
      const kind = await client.query(`SELECT relkind::text AS k FROM pg_class WHERE relname = 'Snapshot'`);
      expect(kind.rows).toEqual([{ k: 'r' }]);
      expect(
        (await client.query(`SELECT payload FROM "Snapshot" WHERE id = $1`, [ids.newSnapshot])).rows[0].payload,
      ).toEqual(Buffer.from([0x1f, 0x8b, 1, 2]));
    }));
});
