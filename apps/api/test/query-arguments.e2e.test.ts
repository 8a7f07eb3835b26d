import fc from 'fast-check';
import { generateCluster } from '@kubeward/synthetic';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  buildSchema,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';
import { createTestContext, type TestContext } from './support/context';
import { clientFor } from './support/graphql';
import { post, settled, snapshotOf } from './support/snapshots';

/**
 * Every argument of every query, generated from the committed schema: hostile strings, numbers at
 * their limits, dates with extended years, forged cursors built from real ones, other tenants' and
 * random ids. Whatever the input, the answer is data or a client error (BAD_USER_INPUT,
 * NOT_FOUND…), never INTERNAL: nothing a key holder sends reaches SQL unchecked.
 */
const schema = buildSchema(readFileSync(path.join(__dirname, '../schema.graphql'), 'utf8'));
const queries = Object.values(schema.getQueryType()!.getFields());

/** A selection of the type's scalar fields, two levels deep, skipping fields that need arguments. */
function selection(type: GraphQLOutputType, depth = 0): string {
  const named = getNamedType(type);
  if (!isObjectType(named)) return '';
  const parts: string[] = [];
  for (const field of Object.values(named.getFields())) {
    if (field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
    const inner = getNamedType(field.type);
    if (isScalarType(inner) || isEnumType(inner)) parts.push(field.name);
    else if (depth < 2) {
      const sub = selection(field.type, depth + 1);
      if (sub) parts.push(`${field.name} ${sub}`);
    }
  }
  return parts.length ? `{ ${parts.join(' ')} }` : '{ __typename }';
}

const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  "'; SELECT pg_sleep(10); --",
  '%',
  '_',
  '\\',
  'x'.repeat(5_000),
  '🙂',
  '\uD800',
];
const HOSTILE_DATES = [
  '-000001-01-01T00:00:00Z',
  '+275760-09-13T00:00:00.000Z',
  '0000-01-01T00:00:00Z',
  '1969-12-31T23:59:59Z',
  '9999-12-31T23:59:59.999Z',
  '2026-02-30T00:00:00Z',
  'yesterday',
];

