/** What `seedHistory` writes for one cluster. */
export interface HistoryShape {
  /** Evaluated snapshots (and one evaluation each), five minutes apart going back from now. */
  snapshots: number;
  /** Object changes per evaluation. */
  changesPerSnapshot: number;
  /** Findings of the cluster (resolved). */
  findings: number;
  /** Finding events per evaluation (at most `findings`); one in four caused by an object change. */
  eventsPerSnapshot: number;
  /** Object states. */
  objects: number;
  /** Alerts about the cluster, each delivered once to one endpoint with one attempt logged. */
  alerts: number;
}

/** A month of five-minute snapshots with 20 object changes each: the history issue 14 measured deletes against. */
export const MONTH_OF_HISTORY: HistoryShape = {
  snapshots: 8_640,
  changesPerSnapshot: 20,
  findings: 5_000,
  eventsPerSnapshot: 5,
  objects: 2_000,
  alerts: 500,
};

interface Queryable {
  query(text: string, values?: unknown[]): Promise<unknown>;
}

/**
 * Writes a cluster's history directly in SQL (an agent would take days to build it), in the shape
 * the evaluator writes: for tests and benchmarks of what history costs (deleting, retention,
 * queries). History rows get UUIDv7 ids of their own time, so each lands in the partition of
 * that time, which must exist (the migrations create a month back). Each statement stands alone,
 * so a pool's connections may take turns. Returns the rows written, delivery attempts aside (they
 * go with their delivery).
 */
export async function seedHistory(
  db: Queryable,
  organizationId: string,
  clusterId: string,
  shape: HistoryShape,
): Promise<number> {
  const { snapshots: s, changesPerSnapshot: c, findings: f, eventsPerSnapshot: e, objects: o, alerts: a } = shape;
  if (e > f) throw new Error('eventsPerSnapshot must not exceed findings (one event per finding per evaluation)');
  const q = (text: string) => db.query(text, [organizationId, clusterId]);
  const evals = `evals AS (SELECT id, "collectedAt", row_number() OVER (ORDER BY id) - 1 AS n FROM "Evaluation"
                  WHERE "clusterId" = $2::uuid)`;
  const finds = `finds AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM "Finding"
                  WHERE "clusterId" = $2::uuid AND message = 'seeded')`;
  await q(`INSERT INTO "Snapshot" (id, "organizationId", "clusterId", "externalId", "schemaVersion", "contentHash",
             "collectedAt", "sizeBytes", status)
           SELECT kubeward_uuid7(t), $1::uuid, $2::uuid, 'seed-' || i, 1, md5(i::text), t, 100, 'EVALUATED'
           FROM generate_series(1, ${s}) i, LATERAL (SELECT now() - i * interval '5 minutes' AS t) at`);
  await q(`INSERT INTO "Evaluation" (id, "organizationId", "clusterId", "snapshotId", "collectedAt", "durationMs", score,
             critical, high, medium, low, info, opened, resolved, reopened, modified)
           SELECT kubeward_uuid7("collectedAt"), $1::uuid, $2::uuid, id, "collectedAt", 1, 50, 0, 1, 0, 0, 0, ${e}, 0, 0, ${c}
           FROM "Snapshot" WHERE "clusterId" = $2::uuid AND "externalId" LIKE 'seed-%'`);
  await q(`INSERT INTO "Finding" (id, "organizationId", "clusterId", fingerprint, "ruleId", severity, status,
             "resourceKind", "resourceName", message, "firstSeenAt", "lastSeenAt")
           SELECT gen_random_uuid(), $1::uuid, $2::uuid, md5('seed' || i), 'privileged-container', 'HIGH', 'RESOLVED', 'Deployment',
             'w' || i, 'seeded', now(), now()
           FROM generate_series(0, ${f - 1}) i`);
  await q(`WITH ${evals}
           INSERT INTO "ObjectChange" (id, "organizationId", "clusterId", "evaluationId", "objectKey", kind, name, type, at)
           SELECT kubeward_uuid7(e."collectedAt"), $1::uuid, $2::uuid, e.id, 'Deployment/shop/w' || i, 'Deployment', 'w' || i,
             'MODIFIED', e."collectedAt"
           FROM generate_series(0, ${s * c - 1}) i JOIN evals e ON e.n = i / ${c}`);
  // Each evaluation's first change is the cause of every fourth event (one pass over the changes).
  await q(`WITH ${evals}, ${finds},
             firsts AS (SELECT DISTINCT ON ("evaluationId") "evaluationId", id FROM "ObjectChange"
                        WHERE "clusterId" = $2::uuid ORDER BY "evaluationId", id)
           INSERT INTO "FindingEvent" (id, "organizationId", "clusterId", "findingId", "evaluationId", type, severity, at,
             "causeChangeId")
           SELECT kubeward_uuid7(e."collectedAt"), $1::uuid, $2::uuid, f.id, e.id, 'OPENED', 'HIGH', e."collectedAt",
             CASE WHEN i % 4 = 0 THEN c.id END
           FROM generate_series(0, ${s * e - 1}) i JOIN evals e ON e.n = i / ${e} JOIN finds f ON f.n = i % ${f}
             LEFT JOIN firsts c ON c."evaluationId" = e.id`);
  await q(`INSERT INTO "ObjectState" (id, "organizationId", "clusterId", "objectKey", kind, name, hash, body, "firstSeenAt",
             "updatedAt")
           SELECT gen_random_uuid(), $1::uuid, $2::uuid, 'Deployment/shop/s' || i, 'Deployment', 's' || i, md5(i::text), '{}', now(), now()
           FROM generate_series(0, ${o - 1}) i`);
  await q(`INSERT INTO "WebhookEndpoint" (id, "organizationId", url, "eventTypes", "secretCiphertext")
           SELECT gen_random_uuid(), $1::uuid, 'https://hooks.example.com/seed-' || $2::text, '{evaluation}', 'x'`);
  await q(`INSERT INTO "WebhookEvent" (id, "organizationId", "clusterId", type, payload, "dispatchedAt")
           SELECT kubeward_uuid7(now()), $1::uuid, $2::uuid, 'evaluation', '{}', now() FROM generate_series(1, ${a})`);
  await q(`INSERT INTO "WebhookDelivery" (id, "organizationId", "endpointId", "eventId", "messageId", payload, status, attempts)
           SELECT kubeward_uuid7(now()), $1::uuid, p.id, e.id, 'msg_' || e.id, '{}', 'SUCCEEDED', 1
           FROM "WebhookEvent" e JOIN "WebhookEndpoint" p ON p."organizationId" = e."organizationId"
             AND p.url = 'https://hooks.example.com/seed-' || $2::text
           WHERE e."clusterId" = $2::uuid`);
  await q(`INSERT INTO "WebhookDeliveryAttempt" (id, "deliveryId", "statusCode", "latencyMs")
           SELECT kubeward_uuid7(now()), d.id, 200, 5 FROM "WebhookDelivery" d JOIN "WebhookEvent" e ON e.id = d."eventId"
           WHERE e."clusterId" = $2::uuid AND e."organizationId" = $1::uuid`);
  // Findings and object states written behind the workers' backs: no worker's copy of the old ones holds.
  await q(`UPDATE "Cluster" SET "lastEvaluationId" = NULL WHERE id = $2::uuid AND "organizationId" = $1::uuid`);
  return s * 2 + f + s * c + s * e + o + a * 2;
}
