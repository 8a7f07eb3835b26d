import fc from 'fast-check';
import { generateCluster } from '@kubeward/synthetic';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import request from 'supertest';
import { createWorker } from '../src/bootstrap';
import { MemoryBudget } from '../src/modules/ingest/memory-budget';
import { createTestContext, eventually, type TestContext } from './support/context';
import { clientFor, failureOf } from './support/graphql';
import { WebhookReceiver } from './support/receiver';
import { post, settled, snapshotOf } from './support/snapshots';

/**
 * 5,000 generated malformed or hostile snapshot bodies against the real ingest endpoint: every
 * one answered 4xx, the process alive and answering, its memory bounded, nothing stored.
 */

const MAX_BYTES = 2 * 1024 * 1024;
const MAX_COMPRESSED_BYTES = 1024 * 1024;
const BUDGET_BYTES = 10 * 1024 * 1024;
const MiB = 1024 * 1024;

interface Streamed {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Bytes of the body written before the server closed the connection. */
  sent: number;
}

/**
 * POSTs `head` then up to `paddingBytes` more (zeros, or `chunk` repeated), as fast as the server
 * reads them, until the server closes the connection. Resolves once the socket is closed, with
 * the answer when the client got to read it (status 0 when the close overtook it); a server that
 * keeps reading gets the whole padding.
 */
function streamPush(
  url: string,
  token: string,
  head: Buffer,
  paddingBytes: number,
  headers: Record<string, string>,
  chunk: Buffer = Buffer.alloc(64 * 1024),
): Promise<Streamed> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let closed = false;
    let answer: Omit<Streamed, 'sent'> | undefined;
    let reading = false;
    const done = () => closed && !reading && resolve({ ...(answer ?? { status: 0, headers: {}, body: '' }), sent });
    const req = http.request(`${url}/v1/snapshots`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    });
    req.on('response', (res) => {
      reading = true;
      const parts: Buffer[] = [];
      answer = { status: res.statusCode ?? 0, headers: res.headers, body: '' };
      res.on('data', (c: Buffer) => parts.push(c));
      const finish = () => {
        answer!.body = Buffer.concat(parts).toString();
        reading = false;
        done();
      };
      res.on('end', finish);
      res.on('error', finish);
      res.on('aborted', finish);
    });
    req.on('socket', (socket) =>
      socket.on('close', () => {
        closed = true;
        done();
      }),
    );
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE' && err.code !== 'ECONNRESET') reject(err);
    });
    const pump = () => {
      while (!closed && sent < head.length + paddingBytes) {
        const next = sent === 0 ? head : chunk;
        sent += next.length;
        if (!req.write(next)) return void req.once('drain', pump);
      }
      if (!closed) req.end();
    };
    pump();
  });
}

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

/**
 * A body refused early: the server stopped reading long before the padding was sent, and the
 * answer, when the client could read it, says why. (The server closes once its answer is out; on
 * a busy machine the reset can overtake the answer in the client, which then sees status 0.)
 */
function expectRefused(r: Streamed, status: number, message: string | RegExp): void {
  expect(r.sent).toBeLessThan(64 * MiB);
  if (r.status === 0) return;
  expect(r.status).toBe(status);
  if (r.body) expect(JSON.parse(r.body).message).toMatch(message);
  expect(r.headers.connection).toBe('close');
}

