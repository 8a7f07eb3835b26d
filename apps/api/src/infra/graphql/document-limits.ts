import { GraphQLError, Kind, parse, visit } from 'graphql';

export interface DocumentLimits {
  /** Lexical tokens in the document (graphql-js stops parsing past it). */
  maxTokens: number;
  /** Field selections in the document, aliased or not, fragments counted where written. */
  maxFields: number;
}

/**
 * Why a query document is refused before GraphQL validation runs, or undefined. Validation
 * (overlapping fields in particular) costs time quadratic in the fields of a selection, so an
 * unbounded document blocks the event loop for everyone: tokens are bounded while parsing, then
 * fields are counted in one linear pass. A document that does not parse is left to the server,
 * which answers with graphql's own syntax error.
 */
export function documentProblem(query: unknown, limits: DocumentLimits): string | undefined {
  if (typeof query !== 'string') return undefined;
  let document;
  try {
    document = parse(query, { maxTokens: limits.maxTokens, noLocation: true });
  } catch (err) {
    if (err instanceof GraphQLError && /contains more th\w+ \d+ tokens/.test(err.message)) {
      return `The query has more than ${limits.maxTokens} tokens (GRAPHQL_MAX_TOKENS); split it or ask for less.`;
    }
    return undefined;
  }
  let fields = 0;
  visit(document, {
    [Kind.FIELD]() {
      fields++;
    },
  });
  if (fields > limits.maxFields) {
    return `The query selects ${fields} fields, more than ${limits.maxFields} (GRAPHQL_MAX_FIELDS); split it or ask for less.`;
  }
  return undefined;
}
