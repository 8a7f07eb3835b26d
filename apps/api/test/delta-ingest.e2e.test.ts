import {
  contentHash,
  diffSections,
  serialiseDelta,
  type SectionIndex,
  SnapshotState,
  type Snapshot,
} from '@kubeward/snapshot';
import { gzipSync } from 'node:zlib';
import { createTestContext, type TestContext } from './support/context';
import { deployment, historyOf, post, settled } from './support/snapshots';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The agent's side of the protocol, from the snapshot package's own state: a full push, then deltas. */
class ScriptedAgent {
  readonly state = new SnapshotState();
  private acked?: { index: SectionIndex; hash: string };
  private n = 0;

  constructor(
    private readonly ctx: TestContext,
    private readonly token: string,
    private readonly minute: (n: number) => string,
  ) {}

  next(objects: Obj[]): { snapshotId: string; collectedAt: string } {
    for (const o of objects) this.state.upsert(o, o.kind);
    this.n++;
    return { snapshotId: `snap-${String(this.n).padStart(4, '0')}`, collectedAt: this.minute(this.n) };
  }

  full(stamps: { snapshotId: string; collectedAt: string }): Snapshot {
    const index = this.state.index();
    const out = this.state.serialise({ ...stamps, agentVersion: 'test' }, index);
    this.acked = { index, hash: out.contentHash };
    return JSON.parse([...out.pieces()].join('')) as Snapshot;
  }

