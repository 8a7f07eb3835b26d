import request from 'supertest';
import { createTestContext, type TestContext } from './support/context';

/** Limits on what one operation or one key may ask, answered with codes and no internals. */
describe('GraphQL limits', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(
      { GRAPHQL_MAX_DEPTH: '4', GRAPHQL_MAX_ALIASES: '2', GRAPHQL_MAX_COST: '25', API_KEY_RATE_PER_MINUTE: '8' },
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
});
