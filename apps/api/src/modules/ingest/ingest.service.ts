import { Injectable } from '@nestjs/common';
import { contentDigest, snapshot as snapshotSchema, stampsOf, withStamps } from '@kubeward/snapshot';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { AgentIdentity } from '../clusters/clusters.service';
import { SnapshotOutboxService } from '../snapshots/snapshot-outbox.service';
import { type NewSnapshot, SnapshotsRepository } from '../snapshots/snapshots.repository';
import { z } from 'zod';
import { IngestError } from './ingest.errors';
import { SnapshotValidator } from './snapshot-validator';

const gzipAsync = promisify(gzip);

const heartbeat = z.object({
  contentHash: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in hex'),
  agentVersion: z.string().min(1).max(100),
});

/** The two fields a resubmission is stored with, checked as the full contract checks them. */
const STAMPS = snapshotSchema.pick({ snapshotId: true, collectedAt: true });

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw IngestError.badJson((err as Error).message);
  }
}

export interface IngestResult {
  snapshotId: string;
  duplicate: boolean;
}

@Injectable()
export class IngestService {
  constructor(
    private readonly snapshots: SnapshotsRepository,
    private readonly outbox: SnapshotOutboxService,
    private readonly validator: SnapshotValidator,
  ) {}

  /**
   * Validates and stores a snapshot, then queues its evaluation. Resolves once the row is durable.
   * `claimedHash` is the content hash the sender says it computed (checked, never trusted).
   */
  async ingest(agent: AgentIdentity, body: Buffer, claimedHash?: string): Promise<IngestResult> {
    const resent = claimedHash ? await this.resubmission(agent, body, claimedHash) : undefined;
    if (resent) return resent;

    const json = parseJson(body);
    const result = this.validator.validate(json);
    if (!result.ok) throw IngestError.invalidSnapshot(result.issues);
    const snapshot = result.snapshot;
    // Stored as validated (unknown fields dropped, defaults filled) so the evaluator reads only the
    // contract, and from the text that was hashed, so the snapshot is serialised once.
    const digest = contentDigest(snapshot, claimedHash);
    return this.store(agent, {
      snapshotId: snapshot.snapshotId,
      collectedAt: snapshot.collectedAt,
      contentHash: digest.hash,
      schemaVersion: snapshot.schemaVersion,
      agentVersion: snapshot.agent.version,
      kubernetesVersion: snapshot.cluster.serverVersion?.gitVersion,
      text: Buffer.from(withStamps(snapshot, digest.text)),
    });
  }

  /**
   * A snapshot whose content is, byte for byte, the cluster's newest (an agent that restarted and
   * lost its heartbeat state resends everything): stored from its bytes without parsing them, as
   * that content was validated when it first came. Undefined for anything else, which then takes
   * the full path (so a malformed body still gets its precise errors there).
   */
  private async resubmission(
    agent: AgentIdentity,
    body: Buffer,
    claimedHash: string,
  ): Promise<IngestResult | undefined> {
    const found = stampsOf(body);
    if (!found || found.contentHash !== claimedHash || !STAMPS.safeParse(found).success) return undefined;
    const newest = await this.snapshots.newest(agent.clusterId);
    if (newest?.contentHash !== found.contentHash || newest.agentVersion === null) return undefined;
    return this.store(agent, {
      snapshotId: found.snapshotId,
      collectedAt: found.collectedAt,
      contentHash: found.contentHash,
      schemaVersion: newest.schemaVersion,
      agentVersion: newest.agentVersion,
      text: body,
    });
  }

  private async store(
    agent: AgentIdentity,
    s: Omit<NewSnapshot, 'organizationId' | 'clusterId' | 'externalId' | 'collectedAt' | 'sizeBytes' | 'payload'> & {
      snapshotId: string;
      collectedAt: string;
      /** The snapshot's JSON in the `withStamps` form. */
      text: Buffer;
    },
  ): Promise<IngestResult> {
    const row = await this.snapshots.insert({
      organizationId: agent.organizationId,
      clusterId: agent.clusterId,
      externalId: s.snapshotId,
      schemaVersion: s.schemaVersion,
      agentVersion: s.agentVersion,
      contentHash: s.contentHash,
      collectedAt: new Date(s.collectedAt),
      sizeBytes: s.text.length,
      payload: new Uint8Array(await gzipAsync(s.text)),
      kubernetesVersion: s.kubernetesVersion,
    });
    if (!row) {
      const existing = await this.snapshots.findByExternalId(agent.clusterId, s.snapshotId);
      return { snapshotId: existing?.id ?? s.snapshotId, duplicate: true };
    }
    await this.outbox.enqueue(row.id);
    return { snapshotId: row.id, duplicate: false };
  }

  /** An unchanged snapshot, announced by its content hash; CONFLICT when we do not hold that content. */
  async heartbeat(agent: AgentIdentity, body: Buffer): Promise<void> {
    const json = parseJson(body);
    const parsed = heartbeat.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw IngestError.badHeartbeat(issue.path.join('.') || '(root)', issue.message);
    }
    const known = await this.snapshots.heartbeat(agent.clusterId, parsed.data.contentHash, parsed.data.agentVersion);
    if (!known) throw IngestError.unknownContent();
  }
}