  /** The delta against the last acknowledged state, its claimed result hash, and its request. */
  delta(stamps: { snapshotId: string; collectedAt: string }, base = this.acked!.hash) {
    const index = this.state.index();
    const { snapshotId: _s, collectedAt: _c, ...head } = this.state.head({ ...stamps, agentVersion: 'test' });
    const text = serialiseDelta({ ...stamps, baseContentHash: base }, head, diffSections(this.acked!.index, index));
    const hash = this.state.serialise({ ...stamps, agentVersion: 'test' }, index).contentHash;
    return {
      text,
      hash,
      send: (claimed = hash, body: Buffer = gzipSync(text)) =>
        fetch(`${this.ctx.url}/v1/snapshots/delta`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${this.token}`,
            'content-type': 'application/json',
            'content-encoding': 'gzip',
            'x-kubeward-content-hash': claimed,
          },
          body,
        }),
      ack: () => (this.acked = { index, hash }),
    };
  }
}

describe('deltas at ingest', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx?.close());

  const start = Date.now() - 3_600_000;
  const minute = (n: number) => new Date(start + n * 60_000).toISOString();

  it('evaluates a delta exactly as the full snapshot it makes: same findings, history, drift and causes', async () => {
    const { organizationId } = await ctx.newOrg();
    const viaDeltas = await ctx.newCluster(organizationId);
    const viaFull = await ctx.newCluster(organizationId);
    const agent = new ScriptedAgent(ctx, viaDeltas.agentToken, minute);
    const twin = new ScriptedAgent(ctx, viaFull.agentToken, minute);
    const steps: Obj[][] = [
      [deployment('api'), deployment('worker'), deployment('batch', { hostPID: true })],
      [deployment('api', { privileged: true })],
      [deployment('cron', { privileged: true, hostPID: true }), deployment('batch')],
    ];
    for (const [i, objects] of steps.entries()) {
      const stamps = agent.next(objects);
      twin.next(objects);
      if (i === 0) {
        expect((await post(ctx.url, viaDeltas.agentToken, agent.full(stamps))).status).toBe(202);
      } else {
        const delta = agent.delta(stamps);
        // One changed Deployment is a small request, whatever the cluster's size.
        expect(gzipSync(delta.text).length).toBeLessThan(5_000);
        const res = await delta.send();
        expect(res.status).toBe(202);
        expect(await res.json()).toMatchObject({ status: 'accepted' });
        delta.ack();
      }
      expect((await post(ctx.url, viaFull.agentToken, twin.full(stamps))).status).toBe(202);
      expect(await settled(ctx.sql, viaDeltas.clusterId, stamps.snapshotId)).toBe('EVALUATED');
      expect(await settled(ctx.sql, viaFull.clusterId, stamps.snapshotId)).toBe('EVALUATED');
    }
    // A deletion travels as a removal.
    const stamps = agent.next([]);
    twin.next([]);
    const gone = deployment('worker');
    agent.state.remove(gone, 'Deployment');
    twin.state.remove(gone, 'Deployment');
    const removal = agent.delta(stamps);
    expect(JSON.parse(removal.text).removed).toEqual({ workloads: ['payments/Deployment/worker'] });
    expect((await removal.send()).status).toBe(202);
    expect((await post(ctx.url, viaFull.agentToken, twin.full(stamps))).status).toBe(202);
    expect(await settled(ctx.sql, viaDeltas.clusterId, stamps.snapshotId)).toBe('EVALUATED');
    expect(await settled(ctx.sql, viaFull.clusterId, stamps.snapshotId)).toBe('EVALUATED');

    const deltas = await historyOf(ctx.sql, viaDeltas.clusterId);
    expect(deltas.findings.length).toBeGreaterThan(0);
    expect(deltas.changes.length).toBeGreaterThan(0);
    expect(deltas).toEqual(await historyOf(ctx.sql, viaFull.clusterId));
    // The stored snapshots are the same content, byte for byte.
    const { rows } = await ctx.sql.query(
      `SELECT "clusterId", "externalId", "contentHash" FROM "Snapshot" WHERE "clusterId" = ANY($1) ORDER BY "externalId"`,
      [[viaDeltas.clusterId, viaFull.clusterId]],
    );
    const hashes = (id: string) => rows.filter((r) => r.clusterId === id).map((r) => [r.externalId, r.contentHash]);
    expect(hashes(viaDeltas.clusterId)).toEqual(hashes(viaFull.clusterId));
  });

  it('answers 409 for a base it does not hold or a result that is not what the agent named, so the agent sends it all', async () => {
    const { organizationId } = await ctx.newOrg();
    const cluster = await ctx.newCluster(organizationId);
    const agent = new ScriptedAgent(ctx, cluster.agentToken, minute);
    const first = agent.next([deployment('api')]);
    const base = agent.full(first);
    expect((await post(ctx.url, cluster.agentToken, base)).status).toBe(202);
    const stamps = agent.next([deployment('api', { privileged: true })]);

    const unknown = await agent.delta(stamps, 'f'.repeat(64)).send();
    expect(unknown.status).toBe(409);
    expect(await unknown.json()).toMatchObject({
      error: 'CONFLICT',
      message: expect.stringMatching(/base content hash/),
    });

    const delta = agent.delta(stamps);
    const mismatch = await delta.send('0'.repeat(64));
    expect(mismatch.status).toBe(409);
    expect(await mismatch.json()).toMatchObject({ message: expect.stringMatching(/does not make the content/) });
    const { rows } = await ctx.sql.query(`SELECT count(*)::int AS n FROM "Snapshot" WHERE "clusterId" = $1`, [
      cluster.clusterId,
    ]);
    expect(rows[0].n).toBe(1);

    // Idempotent: the same delta twice is one snapshot; a retry after a newer one is still acknowledged.
    expect(await (await delta.send()).json()).toMatchObject({ status: 'accepted' });
    delta.ack();
    const later = agent.delta(agent.next([deployment('worker')]));
    expect((await later.send()).status).toBe(202);
    expect(await (await delta.send()).json()).toMatchObject({ status: 'duplicate' });
    expect(contentHash(base)).not.toBe(delta.hash);
  });

  it('names what is wrong with a bad delta and stores nothing', async () => {
    const { organizationId } = await ctx.newOrg();
    const cluster = await ctx.newCluster(organizationId);
    const agent = new ScriptedAgent(ctx, cluster.agentToken, minute);
    expect((await post(ctx.url, cluster.agentToken, agent.full(agent.next([deployment('api')])))).status).toBe(202);
    const delta = agent.delta(agent.next([deployment('api', { privileged: true })]));
    const bad = async (body: object | string, claimed?: string) => {
      const res = await delta.send(claimed, gzipSync(typeof body === 'string' ? body : JSON.stringify(body)));
      return { status: res.status, body: (await res.json()) as { error: string; message: string } };
    };
    const parsed = JSON.parse(delta.text);
    expect(await bad('{"snapshotId":')).toMatchObject({ status: 400, body: { message: /not valid JSON/ } });
    expect(await bad({ ...parsed, removed: { secrets: ['a/b'] } })).toMatchObject({
      status: 400,
      body: { message: /^Invalid delta at removed\.secrets/ },
    });
    expect(await bad({ ...parsed, removed: { services: ['payments/nothing'] } })).toMatchObject({
      status: 400,
      body: { message: 'Invalid delta at removed.services[0]: payments/nothing is not in the base snapshot' },
    });
    expect(await bad({ ...parsed, snapshotId: 'no spaces allowed' })).toMatchObject({
      status: 400,
      body: { message: /^Invalid delta at snapshotId/ },
    });
    const workload = parsed.upserted.workloads[0];
    expect(
      await bad({ ...parsed, upserted: { workloads: [{ ...workload, podSpec: { containers: 'nope' } }] } }),
    ).toMatchObject({ status: 400, body: { message: /^Invalid snapshot at workloads\[0\]\.podSpec/ } });
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect(await bad({ ...parsed, collectedAt: future })).toMatchObject({
      status: 400,
      body: { message: /^Invalid snapshot at collectedAt/ },
    });
    const res = await fetch(`${ctx.url}/v1/snapshots/delta`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: delta.text,
    });
    expect(res.status).toBe(401);
    const { rows } = await ctx.sql.query(`SELECT count(*)::int AS n FROM "Snapshot" WHERE "clusterId" = $1`, [
      cluster.clusterId,
    ]);
    expect(rows[0].n).toBe(1);
  });
});
