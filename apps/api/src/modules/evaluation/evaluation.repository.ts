import { Injectable } from '@nestjs/common';
import {
  type Baseline,
  DRIFT_KINDS,
  type Finding as EngineFinding,
  type History,
  type NotEvaluable,
  previousStateFromObjects,
  type RuleError,
} from '@kubeward/rules';
import { diffObjects, type TrackedObject } from '@kubeward/snapshot';
import type { Prisma } from '../../generated/prisma/client';
import type {
  ChangeType,
  FindingEventType,
  ResolutionReason,
  Severity,
  SnapshotStatus,
} from '../../generated/prisma/enums';
import { bulkInsert, type Column, type Constant, newId, utc } from '../../infra/prisma/bulk';
import { PrismaService, type Tx } from '../../infra/prisma/prisma.service';
import type { Cause, LifecycleChange } from '../outbox/alert-payloads';
import { type ClusterState, ClusterStateCache } from './cluster-state-cache';
import {
  advanceOpen,
  byFingerprint,
  type GoneFinding,
  lifecycleLookups,
  type OpenFinding,
  detailDigest,
  planLifecycle,
  resourceKey,
} from './lifecycle-plan';

export interface EvaluationInput {
  snapshotId: string;
  organizationId: string;
  clusterId: string;
  collectedAt: Date;
  findings: EngineFinding[];
  notEvaluable: NotEvaluable[];
  ruleErrors: RuleError[];
  /** Open findings exceptions covered, per rule, and which exceptions (Evaluation.acceptedCounts). */
  acceptedCounts: Record<string, { findings: number; exceptions: string[] }>;
  /** Rules that ran to completion: only their open findings may be resolved. */
  evaluatedRules: Set<string>;
  /** Rules that no longer exist or were switched off: their open findings resolve as RULE_REMOVED. */
  activeRules: Set<string>;
  /** Every object of the snapshot, keyed and hashed: drift, and "fixed" versus "deleted". */
  objects: TrackedObject[];
  /** The posture score of the findings not covered by an accepted risk; asked only when the evaluation is stored. */
  score: () => number;
  /** See Evaluation.inputHash. */
  inputHash: string;
  /** Keep older snapshots' payloads until retention drops them, rather than once superseded. */
  keepSupersededPayloads: boolean;
  /** Time since the job started, read when the evaluation row is written. */
  durationMs: () => number;
  /** A finding back this soon after its resolution is flapping: it alerts once, not each time. */
  flapWindowMs: number;
  /** The evaluation the drift rules' history was read at (null: none yet); see ClusterHistory. */
  basedOn: string | null;
  /** Open findings whose drift baseline changed (a second webhook relaxed while the first still is). */
  rebased: { fingerprint: string; baseline: Baseline }[];
  /** The service accounts this snapshot's workloads run as: their last use (AccountUse) moves to its time. */
  usedAccounts: { namespace: string; name: string }[];
}

/** What drift rules compare with, as of the cluster's newest evaluation. */
export interface ClusterHistory {
  /** That evaluation; null before the first. The evaluation is applied only if it is still the newest. */
  basedOn: string | null;
  history?: History;
  /** The baselines the standing findings have stored, by fingerprint. */
  stored: Map<string, Baseline>;
}

/** The cluster was evaluated between reading its history and applying: evaluate again on the new one. */
export class HistoryMovedError extends Error {
  constructor() {
    super('The cluster was evaluated meanwhile; its drift history must be read again.');
  }
}

/** What the outbox is told of an evaluation; it returns the alert row's payload, if any. */
export type OutboxWriter = (evaluation: {
  changes: LifecycleChange[];
  evaluationId: string;
  score: number;
  /** Null for the cluster's first evaluation: its baseline. */
  previousScore: number | null;
}) => Prisma.InputJsonValue | null;

/** The change to the finding's own object, in the same evaluation, that opened it. */
export type EvaluationOutcome =
  | { status: 'evaluated'; evaluationId: string; score: number; changes: LifecycleChange[] }
  | { status: 'already-evaluated' | 'stale' | 'missing' | 'deleted' };

/** A finding event this evaluation writes. */
interface NewEvent {
  findingId: string;
  type: FindingEventType;
  reason?: ResolutionReason;
  severity: Severity;
  cause?: string;
}

const scopeColumns = (scope: { organizationId: string; clusterId: string }): Constant[] => [
  { name: 'organizationId', type: 'uuid', value: scope.organizationId },
  { name: 'clusterId', type: 'uuid', value: scope.clusterId },
];

