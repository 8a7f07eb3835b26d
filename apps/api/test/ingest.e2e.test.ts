import { GraphQLClient, gql } from 'graphql-request';
import { contentHash, SnapshotBuilder } from '@kubeward/snapshot';
import { gunzipSync, gzipSync } from 'node:zlib';
import request from 'supertest';
import { createTestContext, type TestContext } from './support/context';
import { post, settled, snapshotOf } from './support/snapshots';

/** The ingest endpoint's answers to bad, excessive and stale-token input. */
describe('ingest', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({
      INGEST_MAX_BYTES: String(1024 * 1024),
      INGEST_RATE_PER_MINUTE: '4',
      AGENT_TOKEN_GRACE_SECONDS: '2',
    });
  });
  afterAll(() => ctx?.close());

  it('refuses a gzip bomb with 413 as soon as it inflates past the limit, storing nothing', async () => {
    const { organizationId } = await ctx.newOrg();
    const { clusterId, agentToken } = await ctx.newCluster(organizationId);
    // 64 MB of zeros: 65 KB on the wire.
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(100_000);
    // fetch, not supertest: superagent would serialise a Buffer sent as JSON.
    const res = await fetch(`${ctx.url}/v1/snapshots`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${agentToken}`,
        'content-encoding': 'gzip',
        'content-type': 'application/json',
      },
      body: bomb,
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { message: string }).message).toMatch(
      /exceeds the limit of 1048576 bytes \(decompressed\)/,
    );
    const { rows } = await ctx.sql.query(`SELECT count(*)::int AS n FROM "Snapshot" WHERE "clusterId" = $1`, [
      clusterId,
    ]);
    expect(rows[0].n).toBe(0);
  });

  it('answers 429 with Retry-After past the per-cluster rate, without touching other clusters', async () => {
    const { organizationId } = await ctx.newOrg();
    const a = await ctx.newCluster(organizationId);
    const b = await ctx.newCluster(organizationId);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await post(ctx.url, a.agentToken, snapshotOf([], new Date().toISOString()))).status);
    expect(statuses).toEqual([202, 202, 202, 202, 429]);
    const limited = await post(ctx.url, a.agentToken, snapshotOf([], new Date().toISOString()));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body).toMatchObject({ error: 'RATE_LIMITED' });
    expect((await post(ctx.url, b.agentToken, snapshotOf([], new Date().toISOString()))).status).toBe(202);
  });

  it('keeps a rotated-away token working for the grace period, then refuses it; revocation is immediate', async () => {
    const { organizationId, ownerKey } = await ctx.newOrg();
    const { clusterId, agentToken: old } = await ctx.newCluster(organizationId);
    const graphql = new GraphQLClient(`${ctx.url}/graphql`, { headers: { authorization: `Bearer ${ownerKey}` } });
    const { rotateClusterToken } = await graphql.request<{
      rotateClusterToken: { agentToken: string; previousTokenValidUntil: string };
    }>(
      gql`
        mutation ($id: ID!) {
          rotateClusterToken(clusterId: $id) {
            agentToken
            previousTokenValidUntil
          }
        }
      `,
      { id: clusterId },
    );
    const beat = (token: string) =>
      request(ctx.url)
        .post('/v1/heartbeat')
        .set('authorization', `Bearer ${token}`)
        .send({ contentHash: 'f'.repeat(64), agentVersion: '1' });
    // 409: authenticated (the cluster has no snapshot with that content).
    expect((await beat(old)).status).toBe(409);
    expect((await beat(rotateClusterToken.agentToken)).status).toBe(409);
    await new Promise((r) => setTimeout(r, Date.parse(rotateClusterToken.previousTokenValidUntil) - Date.now() + 200));
    expect((await beat(old)).status).toBe(401);
    expect((await beat(rotateClusterToken.agentToken)).status).toBe(409);

    await graphql.request(
      gql`
        mutation ($id: ID!) {
          revokeClusterToken(clusterId: $id)
        }
      `,
      { id: clusterId },
    );
    const revoked = await beat(rotateClusterToken.agentToken);
    expect(revoked.status).toBe(401);
    expect(revoked.body.message).toMatch(/revoked or rotated away/);
  });

  it("checks a sender's claimed content hash instead of trusting it, and stores what it validated", async () => {
    const { organizationId } = await ctx.newOrg();
    const { clusterId, agentToken } = await ctx.newCluster(organizationId);
    const manifests = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace: 'shop' },
        spec: {
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
          },
        },
      },
    ];
    const first = snapshotOf(manifests, '2026-11-01T00:00:00Z');
    const truth = contentHash(first);
    const send = (body: string, claim: string) =>
      request(ctx.url)
        .post('/v1/snapshots')
        .set('authorization', `Bearer ${agentToken}`)
        .set('content-type', 'application/json')
        .set('x-kubeward-content-hash', claim)
        .send(body);
    // Keys reversed at every level: the same content, not canonical JSON.
    const reversed = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(reversed)
        : v && typeof v === 'object'
          ? Object.fromEntries(
              Object.entries(v)
                .reverse()
                .map(([k, x]) => [k, reversed(x)]),
            )
          : v;
    const second = { ...first, snapshotId: 'second-snapshot', unknownField: 'dropped' };
    expect((await send(JSON.stringify(first), truth)).status).toBe(202);
    expect((await send(JSON.stringify(reversed(second)), 'f'.repeat(64))).status).toBe(202);

    const { rows } = await ctx.sql.query(
      `SELECT s."externalId", s."contentHash", p.payload
         FROM "Snapshot" s LEFT JOIN "SnapshotPayload" p ON p."snapshotId" = s.id
        WHERE s."clusterId" = $1 ORDER BY "externalId"`,
      [clusterId],
    );
    expect(rows.map((r) => r.contentHash)).toEqual([truth, truth]);
    // Whichever was evaluated last keeps its payload; the other's may be gone already.
    const held = rows.filter((r) => r.payload !== null);
    expect(held.length).toBeGreaterThanOrEqual(1);
    for (const row of held) {
      const stored = JSON.parse(gunzipSync(row.payload as Buffer).toString('utf8')) as Record<string, unknown>;
      expect(stored).toEqual({ ...first, snapshotId: row.externalId });
    }
  });

  it('stores a byte-identical resubmission without parsing it, and never takes a claim for content', async () => {
    const { organizationId } = await ctx.newOrg();
    const { clusterId, agentToken } = await ctx.newCluster(organizationId);
    const builder = new SnapshotBuilder({}, { compact: true });
    builder.add({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } },
    });
    const agentText = (snapshotId: string, minute: number) => {
      const out = builder.serialise({
        snapshotId,
        collectedAt: new Date(Date.UTC(2026, 10, 2, 0, minute)).toISOString(),
        agentVersion: 'test',
      });
      return { text: [...out.pieces()].join(''), hash: out.contentHash };
    };
    const sent: Buffer[] = [];
    // fetch, not supertest: superagent would serialise a Buffer sent as JSON.
    const send = async (text: string, claim: string) => {
      sent.push(gzipSync(text));
      const res = await fetch(`${ctx.url}/v1/snapshots`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${agentToken}`,
          'content-type': 'application/json',
          'content-encoding': 'gzip',
          'x-kubeward-content-hash': claim,
        },
        body: sent.at(-1)!,
      });
      return { status: res.status, body: (await res.json()) as { message?: string } };
    };

    const first = agentText('resubmitted-1', 0);
    expect((await send(first.text, first.hash)).status).toBe(202);
    await settled(ctx.sql, clusterId, 'resubmitted-1');
    const again = agentText('resubmitted-2', 5);
    expect((await send(again.text, again.hash)).status).toBe(202);
    expect(await settled(ctx.sql, clusterId, 'resubmitted-2')).toBe('EVALUATED');

    // The newest content's hash claimed for other content, in the agent's form: the content is
    // hashed, found different, and goes through validation like any other.
    const forged = again.text.replace('"image":"nginx:1.27"', '"image":42').replace('resubmitted-2', 'resubmitted-3');
    const refused = await send(forged, again.hash);
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/image/);

    const { rows } = await ctx.sql.query(
      `SELECT s."externalId", s."contentHash", p.payload, e.id IS NOT NULL AS evaluated
         FROM "Snapshot" s LEFT JOIN "Evaluation" e ON e."snapshotId" = s.id
         LEFT JOIN "SnapshotPayload" p ON p."snapshotId" = s.id
        WHERE s."clusterId" = $1 ORDER BY s."externalId"`,
      [clusterId],
    );
    expect(rows.map((r) => [r.externalId, r.contentHash, r.evaluated])).toEqual([
      ['resubmitted-1', first.hash, true],
      ['resubmitted-2', first.hash, true],
    ]);
    // Stored as received, not compressed again: the agent's text is the stored form.
    expect(gunzipSync(rows[1].payload as Buffer).toString('utf8')).toBe(again.text);
    expect(Buffer.compare(rows[1].payload as Buffer, sent[1]!)).toBe(0);
  });

  it('keeps only the newest evaluated payload of a cluster: older ones live on as history', async () => {
    const { organizationId } = await ctx.newOrg();
    const { clusterId, agentToken } = await ctx.newCluster(organizationId);
    const ids: string[] = [];
    for (const minute of [0, 5]) {
      const snapshot = snapshotOf([], new Date(Date.UTC(2026, 10, 1, 0, minute)).toISOString());
      expect((await post(ctx.url, agentToken, snapshot)).status).toBe(202);
      await settled(ctx.sql, clusterId, snapshot.snapshotId);
      ids.push(snapshot.snapshotId);
    }
    const { rows } = await ctx.sql.query(
      `SELECT "externalId", EXISTS (SELECT 1 FROM "SnapshotPayload" p WHERE p."snapshotId" = s.id) AS kept
       FROM "Snapshot" s WHERE "clusterId" = $1`,
      [clusterId],
    );
    expect(Object.fromEntries(rows.map((r) => [r.externalId, r.kept]))).toEqual({ [ids[0]!]: false, [ids[1]!]: true });
  });
});
