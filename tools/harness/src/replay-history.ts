/** What `replayHistory` builds. */
export interface ReplayOptions {
  organizationId: string;
  /** The cluster that gets the history. */
  clusterId: string;
  /** A cluster whose newest evaluations, made by the real pipeline, are replayed. */
  templateClusterId: string;
  /** How many of the template's newest evaluations make one block of replayed history. */
  templateEvaluations: number;
  /** The replayed history ends five minutes before this (the cluster's first real snapshot). */
  before: Date;
  /** Days of history. */
  days: number;
  /** Minutes between snapshots; five by default. */
  cadenceMinutes?: number;
}

/** Rows written, per table. */
export type ReplayCounts = Record<'Snapshot' | 'Evaluation' | 'ObjectChange' | 'FindingEvent' | 'Finding', number>;

interface Session {
  query(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[]; rowCount: number | null }>;
}

/** Tables whose history is replayed, all partitioned by month of their UUIDv7 id. */
const MONTHLY = ['Snapshot', 'Evaluation', 'ObjectChange', 'FindingEvent'];

/**
 * Builds days or a year of one cluster's history in minutes, at the density the real pipeline
 * writes it: the template cluster's newest evaluations (made by the real API and worker from
 * churning snapshots, with their snapshots, object changes with their diffs, and finding events
 * with their causes) are copied back in time, block after block, one snapshot every five minutes,
 * each row with a UUIDv7 id of its new time (so it lands in that time's partition, created here
 * if missing, named and bounded as the partition upkeep names and bounds them). Each block gets
 * its own copies of the findings its events concern, resolved by the block's end: a cluster that
 * keeps replacing workloads keeps accumulating resolved findings, and an old cluster holds them.
 *
 * Needs one connection of its own (it uses temporary tables). Not for production data.
 */
