import { Injectable } from '@nestjs/common';
import type { Finding as EngineFinding, NotEvaluable, RuleError } from '@kubeward/rules';
import { diffObjects, type FieldChange, type TrackedObject } from '@kubeward/snapshot';
import type { Prisma } from '../../generated/prisma/client';
import type { ResolutionReason } from '../../generated/prisma/enums';
import { PrismaService, type Tx } from '../../infra/prisma/prisma.service';

export interface EvaluationInput {
  snapshotId: string;
  organizationId: string;
  clusterId: string;
  collectedAt: Date;
  findings: EngineFinding[];
  notEvaluable: NotEvaluable[];
  ruleErrors: RuleError[];
  /** Rules that ran to completion: only their open findings may be resolved. */
  evaluatedRules: Set<string>;
  /** Rules that no longer exist or were switched off: their open findings resolve as RULE_REMOVED. */
  activeRules: Set<string>;
  /** Every object of the snapshot, keyed and hashed: drift, and "fixed" versus "deleted". */
  objects: TrackedObject[];
  score: (openFindings: EngineFinding[]) => number;
  /** Time since the job started, read when the evaluation row is written. */
  durationMs: () => number;
}

/** The change to the finding's own object, in the same evaluation, that opened it. */
export interface Cause {
  changeId: string;
  type: 'ADDED' | 'MODIFIED';
  diff: FieldChange[];
}

export interface LifecycleChange {
  event: 'finding.opened' | 'finding.reopened' | 'finding.resolved';
  findingId: string;
  cause?: Cause;
  finding: Pick<
    EngineFinding,
    'ruleId' | 'severity' | 'resource' | 'container' | 'message' | 'paths' | 'platform' | 'fingerprint'
  >;
  reason?: ResolutionReason;
}

export type EvaluationOutcome =
  | { status: 'evaluated'; evaluationId: string; score: number; changes: LifecycleChange[] }
  | { status: 'already-evaluated' | 'stale' | 'missing' };

export const resourceKey = (r: { kind: string; namespace?: string | null; name: string }): string =>
  `${r.kind}/${r.namespace ?? ''}/${r.name}`;

@Injectable()
export class EvaluationRepository {
  constructor(private readonly prisma: PrismaService) {}

  loadSnapshot(id: string) {
    return this.prisma.snapshot.findUnique({
      where: { id },
      select: {
        id: true,
        organizationId: true,
        clusterId: true,
        collectedAt: true,
        status: true,
        payload: true,
        cluster: { select: { name: true, organization: { select: { settings: true } } } },
      },
    });
  }

