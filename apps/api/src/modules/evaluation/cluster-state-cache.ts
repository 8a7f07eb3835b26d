import { Inject, Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { MetricsService } from '../../infra/metrics/metrics.service';
import type { OpenFinding } from './lifecycle-plan';

/** What an evaluation compares the snapshot with, as the cluster's last evaluation left it. */
export interface ClusterState {
  /** Open findings by fingerprint. */
  open: Map<string, OpenFinding>;
  /** Object states by `kind/namespace/name`: their row and content hash. */
  objects: Map<string, { id: string; hash: string }>;
}

/**
 * This worker's copies of clusters' state, each stamped with the evaluation it follows. Reading a
 * cluster's 20,000 open findings costs more than judging them; a copy is used only while the
 * cluster's `lastEvaluationId`, read under the cluster's lock, still names its stamp, so an
 * evaluation by another worker in between makes a miss, never a wrong answer. Bounded by entries
 * (`EVALUATION_STATE_CACHE_ENTRIES`, least recently used first out); 0 turns it off.
 */
@Injectable()
export class ClusterStateCache {
  private readonly copies: LRUCache<string, { stamp: string; state: ClusterState }> | null;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly metrics: MetricsService,
  ) {
    const max = config.evaluation.stateCacheEntries;
    this.copies =
      max > 0
        ? new LRUCache({ maxSize: max, sizeCalculation: ({ state }) => state.open.size + state.objects.size + 1 })
        : null;
  }

  /**
   * The cluster's state if the copy follows the evaluation `stamp`. The copy leaves the cache
   * either way: the caller changes it, and only `put` after its commit brings it back.
   */
  take(clusterId: string, stamp: string | null): ClusterState | undefined {
    const copy = this.copies?.get(clusterId);
    this.copies?.delete(clusterId);
    const hit = copy !== undefined && stamp !== null && copy.stamp === stamp;
    this.metrics.evaluationStateCache.inc({ result: hit ? 'hit' : 'miss' });
    return hit ? copy.state : undefined;
  }

  /** The state the evaluation `stamp` committed. */
  put(clusterId: string, stamp: string, state: ClusterState): void {
    this.copies?.set(clusterId, { stamp, state });
  }
}
