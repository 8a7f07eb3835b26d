import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import type { GraphQLField, GraphQLNamedType } from 'graphql';
import { createTestContext, type TestContext } from './support/context';

// The CommonJS instance the API built its schema with: vitest would import the ESM one, and
// graphql refuses to mix the two.
const graphql = createRequire(__filename)('graphql') as typeof import('graphql');
const {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  lexicographicSortSchema,
  printSchema,
} = graphql;

const SCHEMA_FILE = path.resolve(__dirname, '../schema.graphql');

/**
 * The schema is a product surface: the SDL the API serves is committed, and any change to it shows
 * up in review. `UPDATE_SCHEMA=1 npx vitest run apps/api/test/schema.test.ts` rewrites the file.
 */
describe('the GraphQL schema', () => {
  let ctx: TestContext;
  let served: string;
  beforeAll(async () => {
    ctx = await createTestContext({}, { worker: false });
    served = printSchema(lexicographicSortSchema(ctx.api.get(GraphQLSchemaHost).schema)) + '\n';
  });
  afterAll(() => ctx?.close());

  it('is exactly apps/api/schema.graphql', () => {
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(SCHEMA_FILE, served);
    expect(served).toBe(readFileSync(SCHEMA_FILE, 'utf8'));
  });

  it('describes every type, field, argument and enum value', () => {
    const schema = ctx.api.get(GraphQLSchemaHost).schema;
    const missing: string[] = [];
    const types = Object.values(schema.getTypeMap()).filter((t: GraphQLNamedType) => !t.name.startsWith('__'));
    for (const type of types) {
      // Built-in scalars (String, Int…) are described by the spec, and the root types by their
      // fields.
      if (['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) continue;
      if (!type.description && !['Query', 'Mutation'].includes(type.name)) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of (field as GraphQLField<unknown, unknown>).args ?? []) {
            if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
          }
        }
      }
      if (isEnumType(type)) {
        for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
      }
      if (isUnionType(type) && !type.description) missing.push(type.name);
    }
    expect(missing).toEqual([]);
  });
});
