import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { GraphQLError, type ValidationContext, type ValidationRule } from 'graphql';
import type { AppConfig } from '../../config/config';

/**
 * Reported as a validation error (so BAD_USER_INPUT), not thrown (which Apollo answers as an
 * internal error), and without armor's misleading "Syntax Error:" prefix.
 */
const asValidationError = {
  propagateOnRejection: false,
  onReject: [
    (context: ValidationContext | null, err: GraphQLError) =>
      context?.reportError(new GraphQLError(err.message.replace(/^Syntax Error: /, ''))),
  ],
};

/**
 * Refused before anything runs, naming the limit so a client can adjust: depth, aliases and a
 * static cost. Pages are bounded separately (200).
 */
export const queryLimitRules = (limits: AppConfig['graphql']): ValidationRule[] => [
  maxDepthRule({ n: limits.maxDepth, exposeLimits: true, ignoreIntrospection: true, ...asValidationError }),
  maxAliasesRule({ n: limits.maxAliases, exposeLimits: true, ...asValidationError }),
  costLimitRule({ maxCost: limits.maxCost, exposeLimits: true, ignoreIntrospection: true, ...asValidationError }),
];
