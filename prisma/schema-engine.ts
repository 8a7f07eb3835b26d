import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';

/**
 * Prisma's schema engine compiled to WebAssembly: the engine `prisma migrate diff` runs, without
 * the native binary that cannot be downloaded here. Development tooling only: it writes migration
 * SQL from schema to schema; the API applies migrations with apps/api/src/infra/prisma/migrator.ts.
 *
 * Only datamodel-to-datamodel diffs are used: diffs that read a live database go through the pg
 * driver adapter, which (7.10) cannot decode the catalog's "char" columns.
 */
export const SCHEMA_PATH = path.resolve(__dirname, 'schema.prisma');

// Node has WebAssembly; TypeScript declares it only in the DOM lib, which this project does not load.
declare const WebAssembly: {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: Record<string, unknown> } }>;
};

interface SchemaEngine {
  diff(params: unknown): Promise<{ exitCode: number; stdout: string | null }>;
  free(): void;
}

async function loadEngine(schema: string, databaseUrl: string): Promise<SchemaEngine> {
  const require = createRequire(__filename);
  const bgPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const bindings = (await import(bgPath)) as {
    __wbg_set_wasm(exports: Record<string, unknown>): void;
    SchemaEngine: { new: (options: unknown, log: (line: string) => void, adapter: unknown) => Promise<SchemaEngine> };
  };
  const wasm = readFileSync(path.join(path.dirname(bgPath), 'schema_engine_bg.wasm'));
  const { instance } = await WebAssembly.instantiate(wasm, { './schema_engine_bg.js': bindings as never });
  bindings.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  // The engine connects at start-up even for diffs that read no database.
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString: databaseUrl }));
  return bindings.SchemaEngine.new({ datamodels: [['schema.prisma', schema]] }, () => {}, adapter);
}

const target = (schema: string | null) =>
  schema === null ? { tag: 'empty' } : { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: schema }] };

/**
 * The SQL that takes a database from the `from` datamodel (null = empty) to `to` ('' when equal).
 * `databaseUrl` must answer, though nothing is read from it.
 */
export async function diffSchemas(from: string | null, to: string, databaseUrl: string): Promise<string> {
  const engine = await loadEngine(to, databaseUrl);
  try {
    const result = await engine.diff({
      from: target(from),
      to: target(to),
      script: true,
      exitCode: true,
      filters: { externalTables: [], externalEnums: [] },
    });
    // exitCode 2 = non-empty diff; an empty one still prints a comment.
    return result.exitCode === 2 ? (result.stdout ?? '') : '';
  } finally {
    engine.free();
  }
}

export const readSchema = (file = SCHEMA_PATH): string => readFileSync(file, 'utf8');
