import request from 'supertest';
import { createTestContext, type TestContext } from './support/context';

/** Limits on what one operation or one key may ask, answered with codes and no internals. */
describe('GraphQL limits', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(
      {
        GRAPHQL_MAX_DEPTH: '4',
        GRAPHQL_MAX_ALIASES: '2',
        GRAPHQL_MAX_COST: '25',
        API_KEY_RATE_PER_MINUTE: '8',
        AUTH_FAILURES_PER_MINUTE: '5',
      },
      { worker: false },
    );
  });
  afterAll(() => ctx?.close());

  const ask = (key: string, query: string) =>
    request(ctx.url).post('/graphql').set('authorization', `Bearer ${key}`).send({ query });
  const firstError = (res: request.Response) =>
    (res.body as { errors: { message: string; extensions: Record<string, unknown> }[] }).errors[0]!;

  it('refuses too deep, too aliased, malformed and unknown queries as BAD_USER_INPUT, saying why', async () => {
    const { ownerKey } = await ctx.newOrg();
    const deep = firstError(await ask(ownerKey, '{ findings { edges { node { resource { kind } } } } }'));
    expect(deep.extensions.code).toBe('BAD_USER_INPUT');
    expect(deep.message).toMatch(/depth/i);
    expect(deep.message).toMatch(/4/);

    const aliased = firstError(await ask(ownerKey, '{ a: clusters { id } b: clusters { id } c: clusters { id } }'));
    expect(aliased.extensions.code).toBe('BAD_USER_INPUT');
    expect(aliased.message).toMatch(/alias/i);

    const costly = firstError(
      await ask(
        ownerKey,
        '{ rules { id title area practice severity rationale needs remediation { text yaml } references { framework level control section } } }',
      ),
    );
    expect(costly.extensions.code).toBe('BAD_USER_INPUT');
    expect(costly.message).toMatch(/cost limit of 25 exceeded/i);

    const malformed = firstError(await ask(ownerKey, '{ clusters { id '));
    expect(malformed.extensions.code).toBe('BAD_USER_INPUT');
    expect(malformed.message).toMatch(/Syntax Error/);

    const unknown = firstError(await ask(ownerKey, '{ clusters { secretSauce } }'));
    expect(unknown.extensions.code).toBe('BAD_USER_INPUT');
    expect(unknown.message).toContain('secretSauce');
    // Within the limits, the same key is answered.
    expect((await ask(ownerKey, '{ clusters { id } }')).body).toEqual({ data: { clusters: [] } });
  });

  it('limits requests per API key, and says when to retry', async () => {
    const a = await ctx.newOrg();
    const b = await ctx.newOrg();
    const codes: unknown[] = [];
    for (let i = 0; i < 9; i++) {
      const res = await ask(a.ownerKey, '{ clusters { id } }');
      codes.push(res.body.errors?.[0]?.extensions?.code ?? 'ok');
    }
    expect(codes.slice(0, 8)).toEqual(Array(8).fill('ok'));
    const limited = firstError(await ask(a.ownerKey, '{ clusters { id } }'));
    expect(limited.extensions.code).toBe('RATE_LIMITED');
    expect(limited.extensions.retryAfterSeconds).toBeGreaterThan(0);
    expect(codes[8]).toBe('RATE_LIMITED');
    // Another key has its own budget.
    expect((await ask(b.ownerKey, '{ clusters { id } }')).body).toEqual({ data: { clusters: [] } });
  });

  // 700 copies of `clusters { id }` (10.5 KB): graphql-js's overlapping-fields validation is
  // quadratic on this shape, and blocked the event loop for 0.6–1.4 s per request.
  const FLOOD = `{ ${'clusters { id } '.repeat(700)}}`;

  it('answers a request without valid credentials 401 before reading its body, and rate-limits refusals per address', async () => {
    // Not even JSON: the body is never parsed, so the answer is about credentials.
    const anonymous = await request(ctx.url)
      .post('/graphql')
      .set('content-type', 'application/json')
      .send('{ not json');
    expect(anonymous.status).toBe(401);
    expect(firstError(anonymous).extensions.code).toBe('UNAUTHENTICATED');
    const flood = await request(ctx.url).post('/graphql').send({ query: FLOOD });
    expect(flood.status).toBe(401);
    const forged = await ask('kwk_forged', FLOOD);
    expect(forged.status).toBe(401);
    expect(firstError(forged).message).toBe('The API key is invalid or has been revoked.');

    // AUTH_FAILURES_PER_MINUTE is 5 here: three spent above, two more, then refused outright.
    for (let i = 0; i < 2; i++) expect((await ask('kwk_forged', '{ me { role } }')).status).toBe(401);
    const limited = await ask('kwk_forged', '{ me { role } }');
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toMatch(/^\d+$/);
    expect(firstError(limited).extensions.code).toBe('RATE_LIMITED');
    // Valid keys from the same address are still answered.
    const { ownerKey } = await ctx.newOrg();
    expect((await ask(ownerKey, '{ clusters { id } }')).body).toEqual({ data: { clusters: [] } });
  });

  it('refuses an oversized document by its tokens and fields before GraphQL validates it', async () => {
    const { ownerKey } = await ctx.newOrg();
    const flood = await ask(ownerKey, FLOOD);
    expect(flood.status).toBe(400);
    expect(firstError(flood)).toEqual({
      message: 'The query has more than 2000 tokens (GRAPHQL_MAX_TOKENS); split it or ask for less.',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    // Within the tokens, too many fields: 300 × `me { role }` is 1,200 tokens and 600 fields.
    const wide = await ask(ownerKey, `{ ${'me { role } '.repeat(300)}}`);
    expect(firstError(wide).message).toBe(
      'The query selects 600 fields, more than 250 (GRAPHQL_MAX_FIELDS); split it or ask for less.',
    );
    // A body past GRAPHQL_MAX_BODY_BYTES (64 KB) is refused as such.
    const big = await request(ctx.url)
      .post('/graphql')
      .set('authorization', `Bearer ${ownerKey}`)
      .send({ query: '{ clusters { id } }', variables: { pad: 'x'.repeat(70_000) } });
    expect(big.status).toBe(413);
    expect(firstError(big).message).toMatch(/exceeds 65536 bytes \(GRAPHQL_MAX_BODY_BYTES\)/);
  });
});
