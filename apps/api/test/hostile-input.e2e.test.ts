import fc from 'fast-check';
import { generateCluster } from '@kubeward/synthetic';
import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { createTestContext, type TestContext } from './support/context';
import { snapshotOf } from './support/snapshots';

/**
 * 5,000 generated malformed or hostile snapshot bodies against the real ingest endpoint: every
 * one answered 4xx, the process alive and answering, its memory bounded, nothing stored.
 */

const MAX_BYTES = 2 * 1024 * 1024;

/** A raw POST (supertest would re-encode bodies and headers). */
function send(url: string, token: string, body: Buffer, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}/v1/snapshots`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    // The server may answer (413) and close before the whole body is written.
    req.on('error', (err: NodeJS.ErrnoException) =>
      err.code === 'EPIPE' || err.code === 'ECONNRESET' ? resolve(413) : reject(err),
    );
    req.end(body);
  });
}

describe('hostile input', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(
      { INGEST_MAX_BYTES: String(MAX_BYTES), INGEST_RATE_PER_MINUTE: '1000000' },
      { worker: false },
    );
  });
  afterAll(() => ctx?.close());

  it('answers 5,000 malformed, oversized, deep, compressed-bomb and non-UTF-8 bodies with 4xx and stays up', async () => {
    const { organizationId } = await ctx.newOrg();
    const { agentToken } = await ctx.newCluster(organizationId);
    const valid = snapshotOf(generateCluster({ workloads: 2, seed: 3 }), '2026-11-20T10:00:00.000Z');
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024)); // 64 MB of zeros in ~64 KB

    const json = (value: unknown) => ({ body: Buffer.from(JSON.stringify(value)) });
    // Values of the wrong type for each field they are put in.
    const notAString = fc.oneof(
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.integer(), { maxLength: 3 }),
    );
    const notAnArray = fc.oneof(
      fc.integer(),
      fc.string(),
      fc.boolean(),
      fc.constant(null),
      fc.dictionary(fc.string(), fc.integer()),
    );
    const body = fc.oneof(
      // Any JSON value that is not a snapshot.
      fc.jsonValue({ maxDepth: 4 }).map(json),
      // A snapshot with one field of the wrong type.
      fc
        .record({ field: fc.constantFrom('snapshotId', 'collectedAt'), value: notAString })
        .map(({ field, value }) => json({ ...valid, [field]: value })),
      fc.oneof(fc.string(), fc.integer({ min: 2 }), fc.constant(null)).map((v) => json({ ...valid, schemaVersion: v })),
      notAnArray.map((v) => json({ ...valid, workloads: v })),
      fc.record({ i: fc.nat(1), value: notAnArray }).map(({ i, value }) => {
        const workloads = structuredClone(valid.workloads);
        (workloads[i]!.podSpec as Record<string, unknown>).containers = value;
        return json({ ...valid, workloads });
      }),
      // A huge string where a name goes: past the size limit or past the field's limit.
      fc.integer({ min: 100_000, max: 3_000_000 }).map((n) => {
        const workloads = structuredClone(valid.workloads);
        workloads[0]!.name = 'x'.repeat(n);
        return json({ ...valid, workloads });
      }),
      // Deep nesting.
      fc.integer({ min: 1_000, max: 200_000 }).map((depth) => ({
        body: Buffer.from(`{"schemaVersion":1,"workloads":${'['.repeat(depth)}${']'.repeat(depth)}}`),
      })),
      // Not JSON, not UTF-8.
      fc
        .uint8Array({ minLength: 1, maxLength: 512 })
        .map((bytes) => ({ body: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(bytes)]) })),
      // A gzip bomb, and gzip that is not gzip.
      fc.constant({ body: bomb, headers: { 'content-encoding': 'gzip' } }),
      fc
        .uint8Array({ minLength: 1, maxLength: 256 })
        .map((bytes) => ({ body: Buffer.from(bytes), headers: { 'content-encoding': 'gzip' } })),
      fc.constantFrom('br', 'deflate, gzip', 'x-unknown').map((encoding) => ({
        body: Buffer.from('{}'),
        headers: { 'content-encoding': encoding },
      })),
    );

    const rssBefore = process.memoryUsage().rss;
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(body, async ({ body: payload, headers }: { body: Buffer; headers?: Record<string, string> }) => {
        const status = await send(ctx.url, agentToken, payload, headers);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        return status >= 400 && status < 500;
      }),
      { numRuns: 5_000, seed: 20261127 },
    );
    const grown = process.memoryUsage().rss - rssBefore;

    // Each kind of refusal happened, and nothing was stored.
    expect([...statuses.keys()].sort()).toEqual(expect.arrayContaining([400, 413]));
    const { rows } = await ctx.sql.query('SELECT count(*)::int AS n FROM "Snapshot"');
    expect(rows[0].n).toBe(0);
    // Still answering, with memory bounded (API and test share this process).
    expect((await fetch(`${ctx.url}/healthz`)).status).toBe(200);
    expect(await send(ctx.url, agentToken, Buffer.from(JSON.stringify(valid)))).toBe(202);
    expect(grown).toBeLessThan(512 * 1024 * 1024);
  }, 240_000); // 5,000 requests: about 40 s here, more on a busy machine
});
