import pg from 'pg';
import { inject } from 'vitest';
import { createEmptyDatabase } from '@kubeward/harness';
import { migrate, readMigrations } from '../apps/api/src/infra/prisma/migrator';
import { diffSchemas, readSchema } from './schema-engine';

/** Everything about a database's structure that a schema change can alter, as sorted lines. */
async function describeDatabase(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Partitions are left out (they repeat their table's columns, indexes and constraints), and an
    // index on a partitioned table reads as one on a plain table: the schema describes the tables.
    const notPartition = (rel: string) =>
      `NOT EXISTS (SELECT 1 FROM pg_class p WHERE p.oid = ${rel} AND p.relispartition)`;
    const queries = [
      `SELECT 'column ' || table_name || '.' || column_name || ' ' || udt_name || ' null=' || is_nullable
              || ' default=' || coalesce(column_default, '-') AS line
         FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
          AND ${notPartition(`format('%I', table_name)::regclass`)}`,
      `SELECT 'index ' || replace(indexdef, ' ON ONLY ', ' ON ') AS line FROM pg_indexes
        WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'
          AND ${notPartition(`format('%I', tablename)::regclass`)}`,
      `SELECT 'constraint ' || r.relname || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid) AS line
         FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid JOIN pg_namespace n ON n.oid = r.relnamespace
        WHERE n.nspname = 'public' AND r.relname <> '_prisma_migrations' AND NOT r.relispartition`,
      `SELECT 'enum ' || t.typname || ' ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS line
         FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`,
    ];
    const lines: string[] = [];
    for (const sql of queries) lines.push(...(await client.query<{ line: string }>(sql)).rows.map((r) => r.line));
    return lines.sort();
  } finally {
    await client.end();
  }
}

describe('prisma migrations', () => {
  const server = inject('postgresUrl');

  it('build exactly the database that schema.prisma describes', async () => {
    const fromMigrations = await createEmptyDatabase(server);
    const fromSchema = await createEmptyDatabase(server);
    try {
      await migrate(fromMigrations.url);
      const sql = await diffSchemas(null, readSchema(), fromSchema.url);
      const client = new pg.Client({ connectionString: fromSchema.url });
      await client.connect();
      await client.query(sql);
      await client.end();

      const expected = await describeDatabase(fromSchema.url);
      const actual = await describeDatabase(fromMigrations.url);
      expect(expected.length).toBeGreaterThan(100);
      // On failure: run `npm run db:new-migration -- <name>` and commit the migration it writes.
      expect(actual).toEqual(expected);
    } finally {
      await fromMigrations.drop();
      await fromSchema.drop();
    }
  });

  it('index every foreign key by an index that leads with its columns', async () => {
    // A delete on the referenced table checks (or nulls) the referencing rows: without such an
    // index, each deleted row scans the whole referencing table (deleting a cluster took minutes).
    const db = await createEmptyDatabase(server);
    try {
      await migrate(db.url);
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      const { rows } = await client.query<{ fk: string }>(`
        SELECT c.conrelid::regclass || '(' || string_agg(a.attname, ', ' ORDER BY k.n) || ') → ' || c.confrelid::regclass AS fk
        FROM pg_constraint c
        CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, n)
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
        WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
          AND NOT EXISTS (
            SELECT 1 FROM pg_index i
            WHERE i.indrelid = c.conrelid AND i.indpred IS NULL -- a partial index misses rows
              AND (i.indkey::int2[])[0:cardinality(c.conkey) - 1] @> c.conkey
              AND (i.indkey::int2[])[0:cardinality(c.conkey) - 1] <@ c.conkey)
        GROUP BY c.oid, c.conrelid, c.confrelid ORDER BY 1`);
      await client.end();
      expect(rows.map((r) => r.fk)).toEqual([]);
    } finally {
      await db.drop();
    }
  });

  it('records each migration as prisma migrate deploy does, and applies it once', async () => {
    const db = await createEmptyDatabase(server);
    try {
      const first = await migrate(db.url);
      expect(first.applied).toEqual(readMigrations().map((m) => m.name));
      const second = await migrate(db.url);
      expect(second.applied).toEqual([]);
      expect(second.alreadyApplied).toEqual(first.applied);

      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      const { rows } = await client.query(
        'SELECT migration_name, checksum, applied_steps_count, finished_at FROM "_prisma_migrations" ORDER BY migration_name',
      );
      await client.end();
      expect(rows.map((r) => [r.migration_name, r.checksum, r.applied_steps_count])).toEqual(
        readMigrations().map((m) => [m.name, m.checksum, 1]),
      );
      expect(rows.every((r) => r.finished_at instanceof Date)).toBe(true);
    } finally {
      await db.drop();
    }
  });
});
