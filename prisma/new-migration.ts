/**
 * `npm run db:new-migration -- <name> [--from <old schema.prisma>]` writes
 * prisma/migrations/<timestamp>_<name>/migration.sql: the SQL from the schema as last committed
 * (`git show HEAD:prisma/schema.prisma`, or --from) to the working schema.prisma — what
 * `prisma migrate dev --create-only` would write. The migrations test then proves that the
 * migrations, applied in order, build exactly what schema.prisma describes.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startPostgres } from '@kubeward/harness';
import { MIGRATIONS_DIR } from '../apps/api/src/infra/prisma/migrator';
import { diffSchemas, readSchema } from './schema-engine';

function previousSchema(from: string | undefined): string | null {
  if (from) return readSchema(from);
  const hasMigrations = existsSync(MIGRATIONS_DIR) && readdirSync(MIGRATIONS_DIR).some((d) => /^\d{14}_/.test(d));
  if (!hasMigrations) return null;
  return execFileSync('git', ['show', 'HEAD:prisma/schema.prisma'], { encoding: 'utf8' });
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { from: { type: 'string' } } });
  const name = positionals[0];
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    throw new Error('Usage: npm run db:new-migration -- <snake_case_name> [--from <old schema.prisma>]');
  }
  const server = await startPostgres();
  const sql = await diffSchemas(previousSchema(values.from), readSchema(), server.url).finally(() => server.stop());
  if (!sql.trim()) {
    console.log('No schema change: nothing to write.');
    return;
  }
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'migration.sql'), sql);
  console.log(`Wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
