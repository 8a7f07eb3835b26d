import { contentHash } from '@kubeward/snapshot';
import { randomUUID } from 'node:crypto';
import type { Collector } from './collect/collector';
import type { Log } from './log';
import type { PushOutcome, Pusher } from './push/pusher';
import { AGENT_VERSION } from './version';

export interface CycleResult {
  snapshotId: string;
  workloads: number;
  contentHash: string;
  push: PushOutcome;
}

/** One collection → normalise → push cycle. */
export class Agent {
  constructor(
    private readonly collector: Collector,
    private readonly pusher: Pusher,
    private readonly log: Log,
  ) {}

  async runOnce(signal?: AbortSignal): Promise<CycleResult> {
    const started = performance.now();
    const collected = await this.collector.collect();
    const snapshotId = randomUUID();
    const snapshot = collected.builder.build({
      snapshotId,
      collectedAt: new Date().toISOString(),
      agentVersion: AGENT_VERSION,
      source: 'cluster',
      serverVersion: collected.serverVersion,
      endpoint: collected.endpoint,
      notCollected: collected.notCollected,
    });
    const hash = contentHash(snapshot);
    this.log.info(
      {
        snapshotId,
        workloads: snapshot.workloads.length,
        skipped: collected.builder.skipped.length,
        notCollected: Object.keys(collected.notCollected),
        ms: Math.round(performance.now() - started),
      },
      'collected snapshot',
    );
    const push = await this.pusher.push(snapshotId, JSON.stringify(snapshot), signal);
    return { snapshotId, workloads: snapshot.workloads.length, contentHash: hash, push };
  }
}
