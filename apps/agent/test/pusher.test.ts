import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { backoff, type Body, compress, Pusher, type PushOptions } from '../src/push/pusher';
import { IngestReceiver, memoryLog } from './support/ingest';

const SNAPSHOT = JSON.stringify({ schemaVersion: 1, workloads: [] });
let BODY: Body;
const HASH = 'c0ffee'.padEnd(64, '0');
beforeAll(async () => {
  BODY = await compress(['{"schemaVersion":1,', '"workloads":[]}']);
});

describe('pusher', () => {
  let ingest: IngestReceiver;
  beforeEach(async () => {
    ingest = new IngestReceiver();
    await ingest.start();
  });
  afterEach(() => ingest.stop());

  function pusher(options: Partial<PushOptions> = {}) {
    const waits: number[] = [];
    const memory = memoryLog();
    const p = new Pusher(
      {
        apiUrl: ingest.url,
        token: { value: 'kwa_secret-token-value' },
        sleep: async (ms) => void waits.push(ms),
        ...options,
      },
      memory.log,
    );
    return { p, waits, logs: memory.text };
  }

  it('sends gzip JSON with the token, the snapshot id as idempotency key and the content hash', async () => {
    const { p } = pusher();
    expect(await p.push('snap-1', BODY, HASH)).toMatchObject({ status: 'accepted', attempts: 1 });
    const [r] = ingest.received;
    expect(r!.headers['content-encoding']).toBe('gzip');
    expect(r!.headers['idempotency-key']).toBe('snap-1');
    expect(r!.headers['x-kubeward-content-hash']).toBe(HASH);
    expect(r!.headers.authorization).toBe('Bearer kwa_secret-token-value');
    expect(JSON.parse(r!.text)).toEqual(JSON.parse(SNAPSHOT));
  });

  it('refuses an answer larger than the API ever sends, without holding it', async () => {
    ingest.script.push({ status: 202, body: { status: 'accepted', padding: 'x'.repeat(200_000) } });
    const { p, logs } = pusher({ maxAttempts: 2 });
    expect(await p.push('snap-big', BODY, HASH)).toMatchObject({ status: 'accepted', attempts: 2 });
    expect(logs()).toContain('POST /v1/snapshots: the answer is larger than 65536 bytes');
  });

  it('retries server errors and network failures with exponential backoff and full jitter', async () => {
    ingest.script.push({ status: 503 }, { status: 500 }, { status: 502 });
    const { p, waits, logs } = pusher({ baseDelayMs: 1000, maxDelayMs: 60_000 });
    expect(await p.push('snap-2', BODY, HASH)).toMatchObject({ status: 'accepted', attempts: 4 });
    expect(waits).toHaveLength(3);
    waits.forEach((w, i) => expect(w).toBeLessThanOrEqual(1000 * 2 ** i));
    expect(logs()).toContain('push failed; retrying');
    // The same snapshot id on every attempt: the API stores it once.
    expect(new Set(ingest.received.map((r) => r.headers['idempotency-key']))).toEqual(new Set(['snap-2']));

    const bounds = Array.from({ length: 200 }, () => backoff(10, 1000, 60_000));
    expect(Math.max(...bounds)).toBeLessThanOrEqual(60_000);
    expect(new Set(bounds).size).toBeGreaterThan(100);
  });

  it("waits as long as a 429's or a 503's Retry-After says", async () => {
    ingest.script.push({ status: 429, headers: { 'retry-after': '7' } });
    ingest.script.push({ status: 503, headers: { 'retry-after': '5' } });
    const { p, waits } = pusher();
    expect(await p.push('snap-3', BODY, HASH)).toMatchObject({ status: 'accepted', attempts: 3 });
    expect(waits).toEqual([7000, 5000]);
  });

  it('stops at 401 with a clear log line, and logs the size at 413; neither is retried', async () => {
    ingest.script.push({ status: 401, body: { error: 'UNAUTHENTICATED' } });
    const a = pusher();
    expect(await a.p.push('snap-4', BODY, HASH)).toEqual({ status: 'unauthorized', attempts: 1 });
    expect(a.logs()).toContain('revoked or rotated away');

    ingest.script.push({ status: 413 });
    const b = pusher();
    expect(await b.p.push('snap-5', BODY, HASH)).toEqual({ status: 'rejected', attempts: 1, code: 413 });
    const line = JSON.parse(b.logs().trim().split('\n').pop()!);
    expect(line).toMatchObject({ msg: 'snapshot too large for the API', uncompressedBytes: SNAPSHOT.length });
    expect(line.bytes).toBeGreaterThan(0);
    expect(ingest.received).toHaveLength(2);
    for (const logs of [a.logs(), b.logs()]) expect(logs).not.toContain('kwa_secret-token-value');
  });

  it('gives up after the configured attempts, keeping memory to this one snapshot', async () => {
    ingest.fallback = () => ({ status: 503 });
    const { p } = pusher({ maxAttempts: 3 });
    expect(await p.push('snap-6', BODY, HASH)).toEqual({ status: 'gave-up', attempts: 3, error: 'HTTP 503' });
  });

  it('reads a rotated token from its file before every request, without a restart', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kw-token-'));
    const file = path.join(dir, 'token');
    writeFileSync(file, 'kwa_first\n');
    const { p } = pusher({ token: { file, value: 'kwa_fallback' } });
    await p.push('snap-7', BODY, HASH);
    writeFileSync(file, 'kwa_second\n');
    await p.push('snap-8', BODY, HASH);
    expect(ingest.received.map((r) => r.headers.authorization)).toEqual(['Bearer kwa_first', 'Bearer kwa_second']);
  });

  it('sends a heartbeat, and reports a 409 as content the API does not hold', async () => {
    const { p } = pusher();
    const hash = 'a'.repeat(64);
    expect(await p.heartbeat(hash, '0.1.0')).toMatchObject({ status: 'heartbeat' });
    ingest.script.push({ status: 409 });
    expect(await p.heartbeat(hash, '0.1.0')).toEqual({ status: 'unknown' });
    expect(ingest.received.map((r) => [r.path, JSON.parse(r.text)])).toEqual([
      ['/v1/heartbeat', { contentHash: hash, agentVersion: '0.1.0' }],
      ['/v1/heartbeat', { contentHash: hash, agentVersion: '0.1.0' }],
    ]);
  });
});
