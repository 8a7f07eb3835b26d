import { RULES } from '@kubeward/rules';
import type pg from 'pg';

/** What `seedFindings` writes for each cluster. */
export interface SeedShape {
  /** Open and resolved findings per cluster. */
  findingsPerCluster: number;
  /** Hourly evaluations per cluster, ending at `end`. */
  hours: number;
  /** The last evaluation's time (the start of today suits: partitions exist from a month back). */
  end: Date;
}

/**
 * A cluster's history in SQL (the write path is bench:pipeline's business): hourly snapshots and
 * evaluations, findings of every rule opening hour by hour (30% of those before the last day
 * resolving a day later), their OPENED and RESOLVED events, 10 object changes per evaluation;
 * then each cluster points at its newest evaluation, as the evaluator leaves it. VACUUM ANALYZE at the end.
 */
export async function seedFindings(
  db: pg.Pool,
  clusters: { organizationId: string; clusterId: string }[],
  shape: SeedShape,
): Promise<void> {
  const { hours: HOURS, findingsPerCluster: FINDINGS_PER_CLUSTER, end: END } = shape;
  /** Which findings (by index i) resolve during the week. */
  const RESOLVES = `i % 10 < 3 AND i % ${HOURS} < ${HOURS - 24}`;
  const rules = RULES.map((r) => r.id);
  for (const { organizationId: org, clusterId: cluster } of clusters) {
    const client = await db.connect();
    try {
      await client.query('BEGIN');
      const params = [org, cluster, END.toISOString()];
      await client.query(
        `INSERT INTO "Snapshot" (id, "organizationId", "clusterId", "externalId", "schemaVersion", "contentHash",
                                 "collectedAt", "sizeBytes", status)
         SELECT kubeward_uuid7(t), $1, $2, 'bench-' || h, 1, md5(h::text), t AT TIME ZONE 'UTC', 0, 'EVALUATED'
         FROM generate_series(0, ${HOURS - 1}) h,
              LATERAL (SELECT $3::timestamptz - (${HOURS - 1} - h) * interval '1 hour' AS t) at`,
        params,
      );
      await client.query(
        `INSERT INTO "Evaluation" (id, "organizationId", "clusterId", "snapshotId", "collectedAt", "durationMs", score,
                                   critical, high, medium, low, info, opened, resolved, reopened, modified)
         SELECT kubeward_uuid7(s."collectedAt" AT TIME ZONE 'UTC'), $1, $2, s.id, s."collectedAt", 900, 60 + random() * 20, 5, 50, 500, 1000, 100, 60, 18, 0, 10
         FROM "Snapshot" s WHERE s."clusterId" = $2`,
        params.slice(0, 2),
      );
      // Finding i opens at hour (i mod 168) of the week; 30% of those opened before the last day resolve
      // 24 hours later.
      await client.query(
        `INSERT INTO "Finding" (id, "organizationId", "clusterId", fingerprint, "ruleId", severity, status,
                                "resourceKind", "resourceNamespace", "resourceName", container, message, paths,
                                platform, "firstSeenAt", "lastSeenAt", "resolvedAt", "resolutionReason")
         SELECT gen_random_uuid(), $1, $2, 'fp-' || i, ($4::text[])[1 + i % ${rules.length}],
                (ARRAY['INFO','LOW','MEDIUM','HIGH','CRITICAL'])[1 + (i * 7) % 5]::"Severity",
                CASE WHEN ${RESOLVES} THEN 'RESOLVED' ELSE 'OPEN' END::"FindingStatus",
                'Deployment', 'ns-' || (i % 50), 'app-' || (i / 5), 'c' || (i % 5),
                'Deployment ns/app: container "c" does something it should not. Change it.',
                '["spec.template.spec.containers[0].securityContext"]'::jsonb, i % 20 = 0, o.at, o.at,
                CASE WHEN ${RESOLVES} THEN o.at + interval '24 hours' END,
                CASE WHEN ${RESOLVES} THEN 'FIXED'::"ResolutionReason" END
         FROM generate_series(0, ${FINDINGS_PER_CLUSTER - 1}) i,
              LATERAL (SELECT ($3::timestamptz AT TIME ZONE 'UTC') - (${HOURS - 1} - i % ${HOURS}) * interval '1 hour' AS at) o`,
        [...params, rules],
      );
      await client.query(
        `INSERT INTO "FindingEvent" (id, "organizationId", "clusterId", "findingId", "evaluationId", type, severity, at, "closedAt")
         SELECT kubeward_uuid7(e."collectedAt" AT TIME ZONE 'UTC'), f."organizationId", f."clusterId", f.id, e.id, 'OPENED',
                f.severity, f."firstSeenAt", f."resolvedAt"
         FROM "Finding" f JOIN "Evaluation" e ON e."clusterId" = f."clusterId" AND e."collectedAt" = f."firstSeenAt"
         WHERE f."clusterId" = $1`,
        [cluster],
      );
      await client.query(
        `INSERT INTO "FindingEvent" (id, "organizationId", "clusterId", "findingId", "evaluationId", type, reason, severity, at)
         SELECT kubeward_uuid7(e."collectedAt" AT TIME ZONE 'UTC'), f."organizationId", f."clusterId", f.id, e.id, 'RESOLVED',
                'FIXED', f.severity, f."resolvedAt"
         FROM "Finding" f JOIN "Evaluation" e ON e."clusterId" = f."clusterId" AND e."collectedAt" = f."resolvedAt"
         WHERE f."clusterId" = $1 AND f.status = 'RESOLVED'`,
        [cluster],
      );
      await client.query(
        `INSERT INTO "ObjectChange" (id, "organizationId", "clusterId", "evaluationId", "objectKey", kind, namespace, name, type, diff, at)
         SELECT kubeward_uuid7(e."collectedAt" AT TIME ZONE 'UTC'), e."organizationId", e."clusterId", e.id,
                'Deployment/ns-' || j || '/app-' || j,
                'Deployment', 'ns-' || j, 'app-' || j, 'MODIFIED',
                '[{"path":"spec.template.spec.containers[name=c].image","before":"a:1","after":"a:2"}]'::jsonb, e."collectedAt"
         FROM "Evaluation" e, generate_series(0, 9) j WHERE e."clusterId" = $1`,
        [cluster],
      );
      // The newest evaluation's per-rule counts, as the evaluator writes them (the overview reads these).
      await client.query(
        `UPDATE "Evaluation" e SET "ruleCounts" = r.counts
         FROM (SELECT jsonb_object_agg("ruleId", c) AS counts FROM (
                 SELECT "ruleId", jsonb_build_array(count(*) FILTER (WHERE severity = 'CRITICAL'),
                          count(*) FILTER (WHERE severity = 'HIGH'), count(*) FILTER (WHERE severity = 'MEDIUM'),
                          count(*) FILTER (WHERE severity = 'LOW'), count(*) FILTER (WHERE severity = 'INFO')) AS c
                 FROM "Finding" WHERE "clusterId" = $1 AND status = 'OPEN' GROUP BY "ruleId") per_rule) r
         WHERE e.id = (SELECT id FROM "Evaluation" WHERE "clusterId" = $1 ORDER BY "collectedAt" DESC LIMIT 1)`,
        [cluster],
      );
      await client.query(
        `UPDATE "Cluster" c SET "lastEvaluationId" = e.id, "currentScore" = e.score, "lastSnapshotAt" = e."collectedAt",
                "evaluatedUpTo" = e."collectedAt"
         FROM (SELECT id, score, "collectedAt" FROM "Evaluation" WHERE "clusterId" = $1 ORDER BY "collectedAt" DESC LIMIT 1) e
         WHERE c.id = $1`,
        [cluster],
      );
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  }
  await db.query('VACUUM ANALYZE');
}
