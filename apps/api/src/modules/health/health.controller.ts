import { InjectQueue } from '@nestjs/bullmq';
import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { Response } from 'express';
import { EVALUATE_QUEUE } from '../../infra/queue/queues';
import { HealthRepository } from './health.repository';

const READY_CACHE_MS = 2_000;

interface Readiness {
  ready: boolean;
  postgres: string;
  redis: string;
}

/** Liveness and readiness for load balancers and orchestrators. */
@Controller()
export class HealthController {
  constructor(
    private readonly database: HealthRepository,
    @InjectQueue(EVALUATE_QUEUE) private readonly queue: Queue,
  ) {}

  /** The process is up; says nothing of its dependencies. */
  @Get('healthz')
  @HttpCode(200)
  healthz() {
    return { status: 'ok' };
  }

  private readiness?: { at: number; result: Promise<Readiness> };

  /**
   * Postgres and Redis both answer: 200, else 503 naming what does not. Checked at most once per
   * READY_CACHE_MS whatever the number of callers: the endpoint is public and costs two queries.
   */
  @Get('readyz')
  async readyz(@Res() res: Response): Promise<void> {
    const now = Date.now();
    if (!this.readiness || now - this.readiness.at >= READY_CACHE_MS) {
      this.readiness = { at: now, result: this.check() };
    }
    const { ready, postgres, redis } = await this.readiness.result;
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', postgres, redis });
  }

  private async check(): Promise<Readiness> {
    const timeout = <T>(p: Promise<T>) =>
      Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000))]);
    const [postgres, redis] = await Promise.all([
      timeout(this.database.ping()).then(
        () => 'ok',
        () => 'unreachable',
      ),
      timeout(this.queue.getJobCounts('wait')).then(
        () => 'ok',
        () => 'unreachable',
      ),
    ]);
    return { ready: postgres === 'ok' && redis === 'ok', postgres, redis };
  }
}
