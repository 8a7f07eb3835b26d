import { Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { DomainError } from '../../infra/errors';
import { MetricsService } from '../../infra/metrics/metrics.service';
import { bearerToken } from '../auth/principal';
import { type AgentIdentity, ClustersService } from '../clusters/clusters.service';
import { IngestRateLimiter } from './ingest-rate-limiter';
import { type IngestResult, IngestService } from './ingest.service';
import { MemoryBudget, type MemoryLease, PARSE_FACTOR } from './memory-budget';
import { abandon, type Body, readBody } from './read-body';

/** A heartbeat is a hash and a version: anything larger is not one. */
const HEARTBEAT_LIMITS = { maxBytes: 16 * 1024, maxCompressedBytes: 16 * 1024 };

/** The agent's own content hash, when it sends one: a 64-hex string or nothing. */
function contentHashHeader(req: Request): string | undefined {
  const value = req.headers['x-kubeward-content-hash'];
  return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value) ? value : undefined;
}

@Controller('v1')
export class IngestController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clusters: ClustersService,
    private readonly ingest: IngestService,
    private readonly rateLimiter: IngestRateLimiter,
    private readonly metrics: MetricsService,
    private readonly budget: MemoryBudget,
  ) {}

  /** The agent pushes a snapshot: 202 once it is durable, whether new or a retry of one we have. */
  @Post('snapshots')
  @HttpCode(202)
  pushSnapshot(@Req() req: Request) {
    return this.take(req, '', (agent, body) => this.ingest.ingest(agent, body, contentHashHeader(req)));
  }

  /**
   * The agent pushes what changed since a snapshot the API holds: applied to that snapshot, it is
   * stored and evaluated as the full snapshot it makes. 409 when the base is not held (or the
   * result is not what the agent named), and the agent sends the snapshot itself.
   */
  @Post('snapshots/delta')
  @HttpCode(202)
  pushDelta(@Req() req: Request) {
    return this.take(req, 'delta', (agent, body, lease) =>
      this.ingest.ingestDelta(agent, body, contentHashHeader(req), (bytes) => lease.take(bytes * PARSE_FACTOR)),
    );
  }

  /**
   * What every push goes through: authenticated before its body is read (an unauthenticated
   * client costs us nothing), rate-limited, read within the limits and the memory budget (the
   * lease is held until the snapshot is stored: parsing and validating cost memory in proportion
   * to the body), counted in the metrics by outcome and, when refused, by the error's code
   * (UNAUTHENTICATED, RATE_LIMITED, PAYLOAD_TOO_LARGE, BAD_USER_INPUT…).
   */
  private async take(
    req: Request,
    kind: '' | 'delta',
    store: (agent: AgentIdentity, body: Body, lease: MemoryLease) => Promise<IngestResult>,
  ) {
    const lease = this.budget.lease();
    try {
      const agent = await this.clusters.authenticateAgent(bearerToken(req.headers.authorization), req.ip);
      await this.rateLimiter.consume(agent.clusterId);
      const body = await readBody(req, this.config.ingest, lease);
      lease.take(body.text.length * PARSE_FACTOR);
      const result = await store(agent, body, lease);
      const outcome = result.duplicate ? 'duplicate' : 'accepted';
      this.metrics.snapshots.inc({ outcome, reason: kind });
      return { status: outcome, snapshotId: result.snapshotId };
    } catch (err) {
      // Refused before its body was read (token, rate): the body is not worth reading.
      abandon(req);
      const reason = err instanceof DomainError ? err.code : 'INTERNAL';
      this.metrics.snapshots.inc({ outcome: 'rejected', reason });
      throw err;
    } finally {
      lease.release();
    }
  }

  /** The agent saw no change: it sends the content hash of what it last pushed, not the snapshot. */
  @Post('heartbeat')
  @HttpCode(200)
  async heartbeat(@Req() req: Request) {
    try {
      const agent = await this.clusters.authenticateAgent(bearerToken(req.headers.authorization), req.ip);
      await this.rateLimiter.consume(agent.clusterId);
      await this.ingest.heartbeat(agent, (await readBody(req, HEARTBEAT_LIMITS)).text);
      return { status: 'ok' };
    } catch (err) {
      abandon(req);
      throw err;
    }
  }
}
