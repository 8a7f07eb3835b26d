import { Injectable } from '@nestjs/common';
import { contentHash, validateSnapshot } from '@kubeward/snapshot';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { AgentIdentity } from '../clusters/clusters.service';
import { SnapshotOutboxService } from '../snapshots/snapshot-outbox.service';
import { SnapshotsRepository } from '../snapshots/snapshots.repository';
import { z } from 'zod';
import { IngestError } from './ingest.errors';

const gzipAsync = promisify(gzip);

const heartbeat = z.object({
  contentHash: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in hex'),
  agentVersion: z.string().min(1).max(100),
});

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
  ) {}

  /** Validates and stores a snapshot, then queues its evaluation. Resolves once the row is durable. */
  async ingest(agent: AgentIdentity, body: Buffer): Promise<IngestResult> {
    const json = parseJson(body);
    const result = validateSnapshot(json);
    if (!result.ok) throw IngestError.invalidSnapshot(result.issues);
    const snapshot = result.snapshot;

    // Stored as validated (unknown fields dropped) so the evaluator reads only the contract.
    const canonical = Buffer.from(JSON.stringify(snapshot));
    const row = await this.snapshots.insert({
      organizationId: agent.organizationId,
      clusterId: agent.clusterId,
      externalId: snapshot.snapshotId,
      schemaVersion: snapshot.schemaVersion,
      agentVersion: snapshot.agent.version,
      contentHash: contentHash(snapshot),
      collectedAt: new Date(snapshot.collectedAt),
      sizeBytes: canonical.length,
      payload: new Uint8Array(await gzipAsync(canonical)),
      kubernetesVersion: snapshot.cluster.serverVersion?.gitVersion,
    });
    if (!row) {
      const existing = await this.snapshots.findByExternalId(agent.clusterId, snapshot.snapshotId);
      return { snapshotId: existing?.id ?? snapshot.snapshotId, duplicate: true };
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
