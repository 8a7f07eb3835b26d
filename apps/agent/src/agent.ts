import { randomUUID } from 'node:crypto';
import type { Serialised } from '@kubeward/snapshot/collect';
import type { KindStatus } from './collect/cluster-watch';
import type { Collector } from './collect/collector';
import type { Log } from './log';
import { compress, delivered, type PushOutcome, type Pusher } from './push/pusher';
import { AGENT_VERSION } from './version';

export interface CycleResult {
  snapshotId: string;
  workloads: number;
  contentHash: string;
  push: PushOutcome;
}

/** What the health endpoint reports. */
export interface AgentStatus {
  /** When the last cycle started and ended (ms since the epoch). */
  cycleStartedAt?: number;
  cycleEndedAt?: number;
  /** When a snapshot or heartbeat last reached the API. */
  lastDeliveredAt?: number;
  lastOutcome?: PushOutcome['status'];
  lastError?: string;
  /** In watch mode: each kind's watch. */
  watch?: ReadonlyMap<string, KindStatus>;
}

/**
 * One collection → normalise → push cycle. An unchanged cluster (same content hash as the last
 * snapshot the API took) costs one small heartbeat instead of the whole snapshot.
 */
export class Agent {
  readonly status: AgentStatus = {};
  private lastDeliveredHash: string | undefined;

  constructor(
    private readonly collector: Collector,
    private readonly pusher: Pusher,
    private readonly log: Log,
  ) {}

  async runOnce(signal?: AbortSignal): Promise<CycleResult> {
    this.status.cycleStartedAt = Date.now();
    try {
      const result = await this.cycle(signal);
      this.status.lastOutcome = result.push.status;
      this.status.lastError = undefined;
      if (delivered(result.push)) this.status.lastDeliveredAt = Date.now();
      return result;
    } catch (err) {
      this.status.lastError = (err as Error).message;
      throw err;
    } finally {
      this.status.cycleEndedAt = Date.now();
    }
  }

  private async cycle(signal?: AbortSignal): Promise<CycleResult> {
    const started = performance.now();
    const collected = await this.collector.collect(signal);
    const snapshotId = randomUUID();
    // Serialised straight from the builder's pieces: the snapshot never exists as objects here.
    const serialised = collected.builder.serialise({
      snapshotId,
      collectedAt: new Date().toISOString(),
      agentVersion: AGENT_VERSION,
      source: 'cluster',
      serverVersion: collected.serverVersion,
      endpoint: collected.endpoint,
      notCollected: collected.notCollected,
    });
    const hash = serialised.contentHash;
    const summary = { snapshotId, workloads: serialised.workloads, contentHash: hash };
    this.log.info(
      {
        ...summary,
        bytes: serialised.bytes,
        skipped: collected.builder.skipped.length,
        notCollected: Object.keys(collected.notCollected),
        ms: Math.round(performance.now() - started),
      },
      'collected snapshot',
    );
    return { ...summary, push: await this.deliver(snapshotId, serialised, signal) };
  }

  /**
   * Sends a whole snapshot, or only a heartbeat when its content is what the API last took. The
   * API may have lost or never kept that content (a restore, a new cluster id): then it all goes.
   */
  async deliver(snapshotId: string, serialised: Serialised, signal?: AbortSignal): Promise<PushOutcome> {
    const hash = serialised.contentHash;
    if (hash === this.lastDeliveredHash) {
      const beat = await this.pusher.heartbeat(hash, AGENT_VERSION, signal);
      if (beat.status !== 'unknown') return beat;
    }
    const push = await this.pusher.push(snapshotId, await compress(serialised.pieces()), hash, signal);
    if (delivered(push)) this.lastDeliveredHash = hash;
    return push;
  }

  /** Notes the content the API took by another way (a delta). */
  delivered(contentHash: string): void {
    this.lastDeliveredHash = contentHash;
  }
}
