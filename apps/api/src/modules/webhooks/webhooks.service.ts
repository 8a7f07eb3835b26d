import { Inject, Injectable } from '@nestjs/common';
import type { Severity } from '@kubeward/rules';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { encrypt, newToken } from '../../infra/secrets';
import { ClustersService } from '../clusters/clusters.service';
import { WebhookError } from './webhooks.errors';
import { WebhooksRepository } from './webhooks.repository';

export const FINDING_EVENT_TYPES = ['finding.opened', 'finding.reopened', 'finding.resolved'] as const;

export interface CreateEndpointInput {
  url: string;
  description?: string;
  eventTypes?: string[];
  minSeverity?: Severity;
  clusterIds?: string[];
  includePlatform?: boolean;
}

@Injectable()
export class WebhooksService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly webhooks: WebhooksRepository,
    private readonly clusters: ClustersService,
  ) {}

  /** Creates an endpoint; the signing secret is returned this once and stored encrypted. */
  async createEndpoint(organizationId: string, input: CreateEndpointInput) {
    this.checkUrl(input.url);
    const unknown = (input.eventTypes ?? []).filter((t) => !(FINDING_EVENT_TYPES as readonly string[]).includes(t));
    if (unknown.length > 0) {
      throw new WebhookError('BAD_USER_INPUT', `Unknown event types: ${unknown.join(', ')}.`, { field: 'eventTypes' });
    }
    // Another organisation's cluster answers like a missing one.
    for (const id of input.clusterIds ?? []) {
      if (!(await this.clusters.owns(organizationId, id))) {
        throw new WebhookError('NOT_FOUND', `Cluster ${id} not found.`);
      }
    }
    const secret = newToken('whsec');
    const endpoint = await this.webhooks.createEndpoint({
      organizationId,
      url: input.url,
      description: input.description ?? '',
      eventTypes: input.eventTypes ?? ['finding.opened', 'finding.reopened'],
      minSeverity: input.minSeverity ?? 'LOW',
      clusterIds: input.clusterIds ?? [],
      includePlatform: input.includePlatform ?? false,
      secretCiphertext: encrypt(this.config.security.encryptionKey, secret),
    });
    return { endpoint, secret };
  }

  private checkUrl(raw: string): void {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw WebhookError.invalidUrl('not a URL');
    }
    if (url.protocol === 'https:') return;
    if (url.protocol === 'http:' && this.config.webhooks.allowHttp) return;
    throw WebhookError.invalidUrl(
      url.protocol === 'http:' ? 'plain http is not allowed (https only)' : `unsupported scheme ${url.protocol}`,
    );
  }
}
