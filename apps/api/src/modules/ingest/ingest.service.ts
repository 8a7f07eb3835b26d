import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import {
  applyDelta,
  contentDigest,
  formatPath,
  SCHEMA_VERSION,
  type Snapshot,
  type SnapshotDelta,
  snapshotDelta,
  snapshot as snapshotSchema,
  stampsOf,
  withStamps,
} from '@kubeward/snapshot';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { AgentIdentity } from '../clusters/clusters.service';
import { SnapshotOutboxService } from '../snapshots/snapshot-outbox.service';
import { type NewSnapshot, SnapshotsRepository } from '../snapshots/snapshots.repository';
import { z } from 'zod';
import { futureTimestampProblem } from './clock';
import { IngestError } from './ingest.errors';
import type { Body } from './read-body';
import { SnapshotValidator } from './snapshot-validator';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

const heartbeat = z.object({
  contentHash: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in hex'),
  agentVersion: z.string().min(1).max(100),
});

/** The two fields a resubmission is stored with, checked as the full contract checks them. */
const STAMPS = snapshotSchema.pick({ snapshotId: true, collectedAt: true });

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw IngestError.badJson((err as Error).message);
  }
}

/** What a snapshot row is made of: its JSON in the `withStamps` form, or that JSON's gzip and size. */
type StoredSnapshot = Omit<
  NewSnapshot,
  'organizationId' | 'clusterId' | 'externalId' | 'collectedAt' | 'sizeBytes' | 'payload'
> & { snapshotId: string; collectedAt: string } & (
    { text: Buffer; gzip?: Buffer } | { sizeBytes: number; gzip: Buffer; text?: undefined }
  );

/** What a snapshot row records of a validated snapshot besides its payload. */
const storedFields = (snapshot: Snapshot, contentHash: string) => ({
  snapshotId: snapshot.snapshotId,
  collectedAt: snapshot.collectedAt,
  contentHash,
  schemaVersion: snapshot.schemaVersion,
  agentVersion: snapshot.agent.version,
  kubernetesVersion: snapshot.cluster.serverVersion?.gitVersion,
});

export interface IngestResult {
  snapshotId: string;
  duplicate: boolean;
}

