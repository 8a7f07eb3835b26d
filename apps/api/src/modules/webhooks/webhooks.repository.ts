import { Injectable } from '@nestjs/common';
import {
  Prisma,
  type RiskException,
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookEvent,
} from '../../generated/prisma/client';
import type { DeliverySchedule, DeliveryStatus, DestinationKind, Severity } from '../../generated/prisma/enums';
import { utc } from '../../infra/prisma/bulk';
import { uuidFloor } from '../../infra/partitions/partition-plan';
import { olderThan } from '../../infra/graphql/pagination';
import { PrismaService, type Tx } from '../../infra/prisma/prisma.service';
import type { OrgScope, Scope } from '../auth/scope';
import { endpointsFor } from '../outbox/alert-payloads';
import type { TicketStore } from './destinations/jira-client';

export interface EndpointFields {
  url: string;
  description: string;
  eventTypes: string[];
  minSeverity: Severity;
  clusterIds: string[];
  includePlatform: boolean;
  postureDropPoints: number;
  namespaces: string[];
  /** An organisation's endpoint: only the clusters of these teams (empty: all). */
  teamIds: string[];
  schedule: DeliverySchedule;
  enabled: boolean;
}

export interface NewDelivery {
  organizationId: string;
  endpointId: string;
  messageId: string;
  /** The endpoint's filter (see deliveryBody): the body is rendered from the event when sent. */
  filter: Prisma.InputJsonValue;
  createdAt: Date;
}

/** Events one digest reads at most: a period busier than this is summarised from its first ones. */
const DIGEST_EVENTS = 20_000;
/** Events read per query while building a digest. */
const DIGEST_PAGE = 200;
/** Endpoints digested per transaction. */
export const DIGEST_BATCH = 20;

const endpointsOf = (scope: Scope) => ({
  organizationId: scope.organizationId,
  ...(scope.teamIds ? { teamId: { in: [...scope.teamIds] } } : {}),
});

