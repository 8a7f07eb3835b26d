-- Ingest now refuses a collectedAt more than INGEST_MAX_CLOCK_SKEW_SECONDS ahead of the server.
-- Snapshots stored before that with a future time (a wrong clock, or a hostile agent) sorted after
-- every real one, so every later snapshot of their cluster was marked STALE. Bring them back to
-- when they were received, and let their clusters take snapshots again. History already written
-- at those times stays as it was recorded.
UPDATE "Snapshot" SET "collectedAt" = "receivedAt"
WHERE "collectedAt" > "receivedAt" + interval '5 minutes';

UPDATE "Cluster" SET "evaluatedUpTo" = now()
WHERE "evaluatedUpTo" > now() + interval '5 minutes';