@Injectable()
export class IngestService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly snapshots: SnapshotsRepository,
    private readonly outbox: SnapshotOutboxService,
    private readonly validator: SnapshotValidator,
  ) {}

  /**
   * Validates and stores a snapshot, then queues its evaluation. Resolves once the row is durable.
   * `claimedHash` is the content hash the sender says it computed (checked, never trusted).
   */
  async ingest(agent: AgentIdentity, body: Body, claimedHash?: string): Promise<IngestResult> {
    const resent = claimedHash ? await this.resubmission(agent, body, claimedHash) : undefined;
    if (resent) return resent;
    return this.store(agent, this.validated(body, claimedHash));
  }

  /**
   * The snapshot as it will be stored. Its own function so that the parsed and validated objects
   * (several times the body's size) are garbage before the row is written: with many large
   * snapshots in flight, what each request keeps alive across the insert bounds the API's memory.
   */
  private validated(body: Body, claimedHash?: string): StoredSnapshot {
    // Whether the body is already the stored form is decided from its bytes (hashed, not copied)…
    const received = stampsOf(body.text);
    const size = body.text.length;
    const source = body.text.toString('utf8');
    // …so a gzipped body's inflated bytes can go before parsing: its gzip is what is stored when
    // it is unchanged, and otherwise the snapshot is serialised anew. One copy less in memory.
    const gzip = body.gzip;
    if (gzip) body.text = Buffer.alloc(0);
    const result = this.validator.validate(parseJson(source));
    if (!result.ok) throw IngestError.invalidSnapshot(result.issues);
    const snapshot = result.snapshot;
    // Stored as validated (unknown fields dropped, defaults filled) so the evaluator reads only the
    // contract, and from the text that was hashed, so the snapshot is serialised once.
    const digest = contentDigest(snapshot, claimedHash);
    // The agent's own text, which validation left as it was (its stamps lead, as the same strings,
    // and the rest hashes to the validated content): stored as it came, neither serialised again
    // nor gzipped again.
    const unchanged =
      received?.contentHash === digest.hash &&
      received.snapshotId === snapshot.snapshotId &&
      received.collectedAt === snapshot.collectedAt;
    const fields = storedFields(snapshot, digest.hash);
    if (unchanged && gzip) return { ...fields, sizeBytes: size, gzip };
    if (unchanged) return { ...fields, text: body.text };
    return { ...fields, text: Buffer.from(withStamps(snapshot, digest.text)) };
  }

  /**
   * A snapshot whose content is, byte for byte, the cluster's newest (an agent that restarted and
   * lost its heartbeat state resends everything): stored from its bytes without parsing them, as
   * that content was validated when it first came. Undefined for anything else, which then takes
   * the full path (so a malformed body still gets its precise errors there).
   */
  private async resubmission(agent: AgentIdentity, body: Body, claimedHash: string): Promise<IngestResult | undefined> {
    const found = stampsOf(body.text);
    if (!found || found.contentHash !== claimedHash || !STAMPS.safeParse(found).success) return undefined;
    const newest = agent.newest;
    if (newest?.contentHash !== found.contentHash || newest.agentVersion === null) return undefined;
    return this.store(agent, {
      snapshotId: found.snapshotId,
      collectedAt: found.collectedAt,
      contentHash: found.contentHash,
      // The only version the contract accepts, so the one that content was validated under.
      schemaVersion: SCHEMA_VERSION,
      agentVersion: newest.agentVersion,
      text: body.text,
      gzip: body.gzip,
    });
  }

  /**
   * A delta: applied to the stored snapshot it names as its base, and the snapshot it makes
   * validated and stored exactly as a full one (same contract, limits, clock check, idempotency,
   * evaluation). `reserve` takes the base's share of the request's memory lease before it is read.
   */
  async ingestDelta(
    agent: AgentIdentity,
    body: Body,
    claimedHash: string | undefined,
    reserve: (bytes: number) => void,
  ): Promise<IngestResult> {
    const delta = this.parsedDelta(body);
    if (!claimedHash) {
      throw IngestError.badDelta('X-Kubeward-Content-Hash', 'a delta names the content hash of the snapshot it makes');
    }
    const stamps = STAMPS.safeParse(delta);
    if (!stamps.success) {
      const issue = stamps.error.issues[0]!;
      throw IngestError.badDelta(formatPath(issue.path), issue.message);
    }
    // A retry of a delta already taken: acknowledged before its base (since superseded) is looked for.
    const existing = await this.snapshots.findByExternalId(agent.clusterId, delta.snapshotId);
    if (existing) return { snapshotId: existing.id, duplicate: true };
    const base = await this.snapshots.payloadWithContent(agent.clusterId, delta.baseContentHash);
    if (!base) throw IngestError.unknownBase();
    reserve(base.sizeBytes);
    const stored = await this.appliedDelta(base.payload, delta, claimedHash);
    if (stored.contentHash !== claimedHash) throw IngestError.deltaMismatch();
    return this.store(agent, stored);
  }

  private parsedDelta(body: Body): SnapshotDelta {
    const parsed = snapshotDelta.safeParse(parseJson(body.text.toString('utf8')));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw IngestError.badDelta(formatPath(issue.path), issue.message);
    }
    return parsed.data as SnapshotDelta;
  }

  /** The snapshot the delta makes, validated as a full one; its own function so the base is garbage before the insert. */
  private async appliedDelta(
    basePayload: Buffer,
    delta: SnapshotDelta,
    claimedHash: string,
  ): Promise<StoredSnapshot & { text: Buffer }> {
    // Stored after validation: the base is trusted to be a snapshot.
    const base = JSON.parse((await gunzipAsync(basePayload)).toString('utf8')) as Snapshot;
    const applied = applyDelta(base, delta);
    if (!applied.ok) throw IngestError.badDelta(applied.issue.path, applied.issue.message);
    const result = this.validator.validate(applied.snapshot);
    if (!result.ok) throw IngestError.invalidSnapshot(result.issues);
    const snapshot = result.snapshot;
    // Base and delta are canonical text and `applyDelta` keeps that order, so the claim usually
    // holds without sorting every key; `contentDigest` checks it and sorts when it does not.
    const digest = contentDigest(snapshot, claimedHash);
    return { ...storedFields(snapshot, digest.hash), text: Buffer.from(withStamps(snapshot, digest.text)) };
  }

  private async store(agent: AgentIdentity, s: StoredSnapshot): Promise<IngestResult> {
    // Checked before anything is stored, on both paths: the agent's clock orders snapshots only
    // within the skew, so a forged future time cannot make every later snapshot stale.
    const problem = futureTimestampProblem(s.collectedAt, Date.now(), this.config.ingest.maxClockSkewMs);
    if (problem) throw IngestError.invalidSnapshot([{ path: 'collectedAt', message: problem }]);
    const row = await this.snapshots.insert({
      organizationId: agent.organizationId,
      clusterId: agent.clusterId,
      externalId: s.snapshotId,
      schemaVersion: s.schemaVersion,
      agentVersion: s.agentVersion,
      contentHash: s.contentHash,
      collectedAt: new Date(s.collectedAt),
      sizeBytes: s.text === undefined ? s.sizeBytes : s.text.length,
      payload: s.text === undefined ? s.gzip : (s.gzip ?? (await gzipAsync(s.text))),
      kubernetesVersion: s.kubernetesVersion,
    });
    if (!row.duplicate) this.outbox.submit(row.id);
    return { snapshotId: row.id, duplicate: row.duplicate };
  }

  /** An unchanged snapshot, announced by its content hash; CONFLICT when we do not hold that content. */
  async heartbeat(agent: AgentIdentity, body: Buffer): Promise<void> {
    const json = parseJson(body.toString('utf8'));
    const parsed = heartbeat.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw IngestError.badHeartbeat(issue.path.join('.') || '(root)', issue.message);
    }
    // Only the newest content counts: an agent back on older content must send it whole.
    if (agent.newest?.contentHash !== parsed.data.contentHash) throw IngestError.unknownContent();
    await this.snapshots.noteHeartbeat(agent.clusterId, parsed.data.agentVersion);
  }
}