@Injectable()
export class WebhooksRepository {
  constructor(private readonly prisma: PrismaService) {}

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(fn);
  }

  createEndpoint(
    data: EndpointFields & {
      organizationId: OrgScope;
      teamId: string | null;
      kind?: DestinationKind;
      settings?: Prisma.InputJsonValue;
      secretCiphertext: string | null;
    },
    tx: Tx = this.prisma,
  ) {
    return tx.webhookEndpoint.create({ data });
  }

  listEndpoints(scope: Scope) {
    return this.prisma.webhookEndpoint.findMany({ where: endpointsOf(scope), orderBy: { createdAt: 'asc' } });
  }

  /** The endpoint if the scope sees it, or null (another organisation's or team's answers like a missing one). */
  findEndpoint(scope: Scope, id: string) {
    return this.prisma.webhookEndpoint.findFirst({ where: { id, ...endpointsOf(scope) } });
  }

  updateEndpoint(id: string, data: Prisma.WebhookEndpointUpdateInput, tx: Tx = this.prisma) {
    return tx.webhookEndpoint.update({ where: { id }, data });
  }

  /**
   * The endpoint and what it had still to send. Its delivery log stays with the alerts' history
   * (unreachable once the endpoint is gone) until that month's partition is dropped.
   */
  async deleteEndpoint(id: string, tx: Tx = this.prisma): Promise<void> {
    await tx.webhookDelivery.deleteMany({ where: { endpointId: id, status: { in: ['PENDING', 'FAILED'] } } });
    await tx.webhookEndpoint.delete({ where: { id } });
  }

  /**
   * Claims up to `limit` events not fanned out yet — `FOR UPDATE SKIP LOCKED`, so concurrent
   * dispatchers take different ones and none does another's work — writes each one's deliveries
   * (`fanOut` over its organisation's enabled endpoints) and marks it dispatched, in one
   * transaction. The number of events dispatched.
   */
  dispatchEvents(
    limit: number,
    fanOut: (event: WebhookEvent, endpoints: WebhookEndpoint[]) => Omit<NewDelivery, 'organizationId'>[],
  ): Promise<number> {
    return this.prisma.$transaction(async (tx) => {
      const events = await tx.$queryRaw<WebhookEvent[]>`
        SELECT * FROM "WebhookEvent" WHERE "dispatchedAt" IS NULL
        ORDER BY "createdAt" LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
      if (events.length === 0) return 0;
      const endpoints = await tx.webhookEndpoint.findMany({
        where: { organizationId: { in: [...new Set(events.map((e) => e.organizationId))] }, enabled: true },
      });
      const clusterIds = [...new Set(events.flatMap((e) => (e.clusterId ? [e.clusterId] : [])))];
      const teamOf = new Map(
        endpoints.some((p) => p.teamId !== null || p.teamIds.length > 0)
          ? (await tx.cluster.findMany({ where: { id: { in: clusterIds } }, select: { id: true, teamId: true } })).map(
              (c) => [c.id, c.teamId] as const,
            )
          : [],
      );
      const deliveries = events.flatMap((event) =>
        fanOut(event, endpointsFor(event, endpoints, teamOf)).map((d) => ({
          ...d,
          organizationId: event.organizationId,
          eventId: event.id,
        })),
      );
      if (deliveries.length > 0) await tx.webhookDelivery.createMany({ data: deliveries, skipDuplicates: true });
      await tx.webhookEvent.updateMany({
        where: { id: { in: events.map((e) => e.id) } },
        data: { dispatchedAt: new Date() },
      });
      return events.length;
    });
  }

  /**
   * Writes the digests that are due: endpoints on a schedule whose last period ended, claimed (`FOR
   * UPDATE SKIP LOCKED`, so workers share them), each with its organisation's events over the
   * period, and a delivery of the digest `build` makes of them (none for a quiet period). How
   * many endpoints were claimed (a full batch: call again), and how many digests written.
   */
  writeDigests(
    due: (schedule: 'HOURLY' | 'DAILY') => Date,
    begin: (
      endpoint: WebhookEndpoint,
      teamOf: ReadonlyMap<string, string | null>,
      period: { from: Date; to: Date },
    ) => {
      add(event: WebhookEvent): void;
      finish(): { payload: Prisma.InputJsonValue; delivery: Omit<NewDelivery, 'organizationId'> } | null;
    },
    limit = DIGEST_BATCH,
  ): Promise<{ claimed: number; written: number }> {
    return this.prisma.$transaction(
      async (tx) => {
        const hourly = due('HOURLY');
        const daily = due('DAILY');
        const endpoints = await tx.$queryRaw<WebhookEndpoint[]>`
          SELECT * FROM "WebhookEndpoint" WHERE enabled AND (
            ("schedule" = 'HOURLY' AND COALESCE("digestedUntil", "createdAt") < ${utc(hourly)}) OR
            ("schedule" = 'DAILY' AND COALESCE("digestedUntil", "createdAt") < ${utc(daily)}))
          ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
        let written = 0;
        for (const endpoint of endpoints) {
          const from = endpoint.digestedUntil ?? endpoint.createdAt;
          const to = endpoint.schedule === 'HOURLY' ? hourly : daily;
          const teamOf = new Map(
            (
              await tx.cluster.findMany({
                where: { organizationId: endpoint.organizationId },
                select: { id: true, teamId: true },
              })
            ).map((c) => [c.id, c.teamId] as const),
          );
          const digest = begin(endpoint, teamOf, { from, to });
          // In pages, oldest first (a UUIDv7 orders by time): each event is folded in and let go.
          // The id's time bounds the months (partitions) read; a minute either side for clocks.
          let after = uuidFloor(new Date(from.getTime() - 60_000));
          const before = uuidFloor(new Date(to.getTime() + 60_000));
          for (let read = 0; read < DIGEST_EVENTS;) {
            const page = await tx.webhookEvent.findMany({
              where: {
                organizationId: endpoint.organizationId,
                createdAt: { gt: from, lte: to },
                id: { gt: after, lt: before },
              },
              orderBy: { id: 'asc' },
              take: DIGEST_PAGE,
            });
            for (const event of page) digest.add(event);
            read += page.length;
            if (page.length < DIGEST_PAGE) break;
            after = page.at(-1)!.id;
          }
          const made = digest.finish();
          if (made) {
            const event = await tx.webhookEvent.create({
              data: {
                organizationId: endpoint.organizationId,
                type: 'digest',
                payload: made.payload,
                dispatchedAt: new Date(),
              },
              select: { id: true },
            });
            await tx.webhookDelivery.create({
              data: { ...made.delivery, eventId: event.id, organizationId: endpoint.organizationId },
            });
            written++;
          }
          await tx.webhookEndpoint.update({ where: { id: endpoint.id }, data: { digestedUntil: to } });
        }
        return { claimed: endpoints.length, written };
      },
      { timeout: 60_000 },
    );
  }

  /**
   * A dispatched event with its one delivery: test pings, which skip the fan-out and the queue
   * (marked enqueued, so that the reconciler does not send them a second time).
   */
  createDirectDelivery(
    event: { organizationId: OrgScope; type: string; payload: Prisma.InputJsonValue },
    delivery: Omit<NewDelivery, 'organizationId'>,
  ): Promise<{ deliveryId: string }> {
    return this.prisma.$transaction(async (tx) => {
      const created = await tx.webhookEvent.create({
        data: { ...event, dispatchedAt: new Date() },
        select: { id: true },
      });
      const { id } = await tx.webhookDelivery.create({
        data: { ...delivery, eventId: created.id, organizationId: event.organizationId, enqueuedAt: new Date() },
        select: { id: true },
      });
      return { deliveryId: id };
    });
  }

  /**
   * Claims up to `limit` deliveries not queued yet, oldest first, for queueing at `at`: `FOR
   * UPDATE SKIP LOCKED`, so concurrent dispatchers take different ones in one statement each.
   */
  claimUnqueued(limit: number, at: Date) {
    return this.prisma.$queryRaw<{ id: string }[]>`
      UPDATE "WebhookDelivery" SET "enqueuedAt" = ${utc(at)}
      WHERE id IN (
        SELECT id FROM "WebhookDelivery" WHERE status = 'PENDING' AND "enqueuedAt" IS NULL
        ORDER BY "createdAt" LIMIT ${limit} FOR UPDATE SKIP LOCKED)
      RETURNING id`;
  }

  /**
   * Deliveries queued before `before` and not finished, in (enqueuedAt, id) order from `after`:
   * their job may be gone with Redis's data.
   */
  queuedDeliveries(before: Date, limit: number, after?: { enqueuedAt: Date; id: string }) {
    const from = after
      ? Prisma.sql`AND (d."enqueuedAt", d.id) > (${utc(after.enqueuedAt)}, ${after.id}::uuid)`
      : Prisma.empty;
    // Test pings are sent by the API itself, never through the queue. Each candidate's event is
    // looked up by its id (a scalar subquery is never turned into a join over all events).
    return this.prisma.$queryRaw<{ id: string; enqueuedAt: Date }[]>`
      SELECT d.id, d."enqueuedAt" FROM "WebhookDelivery" d
      WHERE d.status IN ('PENDING', 'FAILED') AND d."enqueuedAt" < ${utc(before)}
        AND (SELECT e.type FROM "WebhookEvent" e WHERE e.id = d."eventId") IS DISTINCT FROM 'webhook.test' ${from}
      ORDER BY d."enqueuedAt", d.id LIMIT ${limit}`;
  }

  /** Back to PENDING and unqueued, unless someone queued it again meanwhile. */
  unmarkEnqueued(id: string, enqueuedAt: Date) {
    return this.prisma.webhookDelivery.updateMany({
      where: { id, enqueuedAt },
      data: { status: 'PENDING', enqueuedAt: null, progress: 0 },
    });
  }

  /** A delivery and its endpoint (null once the endpoint is deleted). */
  loadDelivery(id: string) {
    return this.withEndpoint(this.prisma.webhookDelivery.findUnique({ where: { id } }));
  }

  findDelivery(organizationId: OrgScope, id: string) {
    return this.withEndpoint(this.prisma.webhookDelivery.findFirst({ where: { id, organizationId } }));
  }

  private async withEndpoint(found: Promise<WebhookDelivery | null>) {
    const delivery = await found;
    if (!delivery) return null;
    const [endpoint, event] = await Promise.all([
      this.prisma.webhookEndpoint.findUnique({ where: { id: delivery.endpointId } }),
      this.prisma.webhookEvent.findUnique({ where: { id: delivery.eventId } }),
    ]);
    return { ...delivery, endpoint, event };
  }

  /** The events of these deliveries, by id (to render their bodies). */
  async eventsOf(deliveries: { eventId: string }[]): Promise<Map<string, WebhookEvent>> {
    const events = await this.prisma.webhookEvent.findMany({
      where: { id: { in: [...new Set(deliveries.map((d) => d.eventId))] } },
    });
    return new Map(events.map((e) => [e.id, e]));
  }

  /** Back to PENDING and not queued, so that the next enqueue sends it again (same webhook-id). */
  resetDelivery(id: string, tx: Tx = this.prisma) {
    return tx.webhookDelivery.update({
      where: { id },
      data: { status: 'PENDING', enqueuedAt: null, progress: 0 },
      select: { id: true },
    });
  }

  async recordAttempt(
    deliveryId: string,
    attempt: { statusCode: number | null; latencyMs: number; error: string | null },
    status: Exclude<DeliveryStatus, 'PENDING'>,
  ): Promise<void> {
    const now = new Date();
    await this.prisma.$transaction([
      this.prisma.webhookDeliveryAttempt.create({ data: { deliveryId, at: now, ...attempt } }),
      this.prisma.webhookDelivery.update({
        where: { id: deliveryId },
        data: {
          status,
          attempts: { increment: 1 },
          lastStatusCode: attempt.statusCode,
          lastError: attempt.error,
          lastLatencyMs: attempt.latencyMs,
          deliveredAt: status === 'SUCCEEDED' ? now : undefined,
        },
      }),
    ]);
  }

  /** Steps of a many-request delivery done so far: a retry resumes after them. */
  async saveProgress(id: string, progress: number): Promise<void> {
    await this.prisma.webhookDelivery.update({ where: { id }, data: { progress } });
  }

  /** The issues an endpoint holds for findings (see TicketStore). */
  tickets(organizationId: string, endpointId: string): TicketStore {
    const select = { id: true, externalKey: true, resolved: true, createdAt: true } as const;
    return {
      find: (findingId) =>
        this.prisma.alertTicket.findUnique({ where: { endpointId_findingId: { endpointId, findingId } }, select }),
      claim: async (findingId) => {
        const inserted = await this.prisma.alertTicket.createMany({
          data: [{ organizationId, endpointId, findingId }],
          skipDuplicates: true,
        });
        const ticket = await this.prisma.alertTicket.findUniqueOrThrow({
          where: { endpointId_findingId: { endpointId, findingId } },
          select,
        });
        return { ticket, claimed: inserted.count === 1 };
      },
      update: async (id, data) => {
        await this.prisma.alertTicket.update({ where: { id }, data });
      },
      release: async (id) => {
        await this.prisma.alertTicket.deleteMany({ where: { id, externalKey: null } });
      },
      forget: async (id) => {
        await this.prisma.alertTicket.deleteMany({ where: { id } });
      },
    };
  }

  /** Gives up on a delivery without an attempt (its endpoint is disabled). */
  abandonDelivery(id: string, reason: string) {
    return this.prisma.webhookDelivery.update({ where: { id }, data: { status: 'DEAD', lastError: reason } });
  }

  endpointHealthy(id: string) {
    return this.prisma.webhookEndpoint.updateMany({
      where: { id, failingSince: { not: null } },
      data: { failingSince: null },
    });
  }

  /** Notes a failure; returns since when the endpoint has been failing without a success. */
  async endpointFailing(id: string, now: Date): Promise<Date> {
    const [row] = await this.prisma.$queryRaw<{ failingSince: Date }[]>`
      UPDATE "WebhookEndpoint" SET "failingSince" = COALESCE("failingSince", ${utc(now)})
      WHERE id = ${id}::uuid RETURNING "failingSince"`;
    return row?.failingSince ?? now;
  }

  /** Disables an enabled endpoint; false when it was not enabled any more (someone else did it). */
  async disableEndpoint(id: string, reason: string, tx: Tx = this.prisma): Promise<boolean> {
    const { count } = await tx.webhookEndpoint.updateMany({
      where: { id, enabled: true },
      data: { enabled: false, disabledReason: reason, disabledAt: new Date() },
    });
    return count === 1;
  }

  /** An endpoint's deliveries, newest first, keyset-paged by (createdAt, id), with their attempts. */
  async deliveriesPage(endpointId: string, limit: number, after?: { at: Date; id: string }, status?: DeliveryStatus) {
    const deliveries = await this.prisma.webhookDelivery.findMany({
      where: {
        endpointId,
        ...(status ? { status } : {}),
        ...olderThan('createdAt', after),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
    });
    const attempts = await this.prisma.webhookDeliveryAttempt.findMany({
      where: { deliveryId: { in: deliveries.map((d) => d.id) } },
      orderBy: [{ at: 'asc' }, { id: 'asc' }],
    });
    const events = await this.eventsOf(deliveries);
    return deliveries.map((d) => ({
      ...d,
      event: events.get(d.eventId) ?? null,
      log: attempts.filter((a) => a.deliveryId === d.id),
    }));
  }

  /**
   * Marks clusters unheard of since `cutoff` stale and writes their cluster.stale events, once:
   * the flag and the event are one transaction, and a cluster already flagged is skipped.
   * A cluster that never reported is not stale (its agent was never installed).
   */
  markStale(cutoff: Date, event: (cluster: StaleCluster) => Prisma.InputJsonValue) {
    return this.prisma.$transaction(async (tx) => {
      const clusters = await tx.$queryRaw<StaleCluster[]>`
        UPDATE "Cluster" SET "staleSince" = ${utc(new Date())}
        WHERE "staleSince" IS NULL AND "deletedAt" IS NULL
          AND GREATEST("lastSnapshotAt", "lastHeartbeatAt") < ${utc(cutoff)}
        RETURNING id, "organizationId", name, GREATEST("lastSnapshotAt", "lastHeartbeatAt") AS "lastSeenAt", "staleSince"`;
      await this.writeEvents(tx, 'cluster.stale', clusters, event);
      return clusters.length;
    });
  }

  /** Clears the flag of stale clusters heard of since `cutoff` and writes their cluster.recovered events. */
  markRecovered(cutoff: Date, event: (cluster: StaleCluster) => Prisma.InputJsonValue) {
    return this.prisma.$transaction(async (tx) => {
      const clusters = await tx.$queryRaw<StaleCluster[]>`
        UPDATE "Cluster" c SET "staleSince" = NULL
        FROM "Cluster" old
        WHERE old.id = c.id AND c."staleSince" IS NOT NULL AND c."deletedAt" IS NULL
          AND GREATEST(c."lastSnapshotAt", c."lastHeartbeatAt") >= ${utc(cutoff)}
        RETURNING c.id, c."organizationId", c.name,
          GREATEST(c."lastSnapshotAt", c."lastHeartbeatAt") AS "lastSeenAt", old."staleSince"`;
      await this.writeEvents(tx, 'cluster.recovered', clusters, event);
      return clusters.length;
    });
  }

  /** Marks exceptions past their expiry notified and writes their exception.expired events, once. */
  markExpired(now: Date, event: (exception: RiskException) => Prisma.InputJsonValue) {
    return this.prisma.$transaction(async (tx) => {
      const expired = await tx.$queryRaw<RiskException[]>`
        UPDATE "RiskException" SET "expiryNotifiedAt" = ${utc(now)}
        WHERE "expiryNotifiedAt" IS NULL AND "revokedAt" IS NULL AND "expiresAt" <= ${utc(now)}
          -- not one of a deleted cluster (it goes with the cluster's history)
          AND NOT EXISTS (SELECT 1 FROM "Cluster" c WHERE c.id = "RiskException"."clusterId" AND c."deletedAt" IS NOT NULL)
        RETURNING *`;
      await this.writeEvents(tx, 'exception.expired', expired, event);
      return expired.length;
    });
  }

  private async writeEvents<T extends { organizationId: string; clusterId?: string | null; id: string }>(
    tx: Tx,
    type: string,
    rows: T[],
    payload: (row: T) => Prisma.InputJsonValue,
  ): Promise<void> {
    if (rows.length === 0) return;
    await tx.webhookEvent.createMany({
      data: rows.map((row) => ({
        organizationId: row.organizationId,
        clusterId: type.startsWith('cluster.') ? row.id : (row.clusterId ?? null),
        type,
        payload: payload(row),
      })),
    });
  }
}

export interface StaleCluster {
  id: string;
  organizationId: string;
  name: string;
  lastSeenAt: Date;
  staleSince: Date;
}
