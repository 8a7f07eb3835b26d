import { Injectable } from '@nestjs/common';
import type { Prisma } from '../../generated/prisma/client';
import type { Severity } from '../../generated/prisma/enums';
import { PrismaService } from '../../infra/prisma/prisma.service';

export interface NewEndpoint {
  organizationId: string;
  url: string;
  description: string;
  eventTypes: string[];
  minSeverity: Severity;
  clusterIds: string[];
  includePlatform: boolean;
  secretCiphertext: string;
}

@Injectable()
export class WebhooksRepository {
  constructor(private readonly prisma: PrismaService) {}

  createEndpoint(data: NewEndpoint) {
    return this.prisma.webhookEndpoint.create({ data });
  }

  undispatchedEvents(limit: number, eventId?: string) {
    return this.prisma.webhookEvent.findMany({
      where: { dispatchedAt: null, ...(eventId ? { id: eventId } : {}) },
      orderBy: { createdAt: 'asc' },
      take: limit,
    });
  }

  enabledEndpoints(organizationId: string) {
    return this.prisma.webhookEndpoint.findMany({ where: { organizationId, enabled: true } });
  }

  /** Fans an event out into delivery rows and marks it dispatched, atomically; repeats are no-ops. */
  async createDeliveries(
    eventId: string,
    deliveries: { organizationId: string; endpointId: string; messageId: string; payload: Prisma.InputJsonValue }[],
  ) {
    await this.prisma.$transaction([
      this.prisma.webhookDelivery.createMany({
        data: deliveries.map((d) => ({ ...d, eventId })),
        skipDuplicates: true,
      }),
      this.prisma.webhookEvent.updateMany({
        where: { id: eventId, dispatchedAt: null },
        data: { dispatchedAt: new Date() },
      }),
    ]);
  }

  unqueuedDeliveries(limit: number) {
    return this.prisma.webhookDelivery.findMany({
      where: { status: 'PENDING', enqueuedAt: null },
      select: { id: true },
      orderBy: { createdAt: 'asc' },
      take: limit,
    });
  }

  markEnqueued(id: string) {
    return this.prisma.webhookDelivery.updateMany({
      where: { id, enqueuedAt: null },
      data: { enqueuedAt: new Date() },
    });
  }

  loadDelivery(id: string) {
    return this.prisma.webhookDelivery.findUnique({ where: { id }, include: { endpoint: true } });
  }

  async recordAttempt(
    deliveryId: string,
    attempt: { statusCode: number | null; latencyMs: number; error: string | null },
    outcome: { status: 'SUCCEEDED' | 'FAILED' | 'DEAD'; attempts: number },
  ): Promise<void> {
    const now = new Date();
    await this.prisma.$transaction([
      this.prisma.webhookDeliveryAttempt.create({ data: { deliveryId, at: now, ...attempt } }),
      this.prisma.webhookDelivery.update({
        where: { id: deliveryId },
        data: {
          status: outcome.status,
          attempts: outcome.attempts,
          lastStatusCode: attempt.statusCode,
          lastError: attempt.error,
          lastLatencyMs: attempt.latencyMs,
          deliveredAt: outcome.status === 'SUCCEEDED' ? now : undefined,
        },
      }),
    ]);
  }
}