  /**
   * Applies one evaluation's results in a single transaction under the cluster's lock, so that
   * evaluations of one cluster are serial whichever worker runs them, and a retried job finds
   * its work done and changes nothing.
   */
  apply(
    input: EvaluationInput,
    outbox: (changes: LifecycleChange[], evaluationId: string, score: number) => Prisma.InputJsonValue | null,
  ): Promise<EvaluationOutcome> {
    return this.prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${input.clusterId}, 0))`;
        const snapshot = await tx.snapshot.findUnique({ where: { id: input.snapshotId }, select: { status: true } });
        if (!snapshot) return { status: 'missing' };
        if (snapshot.status === 'EVALUATED' || snapshot.status === 'STALE') return { status: 'already-evaluated' };
        const cluster = await tx.cluster.findUniqueOrThrow({
          where: { id: input.clusterId },
          select: { evaluatedUpTo: true },
        });
        if (cluster.evaluatedUpTo && input.collectedAt < cluster.evaluatedUpTo) {
          await tx.snapshot.update({ where: { id: input.snapshotId }, data: { status: 'STALE' } });
          return { status: 'stale' };
        }
        return this.applyLifecycle(tx, input, outbox);
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
  }

  private async applyLifecycle(
    tx: Tx,
    input: EvaluationInput,
    outbox: (changes: LifecycleChange[], evaluationId: string, score: number) => Prisma.InputJsonValue | null,
  ): Promise<EvaluationOutcome> {
    const at = input.collectedAt;
    const presentResources = new Set(input.objects.map((o) => o.key));
    const current = new Map(input.findings.map((f) => [f.fingerprint, f]));
    // Open findings, plus any resolved ones that are back: what can change state now.
    const known = await tx.finding.findMany({
      where: { clusterId: input.clusterId, OR: [{ status: 'OPEN' }, { fingerprint: { in: [...current.keys()] } }] },
      select: {
        id: true,
        fingerprint: true,
        status: true,
        ruleId: true,
        severity: true,
        resourceKind: true,
        resourceNamespace: true,
        resourceName: true,
        container: true,
        message: true,
        paths: true,
        platform: true,
      },
    });
    const byFingerprint = new Map(known.map((f) => [f.fingerprint, f]));

    const opened: EngineFinding[] = [];
    const reopened: { id: string; finding: EngineFinding }[] = [];
    const resolved: { row: (typeof known)[number]; reason: ResolutionReason }[] = [];
    for (const f of input.findings) {
      const row = byFingerprint.get(f.fingerprint);
      if (!row) opened.push(f);
      else if (row.status === 'RESOLVED') reopened.push({ id: row.id, finding: f });
    }
    for (const row of known) {
      if (row.status !== 'OPEN' || current.has(row.fingerprint)) continue;
      if (!input.activeRules.has(row.ruleId)) resolved.push({ row, reason: 'RULE_REMOVED' });
      // A rule that could not run this time says nothing about its findings: they stay open.
      else if (!input.evaluatedRules.has(row.ruleId)) continue;
      else if (
        // Findings about the cluster itself (API server, version) have no object that could go.
        row.resourceKind !== 'Cluster' &&
        !presentResources.has(
          resourceKey({ kind: row.resourceKind, namespace: row.resourceNamespace, name: row.resourceName }),
        )
      )
        resolved.push({ row, reason: 'RESOURCE_DELETED' });
      else resolved.push({ row, reason: 'FIXED' });
    }

    const score = input.score(input.findings);
    const counts = { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, INFO: 0 };
    for (const f of input.findings) counts[f.severity]++;
    const evaluation = await tx.evaluation.create({
      data: {
        organizationId: input.organizationId,
        clusterId: input.clusterId,
        snapshotId: input.snapshotId,
        collectedAt: at,
        durationMs: input.durationMs(),
        score,
        critical: counts.CRITICAL,
        high: counts.HIGH,
        medium: counts.MEDIUM,
        low: counts.LOW,
        info: counts.INFO,
        opened: opened.length,
        resolved: resolved.length,
        reopened: reopened.length,
        notEvaluable: input.notEvaluable as unknown as Prisma.InputJsonValue,
        ruleErrors: input.ruleErrors as unknown as Prisma.InputJsonValue,
      },
      select: { id: true },
    });

    const changes: LifecycleChange[] = [];
    const base = { organizationId: input.organizationId, clusterId: input.clusterId };
    const causes = await this.applyDrift(tx, input, evaluation.id);
    const causeOf = (f: EngineFinding) => causes.get(resourceKey(f.resource));

    if (opened.length > 0) {
      const rows = await tx.finding.createManyAndReturn({
        data: opened.map((f) => ({
          ...base,
          fingerprint: f.fingerprint,
          ruleId: f.ruleId,
          severity: f.severity,
          status: 'OPEN' as const,
          resourceKind: f.resource.kind,
          resourceNamespace: f.resource.namespace ?? null,
          resourceName: f.resource.name,
          container: f.container ?? null,
          message: f.message,
          paths: f.paths,
          platform: f.platform,
          firstSeenAt: at,
          lastSeenAt: at,
        })),
        select: { id: true, fingerprint: true },
      });
      const ids = new Map(rows.map((r) => [r.fingerprint, r.id]));
      await tx.findingEvent.createMany({
        data: opened.map((f) => ({
          ...base,
          findingId: ids.get(f.fingerprint)!,
          evaluationId: evaluation.id,
          type: 'OPENED' as const,
          severity: f.severity,
          at,
          causeChangeId: causeOf(f)?.changeId ?? null,
        })),
      });
      for (const f of opened) {
        const cause = causeOf(f);
        changes.push({
          event: 'finding.opened',
          findingId: ids.get(f.fingerprint)!,
          finding: f,
          ...(cause ? { cause } : {}),
        });
      }
    }

    for (const { id, finding: f } of reopened) {
      await tx.finding.update({
        where: { id },
        data: {
          status: 'OPEN',
          severity: f.severity,
          message: f.message,
          paths: f.paths,
          lastSeenAt: at,
          resolvedAt: null,
          resolutionReason: null,
          reopenCount: { increment: 1 },
        },
      });
      const cause = causeOf(f);
      changes.push({ event: 'finding.reopened', findingId: id, finding: f, ...(cause ? { cause } : {}) });
    }
    if (reopened.length > 0) {
      await tx.findingEvent.createMany({
        data: reopened.map(({ id, finding: f }) => ({
          ...base,
          findingId: id,
          evaluationId: evaluation.id,
          type: 'REOPENED' as const,
          severity: f.severity,
          at,
          causeChangeId: causeOf(f)?.changeId ?? null,
        })),
      });
    }

    if (resolved.length > 0) {
      const byReason = new Map<ResolutionReason, string[]>();
      for (const { row, reason } of resolved) byReason.set(reason, [...(byReason.get(reason) ?? []), row.id]);
      for (const [reason, ids] of byReason) {
        await tx.finding.updateMany({
          where: { id: { in: ids } },
          data: { status: 'RESOLVED', resolvedAt: at, resolutionReason: reason, lastSeenAt: at },
        });
      }
      const ids = resolved.map((r) => r.row.id);
      // Close the open period, so "open at T" stays a range query.
      await tx.findingEvent.updateMany({
        where: { findingId: { in: ids }, closedAt: null, type: { in: ['OPENED', 'REOPENED'] } },
        data: { closedAt: at },
      });
      await tx.findingEvent.createMany({
        data: resolved.map(({ row, reason }) => ({
          ...base,
          findingId: row.id,
          evaluationId: evaluation.id,
          type: 'RESOLVED' as const,
          reason,
          severity: row.severity,
          at,
        })),
      });
      for (const { row, reason } of resolved) {
        changes.push({
          event: 'finding.resolved',
          findingId: row.id,
          reason,
          finding: {
            ruleId: row.ruleId,
            severity: row.severity,
            resource: { kind: row.resourceKind, namespace: row.resourceNamespace ?? undefined, name: row.resourceName },
            container: row.container ?? undefined,
            message: row.message,
            paths: row.paths as string[],
            platform: row.platform,
            fingerprint: row.fingerprint,
          },
        });
      }
    }

    const payload = outbox(changes, evaluation.id, score);
    if (payload !== null) {
      await tx.webhookEvent.create({
        data: { ...base, evaluationId: evaluation.id, type: 'findings.changed', payload },
      });
    }
    await tx.cluster.update({ where: { id: input.clusterId }, data: { evaluatedUpTo: at, currentScore: score } });
    await tx.snapshot.update({ where: { id: input.snapshotId }, data: { status: 'EVALUATED' } });
    return { status: 'evaluated', evaluationId: evaluation.id, score, changes };
  }

  /**
   * Object drift: compares each object's hash with the cluster's last known state and records
   * what was ADDED, MODIFIED (with the field-level diff) and REMOVED. Unchanged objects cost a
   * read of their hash and no write. Returns the change of each added or modified object, by key,
   * to link the findings it opened.
   */
  private async applyDrift(tx: Tx, input: EvaluationInput, evaluationId: string): Promise<Map<string, Cause>> {
    const at = input.collectedAt;
    const base = { organizationId: input.organizationId, clusterId: input.clusterId };
    const states = await tx.objectState.findMany({
      where: { clusterId: input.clusterId },
      select: { id: true, objectKey: true, hash: true },
    });
    const known = new Map(states.map((s) => [s.objectKey, s]));
    const present = new Set(input.objects.map((o) => o.key));
    const added = input.objects.filter((o) => !known.has(o.key));
    const modified = input.objects.filter((o) => {
      const state = known.get(o.key);
      return state !== undefined && state.hash !== o.hash;
    });
    const removed = states.filter((s) => !present.has(s.objectKey));
    if (added.length + modified.length + removed.length === 0) return new Map();

    const previous = new Map(
      modified.length === 0
        ? []
        : (
            await tx.objectState.findMany({
              where: { id: { in: modified.map((o) => known.get(o.key)!.id) } },
              select: { objectKey: true, body: true },
            })
          ).map((s) => [s.objectKey, s.body as object]),
    );
    const diffs = new Map(modified.map((o) => [o.key, diffObjects(o.kind, previous.get(o.key) ?? {}, o.body)]));
    const who = (o: { kind: string; namespace?: string | null; name: string }) => ({
      kind: o.kind,
      namespace: o.namespace ?? null,
      name: o.name,
    });
    const rows = await tx.objectChange.createManyAndReturn({
      data: [
        ...added.map((o) => ({ ...base, evaluationId, objectKey: o.key, ...who(o), type: 'ADDED' as const, at })),
        ...modified.map((o) => ({
          ...base,
          evaluationId,
          objectKey: o.key,
          ...who(o),
          type: 'MODIFIED' as const,
          diff: diffs.get(o.key) as unknown as Prisma.InputJsonValue,
          at,
        })),
        ...removed.map((s) => {
          const [kind, namespace, ...name] = s.objectKey.split('/');
          return {
            ...base,
            evaluationId,
            objectKey: s.objectKey,
            kind: kind!,
            namespace: namespace || null,
            name: name.join('/'),
            type: 'REMOVED' as const,
            at,
          };
        }),
      ],
      select: { id: true, objectKey: true, type: true },
    });

    if (added.length > 0) {
      await tx.objectState.createMany({
        data: added.map((o) => ({
          ...base,
          objectKey: o.key,
          ...who(o),
          hash: o.hash,
          body: o.body as Prisma.InputJsonValue,
          firstSeenAt: at,
          updatedAt: at,
        })),
      });
    }
    if (modified.length > 0) {
      // One statement for every modified object, however many.
      await tx.$executeRaw`
        UPDATE "ObjectState" AS s SET hash = v.hash, body = v.body, "updatedAt" = ${at}
        FROM unnest(${modified.map((o) => known.get(o.key)!.id)}::uuid[], ${modified.map((o) => o.hash)}::text[],
                    ${modified.map((o) => JSON.stringify(o.body))}::jsonb[]) AS v(id, hash, body)
        WHERE s.id = v.id`;
    }
    if (removed.length > 0) await tx.objectState.deleteMany({ where: { id: { in: removed.map((s) => s.id) } } });

    const causes = new Map<string, Cause>();
    for (const row of rows) {
      if (row.type === 'REMOVED') continue;
      causes.set(row.objectKey, { changeId: row.id, type: row.type, diff: diffs.get(row.objectKey) ?? [] });
    }
    return causes;
  }
}
