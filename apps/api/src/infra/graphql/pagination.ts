import { Field, ObjectType } from '@nestjs/graphql';
import { Prisma } from '../../generated/prisma/client';
import { DomainError } from '../errors';
import { isUuid } from '../ids';
import { parseDateTime } from './date-time.scalar';

export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 200;

@ObjectType({ description: 'Where a page of a connection ends (Relay cursor connections).' })
export class PageInfo {
  @Field({ description: 'Whether a page follows this one.' })
  hasNextPage!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Cursor of the last edge: pass it as `after` for the next page.',
  })
  endCursor!: string | null;
}

export class PaginationError extends DomainError {
  static pageSize(first: number): PaginationError {
    return new PaginationError('BAD_USER_INPUT', `first: must be between 1 and ${MAX_PAGE}, got ${first}.`, {
      field: 'first',
    });
  }
  static cursor(): PaginationError {
    return new PaginationError('BAD_USER_INPUT', 'after: not a cursor this query returned.', { field: 'after' });
  }
}

/** The page size asked for, checked against the bounds. */
export function pageSize(first: number | undefined): number {
  const n = first ?? DEFAULT_PAGE;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE) throw PaginationError.pageSize(n);
  return n;
}

/**
 * One key of a keyset ordering: the SQL expression, its direction, how a cursor value is cast
 * back into SQL, and how the row's value is read for the cursor.
 */
export interface SortKey<Row> {
  sql: Prisma.Sql;
  direction: 'ASC' | 'DESC';
  value: (row: Row) => string;
  /** Whether a cursor value could have come from `value`. */
  valid: (value: unknown) => boolean;
  cast: (value: string) => Prisma.Sql;
}

/** Opaque cursor: the sort key values of the last row, and which ordering they belong to. */
export function encodeCursor(ordering: string, values: string[]): string {
  return Buffer.from(JSON.stringify([ordering, ...values])).toString('base64url');
}

/** Checks of cursor values, so that a forged cursor is refused as input, never reaches SQL. */
export const isIsoTime = (v: unknown): boolean => parseDateTime(v) !== undefined;
export const isUuidValue = (v: unknown): boolean => typeof v === 'string' && isUuid(v);
export const isText = (v: unknown): boolean => typeof v === 'string' && v.length <= 1000;

/** The cursor's values, each checked by its key's `valid`; BAD_USER_INPUT for anything else. */
export function decodeCursor(cursor: string, ordering: string, valid: ((v: unknown) => boolean)[]): string[] {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(parsed) &&
      parsed[0] === ordering &&
      parsed.length === valid.length + 1 &&
      parsed.slice(1).every((v, i) => valid[i]!(v))
    ) {
      return parsed.slice(1) as string[];
    }
  } catch {
    // fall through
  }
  throw PaginationError.cursor();
}

/**
 * A connection from the `limit + 1` rows a page query fetched (the extra one says whether a page
 * follows), each edge's cursor made of `values(row)` under `ordering`.
 */
export function toConnection<Row, Node>(
  rows: Row[],
  limit: number,
  ordering: string,
  values: (row: Row) => string[],
  node: (row: Row) => Node,
): { edges: { cursor: string; node: Node }[]; pageInfo: PageInfo } {
  const edges = rows.slice(0, limit).map((row) => ({ cursor: encodeCursor(ordering, values(row)), node: node(row) }));
  return { edges, pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null } };
}

/** The position in a newest-first (time, id) ordering that an `after` cursor names, if any. */
export function timeIdCursor(after: string | undefined, ordering: string): { at: Date; id: string } | undefined {
  if (!after) return undefined;
  const [at, id] = decodeCursor(after, ordering, [isIsoTime, isUuidValue]);
  return { at: new Date(at!), id: id! };
}

/** Prisma `where` for rows after the cursor in a newest-first (`field`, id) ordering; {} on page one. */
export function olderThan<F extends string>(field: F, after?: { at: Date; id: string }) {
  if (!after) return {};
  return { OR: [{ [field]: { lt: after.at } }, { [field]: after.at, id: { lt: after.id } }] };
}

/** `ORDER BY` for the keys. */
export const orderBy = <Row>(keys: SortKey<Row>[]): Prisma.Sql =>
  Prisma.join(
    keys.map((k) => Prisma.sql`${k.sql} ${Prisma.raw(k.direction)}`),
    ', ',
  );

/**
 * Rows strictly after the cursor in the keys' order, as a disjunction (the keys may mix
 * directions, which a row comparison cannot express). Keys are non-null by construction.
 */
export function after<Row>(keys: SortKey<Row>[], values: string[]): Prisma.Sql {
  const terms = keys.map((key, i) => {
    const equal = keys.slice(0, i).map((k, j) => Prisma.sql`${k.sql} = ${k.cast(values[j]!)}`);
    const beyond = Prisma.sql`${key.sql} ${Prisma.raw(key.direction === 'ASC' ? '>' : '<')} ${key.cast(values[i]!)}`;
    return Prisma.sql`(${Prisma.join([...equal, beyond], ' AND ')})`;
  });
  return Prisma.sql`(${Prisma.join(terms, ' OR ')})`;
}
