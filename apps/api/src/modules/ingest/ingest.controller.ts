import { Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { bearerToken } from '../auth/principal';
import { ClustersService } from '../clusters/clusters.service';
import { IngestService } from './ingest.service';
import { readBody } from './read-body';

@Controller('v1')
export class IngestController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clusters: ClustersService,
    private readonly ingest: IngestService,
  ) {}

  /** The agent pushes a snapshot: 202 once it is durable, whether new or a retry of one we have. */
  @Post('snapshots')
  @HttpCode(202)
  async pushSnapshot(@Req() req: Request) {
    // Authenticate before reading the body: an unauthenticated client costs us nothing.
    const agent = await this.clusters.authenticateAgent(bearerToken(req.headers.authorization));
    const body = await readBody(req, this.config.ingest.maxBytes);
    const result = await this.ingest.ingest(agent, body);
    return { status: result.duplicate ? 'duplicate' : 'accepted', snapshotId: result.snapshotId };
  }
}
