-- ObjectState rows are rewritten in place whenever their object changes (its hash, body and
-- updatedAt, none of them indexed). Free space on each page lets PostgreSQL make those HOT
-- updates and prune old versions without waiting for autovacuum, so the table stops growing
-- with the number of changes. (Prisma's schema cannot express storage parameters.)
ALTER TABLE "ObjectState" SET (fillfactor = 70);
