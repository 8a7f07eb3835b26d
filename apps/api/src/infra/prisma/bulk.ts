import { v7 as uuidv7 } from 'uuid';
import { Prisma } from '../../generated/prisma/client';
import type { Tx } from './prisma.service';

/** A column filled per row: its name and the Postgres type of its values. */
export interface Column {
  name: string;
  /** e.g. `uuid`, `text`, `boolean`, `int4`, `"Severity"`; `jsonb` values are passed as JSON text. */
  type: string;
}

/** A column with one value for every row (the evaluation's id, its time). */
export interface Constant {
  name: string;
  type: string;
  value: string | number | boolean | Date | null;
}

/** Row ids as Prisma makes them (`@default(uuid(7))`): time-ordered, so inserts stay index-local. */
export const newId = (): string => uuidv7();

/**
 * A time as a raw-SQL value of a Prisma `DateTime` column: those are `timestamp` without a zone,
 * holding UTC, whatever the database session's zone.
 */
export const utc = (at: Date): Prisma.Sql => Prisma.sql`(${at.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;

const CHUNK = 10_000;

/**
 * Inserts many rows in one statement per 10,000 (`INSERT … SELECT FROM unnest($1::type[], …)`):
 * each column travels as one array parameter. Prisma's createMany sends a parameter per value and
 * splits into small batches, which at 50,000 findings took ten seconds instead of a fraction of one.
 * Table and column names come from code, never from input.
 */
export async function bulkInsert(
  tx: Tx,
  table: string,
  columns: Column[],
  rows: unknown[][],
  constants: Constant[] = [],
): Promise<void> {
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    const params: unknown[] = columns.map((c, i) =>
      chunk.map((r) => (c.type === 'jsonb' && r[i] !== null ? JSON.stringify(r[i]) : r[i])),
    );
    const arrays = columns.map((c, i) => `$${i + 1}::${c.type === 'jsonb' ? 'text' : c.type}[]`);
    const selected = columns.map((c) => (c.type === 'jsonb' ? `t."${c.name}"::jsonb` : `t."${c.name}"`));
    for (const k of constants) {
      params.push(k.value instanceof Date ? k.value.toISOString() : k.value);
      // Timestamps are stored as UTC without a zone, as Prisma stores them.
      selected.push(
        k.type === 'timestamp' ? `($${params.length}::timestamptz AT TIME ZONE 'UTC')` : `$${params.length}::${k.type}`,
      );
    }
    const names = [...columns, ...constants].map((c) => `"${c.name}"`).join(', ');
    await tx.$executeRawUnsafe(
      `INSERT INTO "${table}" (${names}) SELECT ${selected.join(', ')} FROM unnest(${arrays.join(', ')}) AS t(${columns
        .map((c) => `"${c.name}"`)
        .join(', ')})`,
      ...params,
    );
  }
}