describe('every argument of every query', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({
      GRAPHQL_MAX_FIELDS: '2000',
      GRAPHQL_MAX_TOKENS: '20000',
      GRAPHQL_MAX_COST: '10000000',
    });
  });
  afterAll(() => ctx?.close());

  it('answers data or a client error, never INTERNAL', async () => {
    // A tenant with history to page through, and another tenant whose ids must not help.
    const { organizationId, ownerKey } = await ctx.newOrg();
    const { clusterId, agentToken } = await ctx.newCluster(organizationId);
    const other = await ctx.newOrg();
    const otherCluster = await ctx.newCluster(other.organizationId);
    for (const [i, at] of ['2026-11-20T10:00:00Z', '2026-11-21T10:00:00Z'].entries()) {
      const s = snapshotOf(generateCluster({ workloads: 4 + i, seed: i }), at);
      expect((await post(ctx.url, agentToken, s)).status).toBe(202);
      await settled(ctx.sql, clusterId, s.snapshotId);
    }
    const client = clientFor(ctx.url, ownerKey);
    const { createWebhookEndpoint } = await client.request<{ createWebhookEndpoint: { endpoint: { id: string } } }>(
      'mutation { createWebhookEndpoint(input: { url: "http://127.0.0.1:1/down" }) { endpoint { id } } }',
    );
    const endpointId = createWebhookEndpoint.endpoint.id;
    for (let i = 0; i < 2; i++) {
      await client.request('mutation ($id: ID!) { testWebhookEndpoint(id: $id) { succeeded } }', { id: endpointId });
    }
    const { findings } = await client.request<{ findings: { edges: { node: { id: string } }[] } }>(
      '{ findings(first: 2) { edges { node { id } } } }',
    );

    // Real cursors of every connection, to forge from.
    const real = { clusterId, endpointId };
    const cursors: string[] = [];
    for (const query of [
      `{ auditLog(first: 1) { pageInfo { endCursor } } }`,
      `{ evaluations(clusterId: "${real.clusterId}", first: 1) { pageInfo { endCursor } } }`,
      `{ objectChanges(clusterId: "${real.clusterId}", first: 1) { pageInfo { endCursor } } }`,
      `{ webhookDeliveries(endpointId: "${real.endpointId}", first: 1) { pageInfo { endCursor } } }`,
      ...['SEVERITY', 'FIRST_SEEN', 'RULE', 'RESOURCE'].map(
        (o) => `{ findings(first: 1, orderBy: { field: ${o} }) { pageInfo { endCursor } } }`,
      ),
    ]) {
      const data = await client.request<Record<string, { pageInfo: { endCursor: string | null } }>>(query);
      const cursor = Object.values(data)[0]!.pageInfo.endCursor;
      if (cursor) cursors.push(cursor);
    }
    expect(cursors.length).toBeGreaterThanOrEqual(6);
    const decoded = cursors.map((c) => JSON.parse(Buffer.from(c, 'base64url').toString()) as unknown[]);
    const encode = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

    const hostileValue = fc.oneof(
      fc.constantFrom(...HOSTILE_STRINGS, ...HOSTILE_DATES),
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.constant(null),
      fc.array(fc.string(), { maxLength: 2 }),
      fc.uuid(),
    );
    const forgedCursor = fc.oneof(
      fc.constantFrom(...cursors),
      // A real cursor with one value replaced.
      fc
        .record({ cursor: fc.constantFrom(...decoded), i: fc.nat(), value: hostileValue })
        .map(({ cursor, i, value }) => {
          const copy = [...cursor];
          copy[1 + (i % (copy.length - 1))] = value;
          return encode(copy);
        }),
      fc.jsonValue().map(encode),
      fc.string(),
    );

    const scalar = (name: string, argName: string): fc.Arbitrary<unknown> => {
      switch (name) {
        case 'ID':
          // Mostly this tenant's own ids, so that the other arguments get past the ownership check.
          return fc.oneof(
            { arbitrary: fc.constantFrom(clusterId, endpointId, findings.edges[0]!.node.id), weight: 8 },
            fc.constant(otherCluster.clusterId),
            fc.uuid(),
            fc.constantFrom(...HOSTILE_STRINGS),
          );
        case 'String':
          return argName === 'after'
            ? forgedCursor
            : fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string(), fc.string({ unit: 'binary', maxLength: 50 }));
        case 'Int':
          return fc.oneof(fc.constantFrom(0, -1, 1, 200, 201, 500, 501, 2_147_483_647, -2_147_483_648), fc.integer());
        case 'Float':
          return fc.double({ noNaN: true });
        case 'Boolean':
          return fc.boolean();
        case 'DateTime':
          return fc.oneof(
            fc.constantFrom(...HOSTILE_DATES),
            fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
            fc.string(),
          );
        default:
          return fc.string();
      }
    };
    const valueOf = (type: GraphQLInputType, argName: string, depth = 0): fc.Arbitrary<unknown> => {
      if (isNonNullType(type)) return valueOf(type.ofType, argName, depth);
      const inner = (t: GraphQLInputType): fc.Arbitrary<unknown> => {
        if (isListType(t)) return fc.array(valueOf(t.ofType, argName, depth + 1), { maxLength: 3 });
        if (isEnumType(t)) return fc.constantFrom(...t.getValues().map((v) => v.value as unknown));
        if (isInputObjectType(t)) {
          const fields = Object.values(t.getFields());
          return fc.record(Object.fromEntries(fields.map((f) => [f.name, valueOf(f.type, f.name, depth + 1)])), {
            requiredKeys: fields.filter((f) => isNonNullType(f.type)).map((f) => f.name),
          });
        }
        return scalar(getNamedType(t).name, argName);
      };
      return inner(type);
    };
    const argsOf = (field: GraphQLField<unknown, unknown>) =>
      fc.record(Object.fromEntries(field.args.map((a: GraphQLArgument) => [a.name, valueOf(a.type, a.name)])), {
        requiredKeys: field.args.filter((a) => isNonNullType(a.type)).map((a) => a.name),
      });

    const codes = new Map<string, number>();
    for (const field of queries) {
      const vars = field.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
      const call = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
      const document = `query${vars ? `(${vars})` : ''} { ${field.name}${call ? `(${call})` : ''} ${selection(field.type)} }`;
      await fc.assert(
        fc.asyncProperty(argsOf(field), async (variables) => {
          const res = await fetch(`${ctx.url}/graphql`, {
            method: 'POST',
            headers: { authorization: `Bearer ${ownerKey}`, 'content-type': 'application/json' },
            body: JSON.stringify({ query: document, variables }),
          });
          const body = (await res.json()) as { errors?: { message: string; extensions?: { code?: string } }[] };
          for (const e of body.errors ?? []) {
            const code = e.extensions?.code ?? 'none';
            codes.set(code, (codes.get(code) ?? 0) + 1);
            if (code === 'INTERNAL' || code === 'none') return false;
          }
          return res.status < 500;
        }),
        { numRuns: field.args.length === 0 ? 3 : 100, seed: 20261130 },
      );
    }
    // The inputs did reach the checks: refusals of each kind were seen.
    expect(codes.get('BAD_USER_INPUT') ?? 0).toBeGreaterThan(50);
    expect(codes.get('NOT_FOUND') ?? 0).toBeGreaterThan(5);
  }, 300_000);
});
