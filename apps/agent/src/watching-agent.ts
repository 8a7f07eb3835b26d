import { type BuildOptions, diffSections, type SectionIndex, serialiseDelta } from '@kubeward/snapshot/collect';
import { randomUUID } from 'node:crypto';
import type { Agent } from './agent';
import type { ClusterWatch } from './collect/cluster-watch';
import type { Log } from './log';
import { compress, delivered, type PushOutcome, type Pusher } from './push/pusher';
import { AGENT_VERSION } from './version';

export interface WatchLoopOptions {
  /** Quiet time after a change before pushing: a burst of edits (one `kubectl apply`) is one push. */
  debounceMs: number;
  /** The longest a change waits for quiet: a cluster that never settles still pushes this often. */
  maxDelayMs: number;
  /** With nothing to push, a heartbeat this often (the API marks a silent cluster stale). */
  heartbeatMs: number;
  /** Every kind listed again and the whole snapshot pushed this often, whatever the watches said. */
  resyncMs: number;
}

/** The content the API last acknowledged: what the next delta is computed against. */
interface Acked {
  index: SectionIndex;
  hash: string;
}

/**
 * Watch mode: pushes the cluster's changes as they happen. The first push, the one after any
 * relist and the one on every resync are whole snapshots; between them each debounced batch of
 * changes goes as a delta against the content the API last acknowledged. A delta the API cannot
 * apply (409) is followed at once by the whole snapshot.
 */
export class WatchingAgent {
  private acked?: Acked;
  private pending = false;
  private firstChangeAt = 0;
  private lastChangeAt = 0;
  private lastFullAt = 0;
  private lastPushAt = 0;
  private retryAt = 0;
  private wakeUp?: () => void;

  constructor(
    private readonly agent: Agent,
    private readonly watch: ClusterWatch,
    private readonly pusher: Pusher,
    private readonly log: Log,
    private readonly endpoint: string,
    private readonly options: WatchLoopOptions,
  ) {
    agent.status.watch = watch.kinds;
  }

  /** Called by the watch on every change to the state. */
  changed(): void {
    const now = Date.now();
    if (!this.pending) this.firstChangeAt = now;
    this.pending = true;
    this.lastChangeAt = now;
    this.wakeUp?.();
  }

  async run(signal: AbortSignal): Promise<void> {
    await this.watch.start(signal);
    this.lastFullAt = Date.now();
    while (!signal.aborted) {
      try {
        await this.step(signal);
      } catch (err) {
        if (signal.aborted) break;
        this.agent.status.lastError = (err as Error).message;
        this.log.error({ err: (err as Error).message }, 'push step failed');
        this.pending = true;
        this.retryAt = Date.now() + this.options.heartbeatMs;
      }
      await this.waitForWork(signal);
    }
    await this.watch.stopped();
  }

  /**
   * Until there is something to push (debounced), a heartbeat is due, or a resync — and never
   * before `retryAt`: after a push that failed (API down, token refused) the next one waits an
   * interval, however much changes meanwhile, so a refusing API never gets a storm.
   */
  private async waitForWork(signal: AbortSignal): Promise<void> {
    for (;;) {
      if (signal.aborted) return;
      const now = Date.now();
      let at = Math.min(this.lastPushAt + this.options.heartbeatMs, this.lastFullAt + this.options.resyncMs);
      if (this.pending) {
        const quietAt = this.lastChangeAt + this.options.debounceMs;
        at = Math.min(at, quietAt, this.firstChangeAt + this.options.maxDelayMs);
      }
      at = Math.max(at, this.retryAt);
      if (at <= now) return;
      await this.sleep(at - now, signal);
    }
  }

  private sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done);
      this.wakeUp = done;
    });
  }

  private async step(signal: AbortSignal): Promise<void> {
    const status = this.agent.status;
    status.cycleStartedAt = Date.now();
    if (status.cycleStartedAt - this.lastFullAt >= this.options.resyncMs) {
      this.log.info('resync: listing every kind again');
      await this.watch.start(signal);
      this.lastFullAt = Date.now();
    }
    const options: BuildOptions = {
      snapshotId: randomUUID(),
      collectedAt: new Date().toISOString(),
      agentVersion: AGENT_VERSION,
      source: 'cluster',
      serverVersion: this.watch.serverVersion,
      endpoint: this.endpoint,
      notCollected: this.watch.notCollected,
    };
    this.pending = false;
    await this.watch.settle(signal);
    // Something could not be read again: pushed as it is, and tried again with the next push.
    if (this.watch.state.wanted().length > 0) this.pending = true;
    const full = this.watch.fullNeeded || !this.acked;
    this.watch.fullNeeded = false;
    const index = this.watch.state.index();
    const serialised = this.watch.state.serialise(options, index);
    let push: PushOutcome | undefined;
    if (!full && serialised.contentHash !== this.acked!.hash)
      push = await this.pushDelta(options, index, serialised.contentHash, signal);
    // Whole: the first, after a relist or resync, or when the API could not apply the delta.
    // Unchanged content costs a heartbeat.
    push ??= await this.agent.deliver(options.snapshotId, serialised, signal);
    status.lastOutcome = push.status;
    if (delivered(push)) {
      this.acked = { index, hash: serialised.contentHash };
      status.lastDeliveredAt = Date.now();
      status.lastError = undefined;
      if (full) this.lastFullAt = Date.now();
    } else {
      // Tried again after an interval, with every change since; a full push if the content was one.
      this.pending = true;
      this.retryAt = Date.now() + this.options.heartbeatMs;
      if (full) this.watch.fullNeeded = true;
    }
    this.lastPushAt = Date.now();
    status.cycleEndedAt = this.lastPushAt;
    const memory = process.memoryUsage();
    this.log.debug(
      {
        objects: this.watch.state.size,
        rssMb: Math.round(memory.rss / 1e6),
        heapMb: Math.round(memory.heapUsed / 1e6),
        externalMb: Math.round(memory.external / 1e6),
      },
      'memory',
    );
  }

  /** The delta against what the API acknowledged; undefined when the whole snapshot must go instead. */
  private async pushDelta(
    options: BuildOptions,
    index: SectionIndex,
    contentHash: string,
    signal: AbortSignal,
  ): Promise<PushOutcome | undefined> {
    const acked = this.acked!;
    const diff = diffSections(acked.index, index);
    const { snapshotId, collectedAt, ...head } = this.watch.state.head(options);
    const text = serialiseDelta({ snapshotId, collectedAt, baseContentHash: acked.hash }, head, diff);
    const body = await compress([text]);
    const push = await this.pusher.pushDelta(snapshotId, body, contentHash, signal);
    this.log.info(
      { snapshotId, changes: diff.changes, bytes: body.gzip.length, status: push.status },
      'changes pushed',
    );
    if (push.status === 'unknown' || push.status === 'rejected') {
      this.log.warn(
        { snapshotId, status: push.status },
        'the API could not apply the delta; sending the whole snapshot',
      );
      return undefined;
    }
    if (delivered(push)) this.agent.delivered(contentHash);
    return push;
  }
}
