import { Inject, Injectable } from '@nestjs/common';
import type { Carry } from '@kubeward/rules';
import { LRUCache } from 'lru-cache';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { MetricsService } from '../../infra/metrics/metrics.service';

/**
 * This worker's last carry per cluster (`evaluateIncremental`): the local rules' findings per
 * workload, so that the next snapshot judges again only the workloads that changed. A carry is
 * right for any snapshot of its cluster (it says what it was judged against), so no stamp is
 * needed; another worker's evaluation in between only makes it older. Bounded by findings and
 * workloads held (`EVALUATION_CARRY_ENTRIES`, least recently used first out); 0 turns it off.
 */
@Injectable()
export class EvaluationCarryCache {
  private readonly carries: LRUCache<string, Carry> | null;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly metrics: MetricsService,
  ) {
    const max = config.evaluation.carryEntries;
    this.carries = max > 0 ? new LRUCache({ maxSize: max, sizeCalculation: sizeOf }) : null;
  }

  /**
   * The cluster's carry, out of the cache while its evaluation runs: the findings in it are
   * completed and grouped again by that evaluation, which a second one at once must not share.
   */
  take(clusterId: string): Carry | undefined {
    const carry = this.carries?.get(clusterId);
    this.carries?.delete(clusterId);
    return carry;
  }

  /** The carry of an evaluation that committed, and how many workloads it judged again. */
  put(clusterId: string, carry: Carry, judged: number): void {
    this.metrics.evaluationWorkloads.inc({ judged: 'again' }, judged);
    this.metrics.evaluationWorkloads.inc({ judged: 'carried' }, Math.max(0, carry.workloads.size - judged));
    this.carries?.set(clusterId, carry);
  }
}

function sizeOf(carry: Carry): number {
  let n = 1;
  for (const { findings } of carry.workloads.values()) {
    n++;
    for (const own of findings) n += own?.length ?? 0;
  }
  return n;
}
