import { GraphQLISODateTime } from '@nestjs/graphql';
import { GraphQLError, type GraphQLScalarType, Kind } from 'graphql';

/**
 * graphql's scalar class as @nestjs/graphql loaded it: Nest is ESM and this code CommonJS, so each
 * gets its own copy of graphql (the dual-package hazard), and Nest recognises a scalar only by
 * `instanceof` its own copy's class.
 */
const ScalarType = GraphQLISODateTime.constructor as typeof GraphQLScalarType;

const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
/** RFC 3339: four-digit years only (no `+275760-…` or `-000001-…` extended years) and a zone. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * A date-time a client may send: RFC 3339 with a zone, between 1970 and 9999 (what PostgreSQL and
 * every index here can hold). Undefined otherwise, so that it is refused as input, never in SQL.
 */
export function parseDateTime(value: unknown): Date | undefined {
  if (typeof value !== 'string' || !RFC3339.test(value)) return undefined;
  // Date.parse rolls 2026-02-30 over into March: the calendar date must exist as written.
  const [y, m, d] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  if (m < 1 || m > 12 || d < 1 || d > new Date(Date.UTC(y, m, 0)).getUTCDate()) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) || ms < EARLIEST || ms > LATEST ? undefined : new Date(ms);
}

function parse(value: unknown): Date {
  const date = parseDateTime(value);
  if (!date) {
    const shown = JSON.stringify(value)?.slice(0, 60);
    throw new GraphQLError(
      `DateTime: expected an RFC 3339 date-time with a time zone between 1970 and 9999, such as 2026-03-01T00:00:00Z; got ${shown}.`,
    );
  }
  return date;
}

/** The API's one date-time scalar, in place of @nestjs/graphql's (which takes `new Date(anything)`). */
export const DateTime = new ScalarType<Date, string>({
  name: 'DateTime',
  description: 'A date-time string at UTC, such as 2019-12-03T09:54:33Z, compliant with the date-time format.',
  serialize: (value) => (value instanceof Date ? value.toISOString() : String(value)),
  parseValue: parse,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime: expected a string.');
    return parse(ast.value);
  },
});
