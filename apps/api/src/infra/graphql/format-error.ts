import { Logger } from '@nestjs/common';
import type { GraphQLFormattedError } from 'graphql';
import { DomainError } from '../errors';
import { isDependencyDown, unavailable } from '../unavailable';

const logger = new Logger('graphql');

/**
 * Apollo's own codes for requests that never reached a resolver (syntax, validation, query
 * limits, input coercion): all the client's to fix, so all BAD_USER_INPUT, with graphql's message.
 */
const CLIENT_ERRORS = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'BAD_REQUEST']);

/**
 * Every error leaves with `extensions.code`; a DomainError keeps its message, anything unknown
 * becomes INTERNAL with a generic message and its details go to the log only.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  let original = (error as { originalError?: unknown })?.originalError ?? error;
  if (!(original instanceof DomainError) && isDependencyDown(original)) original = unavailable();
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
  if (original instanceof DomainError) {
    return { ...base, message: original.message, extensions: { code: original.code, ...original.details } };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && CLIENT_ERRORS.has(code)) return { ...base, extensions: { code: 'BAD_USER_INPUT' } };
  logger.error({ err: original, path: formatted.path }, 'unhandled GraphQL error');
  return { ...base, message: 'Internal error', extensions: { code: 'INTERNAL' } };
}