export async function replayHistory(db: Session, options: ReplayOptions): Promise<ReplayCounts> {
  const cadence = options.cadenceMinutes ?? 5;
  const slots = Math.floor((options.days * 1440) / cadence);
  const k = options.templateEvaluations;
  const start = new Date(options.before.getTime() - slots * cadence * 60_000);
  // Prisma's timestamps have no zone: read and written as UTC.
  await db.query(`SET TIME ZONE 'UTC'`);
  await addMonthlyPartitions(db, start, options.before);

  for (const t of ['replay_template', 'replay_tpl_change', 'replay_tpl_event'])
    await db.query(`DROP TABLE IF EXISTS ${t}`);
  // The template, read once: its evaluations (numbered 0…k-1 in time order), their changes and events.
  await db.query(
    `CREATE TEMP TABLE replay_template AS
       SELECT id, "snapshotId", "collectedAt", (row_number() OVER (ORDER BY "collectedAt", id) - 1)::int AS k
       FROM (SELECT * FROM "Evaluation" WHERE "clusterId" = $1::uuid ORDER BY "collectedAt" DESC, id DESC LIMIT $2) e`,
    [options.templateClusterId, k],
  );
  const { rows } = await db.query('SELECT count(*)::int AS n FROM replay_template');
  if (Number(rows[0]!.n) !== k)
    throw new Error(`the template cluster has ${String(rows[0]!.n)} evaluations, not the ${k} asked for`);
  await db.query(
    `CREATE TEMP TABLE replay_tpl_change AS
       SELECT c.* FROM replay_template t JOIN "ObjectChange" c ON c."evaluationId" = t.id`,
  );
  await db.query(
    `CREATE TEMP TABLE replay_tpl_event AS
       SELECT e.* FROM replay_template t JOIN "FindingEvent" e ON e."evaluationId" = t.id`,
  );
  await db.query('ANALYZE replay_template, replay_tpl_change, replay_tpl_event');

  const counts: ReplayCounts = { Snapshot: 0, Evaluation: 0, ObjectChange: 0, FindingEvent: 0, Finding: 0 };
  const add = (table: keyof ReplayCounts, r: { rowCount: number | null }) => (counts[table] += r.rowCount ?? 0);
  // Slot j is at start + j·cadence and replays template evaluation j mod k; block j div k has its
  // own findings. A month of slots (whole blocks) per transaction, a few statements each.
  const chunk = k * Math.ceil(8_640 / k);
  for (let first = 0; first < slots; first += chunk) {
    const last = Math.min(first + chunk, slots) - 1;
    await db.query('BEGIN');
    try {
      await db.query(
        `CREATE TEMP TABLE replay_slot ON COMMIT DROP AS
           SELECT j, j / $5::int AS block, t, t - tpl."collectedAt" AS shift, tpl.id AS template_evaluation,
                  tpl."snapshotId" AS template_snapshot, kubeward_uuid7(t) AS evaluation_id, kubeward_uuid7(t) AS snapshot_id,
                  least($1::timestamptz + ((j / $5::int) + 1) * $5::int * ($2::int * interval '1 minute'), $6::timestamptz) AS block_end
           FROM generate_series($3::int, $4::int) j
           CROSS JOIN LATERAL (SELECT $1::timestamptz + j * ($2::int * interval '1 minute') AS t) at
           JOIN replay_template tpl ON tpl.k = j % $5::int`,
        [
          start.toISOString(),
          cadence,
          first,
          last,
          k,
          new Date(start.getTime() + slots * cadence * 60_000).toISOString(),
        ],
      );
      await db.query('ANALYZE replay_slot');
      const p = [options.organizationId, options.clusterId];
      add(
        'Snapshot',
        await db.query(
          `INSERT INTO "Snapshot" (id, "organizationId", "clusterId", "externalId", "schemaVersion", "agentVersion",
             "contentHash", "collectedAt", "receivedAt", "sizeBytes", status)
           SELECT r.snapshot_id, $1::uuid, $2::uuid, 'replay-' || r.j, s."schemaVersion", s."agentVersion", s."contentHash",
             r.t, r.t, s."sizeBytes", 'EVALUATED'
           FROM replay_slot r JOIN "Snapshot" s ON s.id = r.template_snapshot`,
          p,
        ),
      );
      add(
        'Evaluation',
        await db.query(
          `INSERT INTO "Evaluation" (id, "organizationId", "clusterId", "snapshotId", "collectedAt", "evaluatedAt",
             "durationMs", score, critical, high, medium, low, info, opened, resolved, reopened, added, modified, removed,
             "notEvaluable", "ruleErrors", "inputHash")
           SELECT r.evaluation_id, $1::uuid, $2::uuid, r.snapshot_id, r.t, e."evaluatedAt" + r.shift, e."durationMs",
             e.score, e.critical, e.high, e.medium, e.low, e.info, e.opened, e.resolved, e.reopened, e.added, e.modified,
             e.removed, e."notEvaluable", e."ruleErrors", md5(e."inputHash" || r.j)
           FROM replay_slot r JOIN "Evaluation" e ON e.id = r.template_evaluation`,
          p,
        ),
      );
      await db.query(
        `CREATE TEMP TABLE replay_change ON COMMIT DROP AS
           SELECT r.j, c.id AS old_id, kubeward_uuid7(r.t) AS new_id
           FROM replay_slot r JOIN replay_tpl_change c ON c."evaluationId" = r.template_evaluation`,
      );
      await db.query('ANALYZE replay_change');
      add(
        'ObjectChange',
        await db.query(
          `INSERT INTO "ObjectChange" (id, "organizationId", "clusterId", "evaluationId", "objectKey", kind, namespace,
             name, type, diff, at)
           SELECT m.new_id, $1::uuid, $2::uuid, r.evaluation_id, c."objectKey", c.kind, c.namespace, c.name, c.type,
             c.diff, r.t
           FROM replay_change m JOIN replay_slot r ON r.j = m.j JOIN replay_tpl_change c ON c.id = m.old_id`,
          p,
        ),
      );
      // Each block's own findings: copies of those its events concern, resolved by the block's end.
      await db.query(
        `CREATE TEMP TABLE replay_finding ON COMMIT DROP AS
           SELECT r.block, e."findingId" AS old_id, kubeward_uuid7(min(r.t)) AS new_id, min(r.t) AS first_at,
                  min(r.block_end) AS block_end
           FROM replay_slot r JOIN replay_tpl_event e ON e."evaluationId" = r.template_evaluation
           GROUP BY r.block, e."findingId"`,
      );
      await db.query('ANALYZE replay_finding');
      add(
        'Finding',
        await db.query(
          `INSERT INTO "Finding" (id, "organizationId", "clusterId", fingerprint, "ruleId", severity, status, "resourceKind",
             "resourceNamespace", "resourceName", container, message, paths, platform, "firstSeenAt", "lastSeenAt",
             "resolvedAt", "resolutionReason", "reopenCount")
           SELECT m.new_id, $1::uuid, $2::uuid, encode(sha256(convert_to(f.fingerprint || ':' || m.block, 'UTF8')), 'hex'),
             f."ruleId", f.severity, 'RESOLVED', f."resourceKind", f."resourceNamespace", f."resourceName", f.container,
             f.message, f.paths, f.platform, m.first_at, m.block_end, m.block_end,
             coalesce(f."resolutionReason", 'FIXED'), f."reopenCount"
           FROM replay_finding m JOIN "Finding" f ON f.id = m.old_id`,
          p,
        ),
      );
      add(
        'FindingEvent',
        await db.query(
          `INSERT INTO "FindingEvent" (id, "organizationId", "clusterId", "findingId", "evaluationId", type, reason,
             severity, at, "closedAt", "causeChangeId")
           SELECT kubeward_uuid7(r.t), $1::uuid, $2::uuid, f.new_id, r.evaluation_id, e.type, e.reason, e.severity, r.t,
             CASE WHEN e.type IN ('OPENED', 'REOPENED') THEN least(coalesce(e."closedAt" + r.shift, r.block_end), r.block_end) END,
             c.new_id
           FROM replay_slot r JOIN replay_tpl_event e ON e."evaluationId" = r.template_evaluation
           JOIN replay_finding f ON f.block = r.block AND f.old_id = e."findingId"
           LEFT JOIN replay_change c ON c.j = r.j AND c.old_id = e."causeChangeId"`,
          p,
        ),
      );
      await db.query('COMMIT');
    } catch (err) {
      await db.query('ROLLBACK');
      throw err;
    }
  }
  await db.query('DROP TABLE replay_template, replay_tpl_change, replay_tpl_event');
  await db.query('RESET TIME ZONE');
  // The cluster has existed as long as its history.
  await db.query(`UPDATE "Cluster" SET "createdAt" = least("createdAt", $2::timestamptz) WHERE id = $1::uuid`, [
    options.clusterId,
    start.toISOString(),
  ]);
  return counts;
}

