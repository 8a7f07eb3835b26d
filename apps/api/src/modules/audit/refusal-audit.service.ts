import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { MetricsService } from '../../infra/metrics/metrics.service';
import { Periodic } from '../../infra/periodic';
import { AuditRepository } from './audit.repository';
import { type Refusal, RefusalAggregator } from './refusal-aggregator';

/**
 * Audits refused attempts that name an organisation, aggregated: one entry per actor and kind per
 * AUDIT_REFUSALS_WINDOW_MS with the number of attempts, so a flood of refusals costs a few writes,
 * never one per attempt. Every refusal, attributable or not, is counted in kubeward_refusals_total.
 */
@Injectable()
export class RefusalAuditService implements OnModuleDestroy {
  private readonly logger = new Logger(RefusalAuditService.name);
  private readonly aggregator = new RefusalAggregator();
  private readonly periodic = new Periodic(this.logger, 'auditing refusals', () => this.flush());

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly audit: AuditRepository,
    private readonly metrics: MetricsService,
  ) {
    this.periodic.start(config.audit.refusalsWindowMs);
  }

  /**
   * A credential refused: one nobody issued (`refused` null) is only counted; one issued by an
   * organisation and refused (revoked, expired) is counted and audited there.
   */
  credential(kind: 'api_key' | 'agent_token' | 'user', refused: Refusal | null): void {
    if (refused) this.note(refused);
    else this.metrics.refusals.inc({ kind, known: 'false' });
  }

  /** A refusal of a credential known to belong to an organisation: counted and audited there. */
  note(refusal: Refusal): void {
    const kind =
      refusal.action === 'auth.forbidden'
        ? 'forbidden'
        : refusal.actor.type === 'AGENT'
          ? 'agent_token'
          : refusal.actor.type === 'USER'
            ? 'user'
            : 'api_key';
    this.metrics.refusals.inc({ kind, known: 'true' });
    this.aggregator.note(refusal);
  }

  /** Writes what the window gathered; an organisation deleted meanwhile gets none. */
  async flush(): Promise<number> {
    const { summaries, dropped } = this.aggregator.drain();
    if (dropped > 0) this.logger.warn({ dropped }, 'refusals beyond the audit bound were counted but not audited');
    let written = 0;
    for (const s of summaries) {
      if (await this.audit.recordIfLive({ ...s, actor: { type: s.actor.type, id: s.actor.id } })) written++;
    }
    return written;
  }

  /** Before the database closes (Prisma disconnects at application shutdown, after this). */
  async onModuleDestroy(): Promise<void> {
    await this.periodic.stop();
    await this.flush();
  }
}
