import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { evaluateIncremental, rebasedFindings, RULES, score, usedAccounts } from '@kubeward/rules';
import { canonicalJson, SCHEMA_VERSION, sha256, type Snapshot, trackedObjects } from '@kubeward/snapshot';
import { UnrecoverableError } from 'bullmq';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { Prisma } from '../../generated/prisma/client';
import { acceptedCounts, coveredBy, coveringIds } from '../exceptions/exception-match';
import { ExceptionsService } from '../exceptions/exceptions.service';
import { parseSettings } from '../organizations/organization-settings';
import { scopeOf } from '../auth/scope';
import { controlRegressions, evaluationEvent } from '../outbox/alert-payloads';
import { EvaluationCarryCache } from './evaluation-carry-cache';
import { EvaluationRepository, type EvaluationOutcome, HistoryMovedError } from './evaluation.repository';

const gunzipAsync = promisify(gunzip);

/** The rule catalogue as evaluation results depend on it: which rules, at which severity. */
const CATALOGUE = sha256(JSON.stringify(RULES.map((r) => [r.id, r.severity, r.needs])));

@Injectable()
export class EvaluationService {
  private readonly logger = new Logger(EvaluationService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly evaluations: EvaluationRepository,
    private readonly exceptions: ExceptionsService,
    private readonly carries: EvaluationCarryCache,
  ) {}

  /** Evaluates one stored snapshot. Safe to run again: a second run finds the work done. */
  async evaluateSnapshot(snapshotId: string): Promise<EvaluationOutcome> {
    // Another evaluation of the cluster may land between reading its history and applying (two
    // workers, two snapshots): then the drift rules judge again against the new state.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.evaluateOnce(snapshotId);
      } catch (err) {
        if (!(err instanceof HistoryMovedError) || attempt === 3) throw err;
      }
    }
  }

  private async evaluateOnce(snapshotId: string): Promise<EvaluationOutcome> {
    const started = performance.now();
    const row = await this.evaluations.loadSnapshot(snapshotId);
    if (!row) return { status: 'missing' };
    if (row.status === 'EVALUATED' || row.status === 'STALE') return { status: 'already-evaluated' };
    if (row.cluster.deletedAt) return { status: 'deleted' };
    if (await this.evaluations.supersede(row, this.config.ingest.keepSupersededPayloads)) return { status: 'stale' };
    const settings = parseSettings(row.cluster.organization.settings);
    // Accepted risks leave the score and the alerts; which ones apply is part of the input.
    // The snapshot's organisation: the one whose agent token stored it.
    const exceptions = await this.exceptions.active(scopeOf(row.organizationId));
    const covered = coveredBy(exceptions, row.clusterId);
    const inputHash = sha256(
      [
        row.contentHash,
        canonicalJson(settings),
        CATALOGUE,
        row.collectedAt.toISOString().slice(0, 10),
        exceptions.map((x) => x.id).join(','),
      ].join('|'),
    );
    // Same content, settings, rules and day as the newest evaluation: same result. Record it
    // without running the engine (an agent that lost its heartbeat state resends unchanged data).
    const repeat = await this.evaluations.repeatOfNewest(row.clusterId, inputHash);
    if (repeat) {
      return this.evaluations.applyRepeat(
        { snapshotId, clusterId: row.clusterId, collectedAt: row.collectedAt, inputHash },
        repeat,
        () => Math.round(performance.now() - started),
        this.config.ingest.keepSupersededPayloads,
      );
    }

    if (!row.payload) throw new UnrecoverableError(`Snapshot ${snapshotId} has no payload left (retention).`);
    // Stored by ingest after validation, as canonical JSON: parsed, not validated again. Bytes that
    // do not read back will not read back on a retry either.
    let snapshot: Snapshot;
    try {
      snapshot = JSON.parse((await gunzipAsync(row.payload)).toString('utf8')) as Snapshot;
    } catch (err) {
      throw new UnrecoverableError(`Stored snapshot ${snapshotId} is unreadable: ${(err as Error).message}`);
    }
    if (snapshot.schemaVersion !== SCHEMA_VERSION)
      throw new UnrecoverableError(`Stored snapshot ${snapshotId} has schema version ${snapshot.schemaVersion}.`);
    const { basedOn, history, stored } = await this.evaluations.history(row.clusterId);
    const objects = trackedObjects(snapshot);
    // Only the workloads that changed since this worker's last evaluation of the cluster are
    // judged again by the rules that judge workloads one by one; the result is evaluate()'s.
    const { result, carry, judged } = evaluateIncremental(
      snapshot,
      {
        now: snapshot.collectedAt,
        history,
        trustedRegistries: settings.trustedRegistries,
        minimalImages: settings.minimalImages,
        immutableTagImages: settings.immutableTagImages,
        dormantAccountDays: settings.dormantAccountDays,
        severityOverrides: settings.severityOverrides,
      },
      new Map(objects.map((o) => [o.key, o.hash])),
      this.carries.take(row.clusterId),
    );
    const evaluatedRules = RULES.filter((r) => result.evaluated.includes(r.id));
    const uncovered = result.findings.filter((f) => !covered(f));

    // Back in the cache once this evaluation is done with its findings, whatever became of it.
    const outcome = await this.evaluations
      .apply(
        {
          snapshotId,
          organizationId: row.organizationId,
          clusterId: row.clusterId,
          collectedAt: row.collectedAt,
          findings: result.findings,
          notEvaluable: result.notEvaluable,
          ruleErrors: result.errors,
          acceptedCounts: acceptedCounts(result.findings, coveringIds(exceptions, row.clusterId)),
          evaluatedRules: new Set(result.evaluated),
          activeRules: new Set(RULES.map((r) => r.id)),
          objects,
          inputHash,
          keepSupersededPayloads: this.config.ingest.keepSupersededPayloads,
          score: () => score(uncovered, evaluatedRules),
          durationMs: () => Math.round(performance.now() - started),
          flapWindowMs: this.config.webhooks.flapWindowMs,
          basedOn,
          rebased: rebasedFindings(result.findings, stored),
          usedAccounts: usedAccounts(snapshot),
        },
        // A cluster's first evaluation is its baseline: what it finds is not a regression.
        ({ changes, evaluationId, score: postureScore, previousScore }) => {
          if (previousScore === null) return null;
          // Accepted risks and flapping findings stay quiet.
          const alerting = changes.filter((c) => !covered(c.finding));
          return evaluationEvent({
            organization: { id: row.organizationId },
            cluster: { id: row.clusterId, name: row.cluster.name },
            evaluation: {
              id: evaluationId,
              score: postureScore,
              previousScore,
              collectedAt: row.collectedAt.toISOString(),
            },
            changes: alerting.filter((c) => !c.flapping),
            controls: controlRegressions(uncovered, alerting),
          }) as unknown as Prisma.InputJsonValue | null;
        },
      )
      .finally(() => this.carries.put(row.clusterId, carry, judged));
    if (outcome.status === 'evaluated') {
      this.logger.log(
        {
          snapshotId,
          clusterId: row.clusterId,
          evaluationId: outcome.evaluationId,
          score: outcome.score,
          findings: result.findings.length,
          changes: outcome.changes.length,
          judged,
        },
        'evaluated snapshot',
      );
    }
    return outcome;
  }
}
