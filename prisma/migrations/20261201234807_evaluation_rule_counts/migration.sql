-- AlterTable
ALTER TABLE "Evaluation" ADD COLUMN     "ruleCounts" JSONB NOT NULL DEFAULT '{}';

-- Each cluster's newest evaluation gets the counts of the findings open now (which it left open):
-- the overview reads only those, and a repeat evaluation copies them on.
WITH per_rule AS (
  SELECT f."clusterId", f."ruleId",
         jsonb_build_array(count(*) FILTER (WHERE f.severity = 'CRITICAL'), count(*) FILTER (WHERE f.severity = 'HIGH'),
                           count(*) FILTER (WHERE f.severity = 'MEDIUM'), count(*) FILTER (WHERE f.severity = 'LOW'),
                           count(*) FILTER (WHERE f.severity = 'INFO')) AS counts
  FROM "Finding" f WHERE f.status = 'OPEN' GROUP BY f."clusterId", f."ruleId"
), per_cluster AS (
  SELECT "clusterId", jsonb_object_agg("ruleId", counts) AS counts FROM per_rule GROUP BY "clusterId"
)
UPDATE "Evaluation" e SET "ruleCounts" = p.counts
FROM per_cluster p JOIN "Cluster" c ON c.id = p."clusterId"
WHERE e.id = c."lastEvaluationId";
