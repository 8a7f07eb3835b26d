import {
  evaluate,
  type EvaluationResult,
  type Finding,
  type History,
  SEVERITIES,
  type Severity,
  severityRank,
} from '@kubeward/rules';
import { buildSnapshot, resourceKey, type Snapshot } from '@kubeward/snapshot';
import { completeIdentity, isClusterScoped } from './manifest-identity';
import { positionOf, type Position, type Source } from './source-position';
import { IGNORE_ANNOTATION, parseIgnore, type Suppression } from './suppressions';
import type { InputProblem, Located } from './read-manifests';

export interface ScanOptions {
  now: string;
  include?: string[];
  exclude?: string[];
  trustedRegistries?: string[];
  /** The state before, for the drift rules (`kubeward diff`); without it they do not judge. */
  history?: History;
}

export interface ScanReport {
  snapshot: Snapshot;
  result: EvaluationResult;
  /** Where each finding's resource was read from (manifests only). */
  /** Where each object was read, to point a finding at its field (`positionOf`). */
  locations: Map<string, Source>;
  problems: InputProblem[];
  /** Documents that are not Kubernetes objects (workflows, chart metadata, values), with why. */
  skipped: InputProblem[];
  /** Rules were asked for by name (--rules): each one that could not judge is said. */
  asked?: boolean;
  /** Accepted risks written in the manifests (`kubeward.io/ignore`), by resource key. */
  suppressions: Map<string, Suppression[]>;
}

export { resourceKey };

/** The snapshot of manifests as the CLI reads them, with where each object came from. */
export function manifestSnapshot(
  objects: Located[],
  problems: InputProblem[],
  skipped: InputProblem[],
  now: string,
): Omit<ScanReport, 'result'> {
  const locations = new Map<string, Source>();
  const suppressions = new Map<string, Suppression[]>();
  const perFile = new Map<string, number>();
  const completed = objects.map(({ object, ...source }) => {
    const { file } = source;
    const index = (perFile.get(file) ?? 0) + 1;
    perFile.set(file, index);
    const o = completeIdentity(object, index) as {
      kind?: string;
      metadata?: { name?: string; namespace?: string; annotations?: Record<string, unknown> };
    };
    if (o?.kind && o.metadata?.name) {
      const namespace = isClusterScoped(o.kind) ? undefined : o.metadata.namespace;
      const key = resourceKey({ kind: o.kind, namespace, name: o.metadata.name });
      locations.set(key, source);
      const ignore = o.metadata.annotations?.[IGNORE_ANNOTATION];
      if (typeof ignore === 'string') {
        const parsed = parseIgnore(ignore);
        suppressions.set(key, parsed.suppressions);
        const at = positionOf(source, `metadata.annotations["${IGNORE_ANNOTATION}"]`);
        for (const message of parsed.errors) problems.push({ file: at.file, line: at.line, message });
      }
    }
    return o;
  });
  const { snapshot, skipped: malformed } = buildSnapshot(completed, {
    snapshotId: 'kubeward-scan',
    collectedAt: now,
    agentVersion: 'cli',
    source: 'manifests',
  });
  for (const err of malformed) {
    const at = [...locations].find(([key]) => err.object.includes(key.split('/').pop() ?? '\u0000'))?.[1];
    problems.push({ file: at?.file ?? '?', line: at?.line, message: err.message });
  }
  return { snapshot, locations, problems, skipped, suppressions };
}

export function evaluateSnapshot(snapshot: Snapshot, options: ScanOptions): EvaluationResult {
  return evaluate(snapshot, {
    now: options.now,
    include: options.include,
    exclude: options.exclude,
    trustedRegistries: options.trustedRegistries,
    history: options.history,
  });
}

export function parseSeverity(value: string): Severity {
  const upper = value.toUpperCase();
  if (!(SEVERITIES as readonly string[]).includes(upper)) {
    throw new Error(`--fail-on must be one of ${SEVERITIES.map((s) => s.toLowerCase()).join(', ')} (got "${value}")`);
  }
  return upper as Severity;
}

/** 1 when a finding reaches the --fail-on severity (platform findings included: CI wants to know). */
export function exitCodeFor(findings: Finding[], failOn: Severity | undefined): number {
  if (!failOn) return 0;
  return findings.some((f) => severityRank(f.severity) >= severityRank(failOn)) ? 1 : 0;
}

/** Where a finding points: the file, line and column of its first field, when read from files. */
export function findingPosition(report: Pick<ScanReport, 'locations'>, f: Finding): Position | undefined {
  const source = report.locations.get(resourceKey(f.resource));
  return source && positionOf(source, f.paths[0]);
}

/** Why a finding is accepted in the manifests (`kubeward.io/ignore`), if it is. */
export function acceptedReason(report: Pick<ScanReport, 'suppressions'>, f: Finding): string | undefined {
  return report.suppressions.get(resourceKey(f.resource))?.find((s) => s.ruleId === f.ruleId)?.reason;
}