describe('hostile input', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(
      {
        INGEST_MAX_BYTES: String(MAX_BYTES),
        INGEST_MAX_COMPRESSED_BYTES: String(MAX_COMPRESSED_BYTES),
        INGEST_MEMORY_BUDGET_BYTES: String(BUDGET_BYTES),
        INGEST_RATE_PER_MINUTE: '1000000',
      },
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

  const snapshotCount = async () =>
    (await ctx.sql.query('SELECT count(*)::int AS n FROM "Snapshot"')).rows[0].n as number;

  it('refuses data after the gzip stream at once, stores none of it and closes the connection', async () => {
    const { organizationId } = await ctx.newOrg();
    const { agentToken } = await ctx.newCluster(organizationId);
    const before = await snapshotCount();
    const valid = gzipSync(
      JSON.stringify(snapshotOf(generateCluster({ workloads: 3, seed: 5 }), new Date().toISOString())),
    );

    // 1 GiB of zeros after a valid gzip member: today's code answered 202 and read all of it.
    const padded = await streamPush(ctx.url, agentToken, valid, 1024 * MiB, { 'content-encoding': 'gzip' });
    expectRefused(padded, 400, /data after the end of its gzip stream/);

    // The same member with a few bytes after it, sent whole: still refused, not silently cut.
    const tail = await streamPush(ctx.url, agentToken, Buffer.concat([valid, Buffer.from('{"x":1}')]), 0, {
      'content-encoding': 'gzip',
    });
    expect(tail.status).toBe(400);
    expect(JSON.parse(tail.body).message).toMatch(/data after the end of its gzip stream|not valid gzip/);

    expect(await snapshotCount()).toBe(before);
    expect(ctx.api.get(MemoryBudget).inUse).toBe(0);
  });

  it('stops reading a body past either limit: 413 naming the limit, then the connection is closed', async () => {
    const { organizationId } = await ctx.newOrg();
    const { agentToken } = await ctx.newCluster(organizationId);
    const before = await snapshotCount();

    // Inflates past INGEST_MAX_BYTES (40 MiB of zeros in 40 KB), followed by 800 MiB more.
    const bomb = await streamPush(ctx.url, agentToken, gzipSync(Buffer.alloc(40 * MiB)), 800 * MiB, {
      'content-encoding': 'gzip',
    });
    expectRefused(bomb, 413, `limit of ${MAX_BYTES} bytes (decompressed)`);

    // Incompressible gzip: past INGEST_MAX_COMPRESSED_BYTES on the wire before it inflates past the other.
    const noise = gzipSync(randomBytes(4 * MiB));
    const wire = await streamPush(ctx.url, agentToken, noise, 0, { 'content-encoding': 'gzip' });
    expectRefused(wire, 413, `limit of ${MAX_COMPRESSED_BYTES} bytes (compressed)`);

    // Plain JSON past INGEST_MAX_BYTES, streamed without a length.
    const plain = await streamPush(ctx.url, agentToken, Buffer.alloc(64 * 1024, 0x20), 512 * MiB, {});
    expectRefused(plain, 413, `limit of ${MAX_BYTES} bytes (decompressed)`);

    // A declared length past the limit is refused before a byte is read.
    const declared = await streamPush(ctx.url, agentToken, Buffer.alloc(16), 8 * MiB, {
      'content-length': String(8 * MiB + 16),
    });
    expectRefused(declared, 413, `limit of ${MAX_BYTES} bytes (decompressed)`);
    expect(declared.sent).toBeLessThan(8 * MiB);

    expect(await snapshotCount()).toBe(before);
    expect(ctx.api.get(MemoryBudget).inUse).toBe(0);
  });

  it('answers 503 with Retry-After, before reading, when requests in flight hold the memory budget', async () => {
    const { organizationId } = await ctx.newOrg();
    const { agentToken } = await ctx.newCluster(organizationId);
    const budget = ctx.api.get(MemoryBudget);

    // A slow upload that says it is 2.09 MB: it reserves its body and its parsing (4×), 8.36 of
    // the 10 MiB budget, and holds it while it trickles in.
    const slow = http.request(`${ctx.url}/v1/snapshots`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${agentToken}`,
        'content-type': 'application/json',
        'content-length': '2090000',
      },
    });
    slow.on('error', () => undefined);
    const slowAnswer = new Promise<number>((resolve) =>
      slow.on('response', (res) => (res.resume(), resolve(res.statusCode ?? 0))),
    );
    slow.write(Buffer.alloc(2_089_990, 0x20));
    await eventually(async () => (budget.inUse >= 8_360_000 ? true : undefined), 'the upload held');

    // A snapshot whose share does not fit beside it: refused before a byte of it is read.
    const snapshot = snapshotOf(generateCluster({ workloads: 600, seed: 9 }), new Date().toISOString());
    const refused = await post(ctx.url, agentToken, snapshot);
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.headers.connection).toBe('close');
    expect(refused.body.error).toBe('UNAVAILABLE');

    slow.end('{ "x": 1 }');
    expect(await slowAnswer).toBe(400);
    expect(budget.inUse).toBe(0);
    expect((await post(ctx.url, agentToken, snapshot)).status).toBe(202);
  });
});

describe('agent clocks', () => {
  let ctx: TestContext;
  const receiver = new WebhookReceiver('127.0.0.1');
  beforeAll(async () => {
    await receiver.start();
    ctx = await createTestContext();
  });
  afterAll(async () => {
    await ctx?.close();
    await receiver.stop();
  });

  const privilegedDaemonSet = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'node-debugger', namespace: 'shop' },
    spec: {
      selector: { matchLabels: { app: 'dbg' } },
      template: {
        metadata: { labels: { app: 'dbg' } },
        spec: { containers: [{ name: 'dbg', image: 'busybox:1.36', securityContext: { privileged: true } }] },
      },
    },
  };
  const contractorAdmin = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'contractor-admin' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
    subjects: [{ kind: 'User', name: 'contractor@example.com', apiGroup: 'rbac.authorization.k8s.io' }],
  };

  it('refuses a snapshot that holds one object twice, naming it, and stores nothing of it', async () => {
    const { organizationId } = await ctx.newOrg();
    const { clusterId, agentToken } = await ctx.newCluster(organizationId);
    const twice = snapshotOf([contractorAdmin, contractorAdmin], new Date().toISOString());
    const refused = await post(ctx.url, agentToken, twice);
    expect(refused.status).toBe(400);
    expect(refused.body.message).toBe(
      'Invalid snapshot at bindings[1]: ClusterRoleBinding//contractor-admin appears twice (also at bindings[0]); a cluster holds each object once',
    );
    const { rows } = await ctx.sql.query(`SELECT count(*)::int AS n FROM "Snapshot" WHERE "clusterId" = $1`, [
      clusterId,
    ]);
    expect(rows[0].n).toBe(0);
  });

  it('refuses a collectedAt from the future, so a real regression after it still alerts', async () => {
    const { organizationId, ownerKey } = await ctx.newOrg();
    const { clusterId, agentToken } = await ctx.newCluster(organizationId);
    await clientFor(ctx.url, ownerKey).request(
      `mutation ($url: String!) { createWebhookEndpoint(input: { url: $url }) { endpoint { id } } }`,
      { url: receiver.url },
    );
    const base = generateCluster({ workloads: 3, seed: 11 });
    const now = snapshotOf(base, new Date().toISOString());
    expect((await post(ctx.url, agentToken, now)).status).toBe(202);
    expect(await settled(ctx.sql, clusterId, now.snapshotId)).toBe('EVALUATED');

    const future = snapshotOf(base, '9999-12-31T23:59:59Z');
    const refused = await post(ctx.url, agentToken, future);
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/^Invalid snapshot at collectedAt: is \d+ days ahead of the server's clock/);
    // The same content resent byte for byte (the path that skips parsing) is checked too.
    const { rows: stored } = await ctx.sql.query(
      `SELECT p.payload, s."contentHash" FROM "Snapshot" s JOIN "SnapshotPayload" p ON p."snapshotId" = s.id
       WHERE s."clusterId" = $1 AND s."externalId" = $2`,
      [clusterId, now.snapshotId],
    );
    const text = gunzipSync(stored[0].payload as Buffer).toString();
    const stamps = JSON.stringify({ snapshotId: now.snapshotId, collectedAt: now.collectedAt }).slice(0, -1);
    expect(text.startsWith(stamps)).toBe(true);
    const forged = JSON.stringify({ snapshotId: future.snapshotId, collectedAt: future.collectedAt }).slice(0, -1);
    const resent = await request(ctx.url)
      .post('/v1/snapshots')
      .set('authorization', `Bearer ${agentToken}`)
      .set('content-type', 'application/json')
      .set('x-kubeward-content-hash', stored[0].contentHash as string)
      .send(forged + text.slice(stamps.length));
    expect(resent.status).toBe(400);
    expect(resent.body.message).toMatch(/collectedAt: is \d+ days ahead/);

    const regression = snapshotOf([...base, privilegedDaemonSet, contractorAdmin], new Date().toISOString());
    expect((await post(ctx.url, agentToken, regression)).status).toBe(202);
    expect(await settled(ctx.sql, clusterId, regression.snapshotId)).toBe('EVALUATED');
    const alert = await eventually(async () => {
      const found = receiver.received.find((r) => r.body.includes('contractor-admin'));
      return found ? (JSON.parse(found.body) as { type: string }) : undefined;
    }, 'the regression alert');
    expect(alert.type).toBe('evaluation.changed');
    const { rows } = await ctx.sql.query(`SELECT count(*)::int AS n FROM "Snapshot" WHERE "clusterId" = $1`, [
      clusterId,
    ]);
    expect(rows[0].n).toBe(2);
  });
});

describe('one organisation cannot starve the others', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    // No worker until the queue holds everything: then what runs first is the queue's decision.
    ctx = await createTestContext({ REEVALUATIONS_PER_MINUTE: '2' }, { worker: false });
  });
  afterAll(() => ctx?.close());

  const queued = (n: number) =>
    eventually(async () => {
      const { rows } = await ctx.sql.query(`SELECT count(*)::int AS n FROM "Snapshot" WHERE status = 'QUEUED'`);
      return rows[0].n === n ? true : undefined;
    }, `${n} snapshots queued`);
  const at = (minute: number) => new Date(Date.now() - (60 - minute) * 60_000).toISOString();

  it("runs another organisation's first evaluation before a flooding organisation's backlog", async () => {
    const a = await ctx.newOrg();
    const b = await ctx.newOrg();
    const flood = [];
    for (let i = 0; i < 8; i++) {
      const { clusterId, agentToken } = await ctx.newCluster(a.organizationId);
      const s = snapshotOf(generateCluster({ workloads: 30, seed: i }), at(i));
      expect((await post(ctx.url, agentToken, s)).status).toBe(202);
      flood.push({ clusterId, snapshotId: s.snapshotId });
    }
    const victim = await ctx.newCluster(b.organizationId);
    const own = snapshotOf(generateCluster({ workloads: 30, seed: 99 }), at(9));
    expect((await post(ctx.url, victim.agentToken, own)).status).toBe(202);
    await queued(9);

    const worker = await createWorker(ctx.config);
    try {
      await settled(ctx.sql, victim.clusterId, own.snapshotId, 60_000);
      for (const f of flood) await settled(ctx.sql, f.clusterId, f.snapshotId, 60_000);
      const { rows } = await ctx.sql.query(
        `SELECT "organizationId" FROM "Evaluation" WHERE "organizationId" = ANY($1::uuid[]) ORDER BY "evaluatedAt", id`,
        [[a.organizationId, b.organizationId]],
      );
      // Two evaluations run at once: B's is among the first two, not behind A's eight.
      expect(rows.map((r) => r.organizationId).indexOf(b.organizationId)).toBeLessThan(2);
    } finally {
      await worker.close();
    }
  });

  it("coalesces a cluster's queued snapshots to its newest, and rate-limits re-evaluation requests", async () => {
    const { organizationId, ownerKey } = await ctx.newOrg();
    const { clusterId, agentToken } = await ctx.newCluster(organizationId);
    const pushed = [];
    for (let i = 0; i < 5; i++) {
      const s = snapshotOf(generateCluster({ workloads: 20, seed: 40 + i }), at(20 + i));
      expect((await post(ctx.url, agentToken, s)).status).toBe(202);
      pushed.push(s.snapshotId);
    }
    await queued(5);
    const worker = await createWorker(ctx.config);
    try {
      const statuses = [];
      for (const id of pushed) statuses.push(await settled(ctx.sql, clusterId, id, 60_000));
      expect(statuses).toEqual(['STALE', 'STALE', 'STALE', 'STALE', 'EVALUATED']);
    } finally {
      await worker.close();
    }

    const client = clientFor(ctx.url, ownerKey);
    const REEVALUATE = 'mutation ($c: ID!) { requestReevaluation(clusterId: $c) }';
    for (let i = 0; i < 2; i++) await client.request(REEVALUATE, { c: clusterId });
    expect(await failureOf(client.request(REEVALUATE, { c: clusterId }))).toMatch(
      /^RATE_LIMITED: Too many re-evaluations requested for this cluster; retry in \d+ s\.$/,
    );
  });
});
