-- Each evaluation counts the object changes it recorded, so drift's counts over a window add up
-- a few thousand evaluations instead of counting tens of thousands of changes row by row.
ALTER TABLE "Evaluation" ADD COLUMN     "added" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "modified" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "removed" INTEGER NOT NULL DEFAULT 0;

-- Evaluations made before this release: counted from the changes they recorded.
UPDATE "Evaluation" e
SET added = c.added, modified = c.modified, removed = c.removed
FROM (
  SELECT "evaluationId",
         count(*) FILTER (WHERE type = 'ADDED')::int AS added,
         count(*) FILTER (WHERE type = 'MODIFIED')::int AS modified,
         count(*) FILTER (WHERE type = 'REMOVED')::int AS removed
  FROM "ObjectChange"
  GROUP BY "evaluationId"
) c
WHERE e.id = c."evaluationId";