/** Columns of every row an evaluation writes about an event: its scope, evaluation and time. */
const evaluationColumns = (
  scope: { organizationId: string; clusterId: string },
  evaluationId: string,
  at: Date,
): Constant[] => [
  ...scopeColumns(scope),
  { name: 'evaluationId', type: 'uuid', value: evaluationId },
  { name: 'at', type: 'timestamp', value: at },
];

/** How ObjectState and ObjectChange name an object. */
const OBJECT_COLUMNS: Column[] = [
  { name: 'objectKey', type: 'text' },
  { name: 'kind', type: 'text' },
  { name: 'namespace', type: 'text' },
  { name: 'name', type: 'text' },
];

@Injectable()
export class EvaluationRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly states: ClusterStateCache,
  ) {}

  /** A snapshot to evaluate, with its payload (if still held), its cluster and its organisation's settings. */
  async loadSnapshot(id: string) {
    const rows = await this.prisma.$queryRaw<
      {
        id: string;
        organizationId: string;
        clusterId: string;
        collectedAt: Date;
        receivedAt: Date;
        status: SnapshotStatus;
        contentHash: string;
        payload: Uint8Array | null;
        clusterName: string;
        clusterDeletedAt: Date | null;
        settings: Prisma.JsonValue;
      }[]
    >`
      SELECT s.id, s."organizationId", s."clusterId", s."collectedAt", s."receivedAt", s.status, s."contentHash",
             p.payload, c.name AS "clusterName", c."deletedAt" AS "clusterDeletedAt", o.settings
      FROM "Snapshot" s
      JOIN "Cluster" c ON c.id = s."clusterId"
      JOIN "Organization" o ON o.id = c."organizationId"
      LEFT JOIN "SnapshotPayload" p ON p."snapshotId" = s.id
      WHERE s.id = ${id}::uuid`;
    const row = rows[0];
    if (!row) return null;
    const { clusterName, clusterDeletedAt, settings, ...snapshot } = row;
    return { ...snapshot, cluster: { name: clusterName, deletedAt: clusterDeletedAt, organization: { settings } } };
  }

  /**
   * Marks the snapshot STALE when a newer snapshot of its cluster (by collection, then receipt) is
   * waiting to be evaluated: a backlog of one cluster coalesces to its newest snapshot, so one
   * cluster (or organisation) flooding the queue costs one evaluation, not one per push. True when
   * it was superseded.
   */
  async supersede(
    row: { id: string; clusterId: string; collectedAt: Date; receivedAt: Date },
    keepPayload: boolean,
  ): Promise<boolean> {
    const n = await this.prisma.$executeRaw`
      UPDATE "Snapshot" s SET status = 'STALE'
      WHERE s.id = ${row.id}::uuid AND s.status IN ('RECEIVED', 'QUEUED')
        AND EXISTS (
          SELECT 1 FROM "Snapshot" n
          WHERE n."clusterId" = ${row.clusterId}::uuid AND n.id <> s.id AND n.status IN ('RECEIVED', 'QUEUED')
            AND (n."collectedAt", n."receivedAt", n.id) > (${utc(row.collectedAt)}, ${utc(row.receivedAt)}, s.id))`;
    if (n > 0 && !keepPayload) await this.dropPayload(this.prisma, row.id);
    return n > 0;
  }

  /**
   * The previous state of the kinds drift rules compare and the drift findings standing, read in
   * one database snapshot. Small: namespaces, network policies, webhooks, policies and bindings
   * (no workloads), and only the open findings that carry a baseline.
   */
  async history(clusterId: string): Promise<ClusterHistory> {
    return this.prisma.$transaction(
      async (tx) => {
        const cluster = await tx.cluster.findUnique({
          where: { id: clusterId },
          select: { lastEvaluationId: true, evaluatedUpTo: true },
        });
        if (!cluster?.lastEvaluationId || !cluster.evaluatedUpTo) return { basedOn: null, stored: new Map() };
        const objects = await tx.$queryRaw<{ kind: string; body: unknown }[]>`
          SELECT kind, body FROM "ObjectState"
          WHERE "clusterId" = ${clusterId}::uuid AND (kind = ANY(${[...DRIFT_KINDS]}::text[]) OR body->>'engine' IS NOT NULL)`;
        const standing = await tx.$queryRaw<
          {
            fingerprint: string;
            ruleId: string;
            resourceKind: string;
            resourceNamespace: string | null;
            resourceName: string;
            baseline: Baseline;
          }[]
        >`
          SELECT fingerprint, "ruleId", "resourceKind", "resourceNamespace", "resourceName", baseline FROM "Finding"
          WHERE "clusterId" = ${clusterId}::uuid AND status = 'OPEN' AND baseline IS NOT NULL`;
        // Each service account since it was first seen, with its last use by a workload, if any.
        const accounts = await tx.$queryRaw<
          { namespace: string; name: string; since: Date; lastUsedAt: Date | null }[]
        >`
          SELECT o.namespace, o.name, o."firstSeenAt" AS since, u."lastUsedAt"
          FROM "ObjectState" o
          LEFT JOIN "AccountUse" u ON u."clusterId" = o."clusterId" AND u.namespace = o.namespace AND u.name = o.name
          WHERE o."clusterId" = ${clusterId}::uuid AND o.kind = 'ServiceAccount'`;
        return {
          basedOn: cluster.lastEvaluationId,
          history: {
            previousAt: cluster.evaluatedUpTo.toISOString(),
            previous: previousStateFromObjects(objects),
            standing: standing.map((f) => ({
              ruleId: f.ruleId,
              resource: {
                kind: f.resourceKind,
                ...(f.resourceNamespace !== null ? { namespace: f.resourceNamespace } : {}),
                name: f.resourceName,
              },
              baseline: f.baseline,
            })),
            accounts: accounts.map((a) => ({
              namespace: a.namespace,
              name: a.name,
              since: a.since.toISOString(),
              ...(a.lastUsedAt ? { lastUsedAt: a.lastUsedAt.toISOString() } : {}),
            })),
          },
          stored: new Map(standing.map((f) => [f.fingerprint, f.baseline])),
        };
      },
      { isolationLevel: 'RepeatableRead' },
    );
  }

  /**
   * Applies one evaluation's results in a single transaction under the cluster's lock, so that
   * evaluations of one cluster are serial whichever worker runs them, and a retried job finds
   * its work done and changes nothing.
   */
  async apply(input: EvaluationInput, outbox: OutboxWriter): Promise<EvaluationOutcome> {
    let committed: { stamp: string; state: ClusterState } | undefined;
    const outcome = await this.underClusterLock(input, async (tx, cluster) => {
      if (cluster.lastEvaluationId !== input.basedOn) throw new HistoryMovedError();
      const state =
        this.states.take(input.clusterId, cluster.lastEvaluationId) ?? (await this.readState(tx, input.clusterId));
      const done = await this.applyLifecycle(tx, input, outbox, cluster.previousScore, state);
      if (done.status === 'evaluated') committed = { stamp: done.evaluationId, state };
      return done;
    });
    // Only once committed: a rolled-back evaluation's changes to the copy must not be reused.
    if (committed) this.states.put(input.clusterId, committed.stamp, committed.state);
    return outcome;
  }

  /** The cluster's open findings and object states, as the evaluation compares them. */
  private async readState(tx: Tx, clusterId: string): Promise<ClusterState> {
    const open = await tx.$queryRaw<
      {
        id: string;
        fingerprint: string;
        severity: OpenFinding['severity'];
        paths: string[];
        primary: string | null;
      }[]
    >`
      SELECT id, fingerprint, severity::text AS severity, paths, "primaryFingerprint" AS "primary" FROM "Finding"
      WHERE "clusterId" = ${clusterId}::uuid AND status = 'OPEN'`;
    const objects = await tx.$queryRaw<{ id: string; objectKey: string; hash: string }[]>`
      SELECT id, "objectKey", hash FROM "ObjectState" WHERE "clusterId" = ${clusterId}::uuid`;
    return {
      open: new Map(open.map((f) => [f.fingerprint, { id: f.id, severity: f.severity, detail: detailDigest(f) }])),
      objects: new Map(objects.map((o) => [o.objectKey, { id: o.id, hash: o.hash }])),
    };
  }

  /** The newest evaluation of the cluster when it had this input (see Evaluation.inputHash). */
  repeatOfNewest(clusterId: string, inputHash: string) {
    return this.prisma.evaluation
      .findFirst({
        where: { clusterId },
        // The newest: collectedAt only grows under the lock; a re-evaluation's copy has the later id (UUIDv7).
        orderBy: [{ collectedAt: 'desc' }, { id: 'desc' }],
        select: {
          inputHash: true,
          organizationId: true,
          score: true,
          critical: true,
          high: true,
          medium: true,
          low: true,
          info: true,
          ruleCounts: true,
          acceptedCounts: true,
          notEvaluable: true,
          ruleErrors: true,
        },
      })
      .then((e) => (e && e.inputHash === inputHash ? e : null));
  }

  /**
   * Records an evaluation whose input equals the newest one's: the same summary, nothing opened or
   * resolved, no object changed. A handful of rows, whatever the size of the cluster.
   */
  async applyRepeat(
    input: Pick<EvaluationInput, 'snapshotId' | 'clusterId' | 'collectedAt' | 'inputHash'>,
    previous: NonNullable<Awaited<ReturnType<EvaluationRepository['repeatOfNewest']>>>,
    durationMs: () => number,
    keepSupersededPayloads: boolean,
  ): Promise<EvaluationOutcome> {
    let committed: { stamp: string; state: ClusterState } | undefined;
    const outcome = await this.underClusterLock({ ...input, keepSupersededPayloads }, async (tx, cluster) => {
      const newest = await tx.evaluation.findFirst({
        where: { clusterId: input.clusterId },
        // The newest: collectedAt only grows under the lock; a re-evaluation's copy has the later id (UUIDv7).
        orderBy: [{ collectedAt: 'desc' }, { id: 'desc' }],
        select: { inputHash: true },
      });
      // Another evaluation landed since the check: the job fails, and its retry evaluates in full.
      if (newest?.inputHash !== input.inputHash) throw new Error('the newest evaluation changed; retrying in full');
      const {
        inputHash: _,
        organizationId,
        notEvaluable,
        ruleErrors,
        ruleCounts,
        acceptedCounts,
        ...summary
      } = previous;
      const evaluation = await tx.evaluation.create({
        data: {
          ...summary,
          organizationId,
          clusterId: input.clusterId,
          snapshotId: input.snapshotId,
          collectedAt: input.collectedAt,
          durationMs: durationMs(),
          opened: 0,
          resolved: 0,
          reopened: 0,
          ruleCounts: ruleCounts as Prisma.InputJsonValue,
          acceptedCounts: acceptedCounts as Prisma.InputJsonValue,
          notEvaluable: notEvaluable as Prisma.InputJsonValue,
          ruleErrors: ruleErrors as Prisma.InputJsonValue,
          inputHash: input.inputHash,
        },
        select: { id: true },
      });
      await this.finish(tx, { ...input, keepSupersededPayloads }, summary.score, evaluation.id);
      // Nothing changed: a current copy of the state follows this evaluation too.
      const state = this.states.take(input.clusterId, cluster.lastEvaluationId);
      if (state) committed = { stamp: evaluation.id, state };
      return { status: 'evaluated', evaluationId: evaluation.id, score: summary.score, changes: [] };
    });
    if (committed) this.states.put(input.clusterId, committed.stamp, committed.state);
    return outcome;
  }

  /**
   * Runs `work` in one transaction under the cluster's lock, so that evaluations of one cluster
   * are serial whichever worker runs them, unless the snapshot is done already (a retried job
   * changes nothing) or older than the newest evaluated one (stale).
   */
  private underClusterLock(
    input: Pick<EvaluationInput, 'snapshotId' | 'clusterId' | 'collectedAt' | 'keepSupersededPayloads'>,
    work: (
      tx: Tx,
      cluster: { previousScore: number | null; lastEvaluationId: string | null },
    ) => Promise<EvaluationOutcome>,
  ): Promise<EvaluationOutcome> {
    return this.prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${input.clusterId}, 0))`;
        const snapshot = await tx.snapshot.findUnique({ where: { id: input.snapshotId }, select: { status: true } });
        if (!snapshot) return { status: 'missing' };
        if (snapshot.status === 'EVALUATED' || snapshot.status === 'STALE') return { status: 'already-evaluated' };
        const cluster = await tx.cluster.findUnique({
          where: { id: input.clusterId },
          select: { evaluatedUpTo: true, currentScore: true, deletedAt: true, lastEvaluationId: true },
        });
        // Deleted (under this lock, so no evaluation writes after it): its history is being purged.
        if (!cluster || cluster.deletedAt) return { status: 'deleted' };
        if (cluster.evaluatedUpTo && input.collectedAt < cluster.evaluatedUpTo) {
          await tx.snapshot.update({ where: { id: input.snapshotId }, data: { status: 'STALE' } });
          if (!input.keepSupersededPayloads) await this.dropPayload(tx, input.snapshotId);
          return { status: 'stale' };
        }
        return work(tx, {
          previousScore: cluster.evaluatedUpTo ? cluster.currentScore : null,
          lastEvaluationId: cluster.lastEvaluationId,
        });
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
  }

  /** The cluster's newest state, the snapshot done, and older payloads dropped (unless kept). */
  private async finish(
    tx: Tx,
    input: Pick<EvaluationInput, 'snapshotId' | 'clusterId' | 'collectedAt' | 'keepSupersededPayloads'>,
    score: number,
    evaluationId: string,
  ): Promise<void> {
    await tx.cluster.update({
      where: { id: input.clusterId },
      data: { evaluatedUpTo: input.collectedAt, currentScore: score, lastEvaluationId: evaluationId },
    });
    await tx.snapshot.update({ where: { id: input.snapshotId }, data: { status: 'EVALUATED' } });
    if (!input.keepSupersededPayloads) {
      // What older snapshots said now lives in findings, events, object states and changes; only
      // the newest payload is kept (to evaluate again). A cluster holds a few payloads at most, so
      // this reads a few index entries, however old the cluster. Storage grows with change, not pushes.
      await tx.$executeRaw`
        DELETE FROM "SnapshotPayload" p USING "Snapshot" s
        WHERE p."clusterId" = ${input.clusterId}::uuid AND p."snapshotId" <> ${input.snapshotId}::uuid
          AND s.id = p."snapshotId" AND s.status IN ('EVALUATED', 'STALE')`;
    }
  }

  private async dropPayload(tx: Tx, snapshotId: string): Promise<void> {
    await tx.$executeRaw`DELETE FROM "SnapshotPayload" WHERE "snapshotId" = ${snapshotId}::uuid`;
  }

  private async applyLifecycle(
    tx: Tx,
    input: EvaluationInput,
    outbox: OutboxWriter,
    previousScore: number | null,
    state: ClusterState,
  ): Promise<EvaluationOutcome> {
    const at = input.collectedAt;
    // What can change state now: the open findings (identity only, from the state), the resolved
    // ones that are back, and the details of the open ones that are gone. The last two are about
    // what changed, so small.
    const { open } = state;
    const current = byFingerprint(input.findings);
    const { backCandidates, goneIds } = lifecycleLookups(current, open);
    const resolvedBack = new Map<string, { id: string; resolvedAt: Date | null }>();
    if (backCandidates.length > 0) {
      for (const row of await tx.$queryRaw<{ id: string; fingerprint: string; resolvedAt: Date | null }[]>`
        SELECT id, fingerprint, "resolvedAt" FROM "Finding"
        WHERE "clusterId" = ${input.clusterId}::uuid AND status = 'RESOLVED' AND fingerprint = ANY(${backCandidates}::text[])`)
        resolvedBack.set(row.fingerprint, row);
    }
    const gone =
      goneIds.length === 0
        ? []
        : await tx.$queryRaw<GoneFinding[]>`
            SELECT id, fingerprint, "ruleId", severity::text AS severity, "resourceKind", "resourceNamespace",
                   "resourceName", container, message, paths, platform, "flappingUntil"
            FROM "Finding" WHERE id = ANY(${goneIds}::uuid[])`;
    const plan = planLifecycle(
      {
        at,
        findings: current,
        evaluatedRules: input.evaluatedRules,
        activeRules: input.activeRules,
        presentResources: new Set(input.objects.map((o) => o.key)),
        flapWindowMs: input.flapWindowMs,
      },
      { open, resolvedBack, gone },
    );
    const { opened, reopened, resolved, changed: stillOpen, counts, ruleCounts } = plan;

    const score = input.score();
    const scope = { organizationId: input.organizationId, clusterId: input.clusterId };
    // The evaluation's id first: its object changes name it, and it counts them.
    const evaluation = { id: newId() };
    const { causes, counts: changed } = await this.applyDrift(tx, input, evaluation.id, state.objects);
    await tx.evaluation.create({
      data: {
        id: evaluation.id,
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
        ruleCounts,
        acceptedCounts: input.acceptedCounts,
        opened: opened.length,
        resolved: resolved.length,
        reopened: reopened.length,
        ...changed,
        notEvaluable: input.notEvaluable as unknown as Prisma.InputJsonValue,
        ruleErrors: input.ruleErrors as unknown as Prisma.InputJsonValue,
        inputHash: input.inputHash,
      },
      select: { id: true },
    });

    const changes: LifecycleChange[] = [];
    const causeOf = (f: EngineFinding) => causes.get(resourceKey(f.resource));
    const events: NewEvent[] = [];

    const openedIds = opened.map(() => newId());
    if (opened.length > 0) {
      const ids = openedIds;
      await bulkInsert(
        tx,
        'Finding',
        [
          { name: 'id', type: 'uuid' },
          { name: 'fingerprint', type: 'text' },
          { name: 'ruleId', type: 'text' },
          { name: 'severity', type: '"Severity"' },
          { name: 'resourceKind', type: 'text' },
          { name: 'resourceNamespace', type: 'text' },
          { name: 'resourceName', type: 'text' },
          { name: 'container', type: 'text' },
          { name: 'message', type: 'text' },
          { name: 'paths', type: 'jsonb' },
          { name: 'platform', type: 'boolean' },
          { name: 'baseline', type: 'jsonb' },
          { name: 'primaryFingerprint', type: 'text' },
        ],
        opened.map((f, i) => [
          ids[i],
          f.fingerprint,
          f.ruleId,
          f.severity,
          f.resource.kind,
          f.resource.namespace ?? null,
          f.resource.name,
          f.container ?? null,
          f.message,
          f.paths,
          f.platform,
          f.baseline ?? null,
          f.primary ?? null,
        ]),
        [
          ...scopeColumns(scope),
          { name: 'status', type: '"FindingStatus"', value: 'OPEN' },
          { name: 'firstSeenAt', type: 'timestamp', value: at },
          { name: 'lastSeenAt', type: 'timestamp', value: at },
        ],
      );
      opened.forEach((f, i) => {
        const cause = causeOf(f);
        events.push({ findingId: ids[i]!, type: 'OPENED', severity: f.severity, cause: cause?.changeId });
        changes.push({ event: 'finding.opened', findingId: ids[i]!, finding: f, ...(cause ? { cause } : {}) });
      });
    }

    if (stillOpen.length > 0) {
      // No event and no alert: the finding is the same, its description follows the resource.
      await tx.$executeRaw`
        UPDATE "Finding" f SET severity = t.severity::"Severity", message = t.message, paths = t.paths::jsonb,
          "primaryFingerprint" = t."primaryFingerprint"
        FROM unnest(${stillOpen.map((r) => r.id)}::uuid[], ${stillOpen.map((r) => r.finding.severity)}::text[],
                    ${stillOpen.map((r) => r.finding.message)}::text[],
                    ${stillOpen.map((r) => JSON.stringify(r.finding.paths))}::text[],
                    ${stillOpen.map((r) => r.finding.primary ?? null)}::text[]) AS t(id, severity, message, paths, "primaryFingerprint")
        WHERE f.id = t.id`;
    }
    if (input.rebased.length > 0) {
      await tx.$executeRaw`
        UPDATE "Finding" f SET baseline = t.baseline::jsonb
        FROM unnest(${input.rebased.map((r) => r.fingerprint)}::text[],
                    ${input.rebased.map((r) => JSON.stringify(r.baseline))}::text[]) AS t(fingerprint, baseline)
        WHERE f."clusterId" = ${input.clusterId}::uuid AND f.fingerprint = t.fingerprint AND f.status = 'OPEN'`;
    }
    if (reopened.length > 0) {
      // One statement for every finding that is back, however many. A flapping one remembers
      // until when its next resolution stays quiet too.
      await tx.$executeRaw`
        UPDATE "Finding" AS f SET status = 'OPEN', severity = v.severity::"Severity", message = v.message,
          paths = v.paths::jsonb, baseline = v.baseline::jsonb, "primaryFingerprint" = v."primaryFingerprint", "lastSeenAt" = ${utc(at)},
          "resolvedAt" = NULL, "resolutionReason" = NULL, "reopenCount" = f."reopenCount" + 1,
          "flappingUntil" = CASE WHEN v.flapping THEN ${utc(plan.quietUntil)} END
        FROM unnest(${reopened.map((r) => r.id)}::uuid[], ${reopened.map((r) => r.finding.severity)}::text[],
                    ${reopened.map((r) => r.finding.message)}::text[],
                    ${reopened.map((r) => JSON.stringify(r.finding.paths))}::text[],
                    ${reopened.map((r) => r.flapping)}::boolean[],
                    ${reopened.map((r) => (r.finding.baseline ? JSON.stringify(r.finding.baseline) : null))}::text[],
                    ${reopened.map((r) => r.finding.primary ?? null)}::text[])
          AS v(id, severity, message, paths, flapping, baseline, "primaryFingerprint")
        WHERE f.id = v.id`;
      for (const { id, finding: f, flapping } of reopened) {
        const cause = causeOf(f);
        events.push({ findingId: id, type: 'REOPENED', severity: f.severity, cause: cause?.changeId });
        changes.push({
          event: 'finding.reopened',
          findingId: id,
          finding: f,
          ...(cause ? { cause } : {}),
          ...(flapping ? { flapping: true } : {}),
        });
      }
    }

    if (resolved.length > 0) {
      const byReason = new Map<ResolutionReason, string[]>();
      for (const { finding, reason } of resolved) byReason.set(reason, [...(byReason.get(reason) ?? []), finding.id]);
      // Array parameters, not IN lists: a deleted namespace can resolve tens of thousands at once.
      for (const [reason, ids] of byReason) {
        await tx.$executeRaw`
          UPDATE "Finding" SET status = 'RESOLVED', "resolutionReason" = ${reason}::"ResolutionReason",
            "resolvedAt" = ${utc(at)}, "lastSeenAt" = ${utc(at)}
          WHERE id = ANY(${ids}::uuid[])`;
      }
      const resolvedIds = resolved.map((r) => r.finding.id);
      // Close the open period, so "open at T" stays a range query.
      await tx.$executeRaw`
        UPDATE "FindingEvent" SET "closedAt" = ${utc(at)}
        WHERE "findingId" = ANY(${resolvedIds}::uuid[]) AND "closedAt" IS NULL AND type IN ('OPENED', 'REOPENED')`;
      for (const { finding: f, reason, flapping } of resolved) {
        events.push({ findingId: f.id, type: 'RESOLVED', reason, severity: f.severity });
        changes.push({
          event: 'finding.resolved',
          findingId: f.id,
          reason,
          finding: {
            ruleId: f.ruleId,
            severity: f.severity,
            resource: { kind: f.resourceKind, namespace: f.resourceNamespace ?? undefined, name: f.resourceName },
            container: f.container ?? undefined,
            message: f.message,
            paths: f.paths,
            platform: f.platform,
            fingerprint: f.fingerprint,
          },
          ...(flapping ? { flapping: true } : {}),
        });
      }
    }

    if (events.length > 0) {
      await bulkInsert(
        tx,
        'FindingEvent',
        [
          { name: 'id', type: 'uuid' },
          { name: 'findingId', type: 'uuid' },
          { name: 'type', type: '"FindingEventType"' },
          { name: 'reason', type: '"ResolutionReason"' },
          { name: 'severity', type: '"Severity"' },
          { name: 'causeChangeId', type: 'uuid' },
        ],
        events.map((e) => [newId(), e.findingId, e.type, e.reason ?? null, e.severity, e.cause ?? null]),
        evaluationColumns(scope, evaluation.id, at),
      );
    }

    await this.recordAccountUse(tx, input);
    const payload = outbox({ changes, evaluationId: evaluation.id, score, previousScore });
    // An alert no endpoint can receive is not written: it would be kilobytes of history per
    // evaluation for nobody (an endpoint receives what happens from its creation on).
    if (payload !== null && (await this.anyEndpoint(tx, input.organizationId))) {
      await tx.webhookEvent.create({
        data: { ...scope, evaluationId: evaluation.id, type: 'evaluation', payload },
      });
    }
    await this.finish(tx, input, score, evaluation.id);
    advanceOpen(open, plan, openedIds);
    return { status: 'evaluated', evaluationId: evaluation.id, score, changes };
  }

  /**
   * Moves each used account's last use to this snapshot's time. Rows only move when an hour or
   * more behind, so an evaluation every minute does not rewrite them all every minute.
   */
  private async recordAccountUse(tx: Tx, input: EvaluationInput): Promise<void> {
    if (input.usedAccounts.length === 0) return;
    await tx.$executeRaw`
      INSERT INTO "AccountUse" (id, "organizationId", "clusterId", namespace, name, "lastUsedAt")
      SELECT gen_random_uuid(), ${input.organizationId}::uuid, ${input.clusterId}::uuid, t.namespace, t.name, ${utc(input.collectedAt)}
      FROM unnest(${input.usedAccounts.map((a) => a.namespace)}::text[], ${input.usedAccounts.map((a) => a.name)}::text[])
        AS t(namespace, name)
      ON CONFLICT ("clusterId", namespace, name) DO UPDATE SET "lastUsedAt" = EXCLUDED."lastUsedAt"
      WHERE "AccountUse"."lastUsedAt" < EXCLUDED."lastUsedAt" - interval '1 hour'`;
  }

  private async anyEndpoint(tx: Tx, organizationId: string): Promise<boolean> {
    const [row] = await tx.$queryRaw<{ any: boolean }[]>`
      SELECT EXISTS (SELECT 1 FROM "WebhookEndpoint" WHERE "organizationId" = ${organizationId}::uuid AND enabled) AS any`;
    return row!.any;
  }

  /**
   * Object drift: compares each object's hash with the cluster's last known state and records
   * what was ADDED, MODIFIED (with the field-level diff) and REMOVED. Unchanged objects cost a
   * read of their hash and no write. Returns the change of each added or modified object, by key,
   * to link the findings it opened, and how many of each type were recorded.
   */
  private async applyDrift(
    tx: Tx,
    input: EvaluationInput,
    evaluationId: string,
    known: ClusterState['objects'],
  ): Promise<{ causes: Map<string, Cause>; counts: { added: number; modified: number; removed: number } }> {
    const at = input.collectedAt;
    const scope = { organizationId: input.organizationId, clusterId: input.clusterId };
    const present = new Set(input.objects.map((o) => o.key));
    const added = input.objects.filter((o) => !known.has(o.key));
    const modified = input.objects.filter((o) => {
      const state = known.get(o.key);
      return state !== undefined && state.hash !== o.hash;
    });
    const removed = [...known].filter(([key]) => !present.has(key)).map(([objectKey, s]) => ({ ...s, objectKey }));
    if (added.length + modified.length + removed.length === 0)
      return { causes: new Map(), counts: { added: 0, modified: 0, removed: 0 } };

    const previous = new Map(
      modified.length === 0
        ? []
        : (
            await tx.$queryRaw<{ objectKey: string; body: unknown }[]>`
              SELECT "objectKey", body FROM "ObjectState" WHERE id = ANY(${modified.map((o) => known.get(o.key)!.id)}::uuid[])`
          ).map((s) => [s.objectKey, s.body as object]),
    );
    const diffs = new Map(modified.map((o) => [o.key, diffObjects(o.kind, previous.get(o.key) ?? {}, o.body)]));
    // A new hash with no field changed (keys serialised in another order): refresh the state only.
    const changedObjects = modified.filter((o) => diffs.get(o.key)!.length > 0);

    const causes = new Map<string, Cause>();
    const changeRows: unknown[][] = [];
    const change = (key: string, kind: string, namespace: string | null, name: string, type: ChangeType) => {
      const id = newId();
      const diff = diffs.get(key) ?? [];
      changeRows.push([id, key, kind, namespace, name, type, diff]);
      if (type !== 'REMOVED') causes.set(key, { changeId: id, type, diff });
    };
    for (const o of added) change(o.key, o.kind, o.namespace ?? null, o.name, 'ADDED');
    for (const o of changedObjects) change(o.key, o.kind, o.namespace ?? null, o.name, 'MODIFIED');
    for (const s of removed) {
      const [kind, namespace, ...name] = s.objectKey.split('/');
      change(s.objectKey, kind!, namespace || null, name.join('/'), 'REMOVED');
    }
    if (changeRows.length > 0)
      await bulkInsert(
        tx,
        'ObjectChange',
        [
          { name: 'id', type: 'uuid' },
          ...OBJECT_COLUMNS,
          { name: 'type', type: '"ChangeType"' },
          { name: 'diff', type: 'jsonb' },
        ],
        changeRows,
        evaluationColumns(scope, evaluationId, at),
      );

    const addedIds = added.map(() => newId());
    if (added.length > 0) {
      await bulkInsert(
        tx,
        'ObjectState',
        [
          { name: 'id', type: 'uuid' },
          ...OBJECT_COLUMNS,
          { name: 'hash', type: 'text' },
          { name: 'body', type: 'jsonb' },
        ],
        added.map((o, i) => [addedIds[i], o.key, o.kind, o.namespace ?? null, o.name, o.hash, o.body]),
        [
          ...scopeColumns(scope),
          { name: 'firstSeenAt', type: 'timestamp', value: at },
          { name: 'updatedAt', type: 'timestamp', value: at },
        ],
      );
    }
    if (modified.length > 0) {
      // One statement for every modified object, however many.
      await tx.$executeRaw`
        UPDATE "ObjectState" AS s SET hash = v.hash, body = v.body::jsonb,
          "updatedAt" = ${utc(at)}
        FROM unnest(${modified.map((o) => known.get(o.key)!.id)}::uuid[], ${modified.map((o) => o.hash)}::text[],
                    ${modified.map((o) => JSON.stringify(o.body))}::text[]) AS v(id, hash, body)
        WHERE s.id = v.id`;
    }
    if (removed.length > 0)
      await tx.$executeRaw`DELETE FROM "ObjectState" WHERE id = ANY(${removed.map((s) => s.id)}::uuid[])`;
    // The state as written, for the next evaluation (kept only once committed).
    added.forEach((o, i) => known.set(o.key, { id: addedIds[i]!, hash: o.hash }));
    for (const o of modified) known.get(o.key)!.hash = o.hash;
    for (const s of removed) known.delete(s.objectKey);
    return { causes, counts: { added: added.length, modified: changedObjects.length, removed: removed.length } };
  }
}