/**
 * Monthly partitions of the history tables from `from`'s month to `to`'s, where missing, with the
 * partition upkeep's names (`Table_pYYYYMM`) and bounds (the smallest UUIDv7 of each UTC month).
 */
export async function addMonthlyPartitions(db: Session, from: Date, to: Date): Promise<void> {
  for (const table of MONTHLY) {
    await db.query(
      `DO $$
       DECLARE
         start timestamptz := date_trunc('month', '${from.toISOString()}'::timestamptz, 'UTC');
         next timestamptz;
         floor_of text := 'SELECT (lpad(to_hex(floor(extract(epoch FROM $1) * 1000)::bigint), 12, ''0'') || repeat(''0'', 20))::uuid';
         a uuid; b uuid;
       BEGIN
         WHILE start <= '${to.toISOString()}'::timestamptz LOOP
           next := (start AT TIME ZONE 'UTC' + interval '1 month') AT TIME ZONE 'UTC';
           EXECUTE floor_of INTO a USING start;
           EXECUTE floor_of INTO b USING next;
           IF to_regclass(format('%I', '${table}_p' || to_char(start AT TIME ZONE 'UTC', 'YYYYMM'))) IS NULL THEN
             EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
               '${table}_p' || to_char(start AT TIME ZONE 'UTC', 'YYYYMM'), '${table}', a, b);
           END IF;
           start := next;
         END LOOP;
       END $$`,
    );
  }
}
