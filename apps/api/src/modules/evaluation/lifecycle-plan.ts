import type { Finding as EngineFinding, Severity } from '@kubeward/rules';
import type { ResolutionReason } from '../../generated/prisma/enums';
import { resourceKey } from '@kubeward/snapshot';

/** A stored finding that was open and is not among this evaluation's findings. */
export interface GoneFinding {
  id: string;
  fingerprint: string;
  ruleId: string;
  severity: Severity;
  resourceKind: string;
  resourceNamespace: string | null;
  resourceName: string;
  container: string | null;
  message: string;
  paths: string[];
  platform: boolean;
  /** Set while a flapping finding's next resolution stays quiet. */
  flappingUntil: Date | null;
}

/** An open finding as an evaluation compares it: its row, severity and fields (its fingerprint is the key). */
export interface OpenFinding {
  id: string;
  severity: Severity;
  /** `detailDigest` of its paths and group: a number, not the strings, for tens of thousands of findings per cluster. */
  detail: number;
}

/**
 * FNV-1a over the paths and the group's primary: equal details, equal digest; a change is missed
 * only on a 32-bit collision.
 */
export function detailDigest(f: { paths: readonly string[]; primary?: string | null }): number {
  let h = 0x811c9dc5;
  const add = (text: string) => {
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ 0xff, 0x01000193);
  };
  for (const p of f.paths) add(p);
  add(f.primary ?? '');
  return h >>> 0;
}

const openOf = (id: string, f: EngineFinding): OpenFinding => ({ id, severity: f.severity, detail: detailDigest(f) });

/** What the evaluation's decision reads from the cluster's stored state. */
export interface LifecycleState {
  /** The cluster's open findings by fingerprint. */
  open: ReadonlyMap<string, OpenFinding>;
  /** Resolved findings whose fingerprint is among this evaluation's findings (they are back). */
  resolvedBack: ReadonlyMap<string, { id: string; resolvedAt: Date | null }>;
  /** Details of the open findings that are not among this evaluation's findings. */
  gone: readonly GoneFinding[];
}

export interface LifecycleInput {
  at: Date;
  /** This evaluation's findings by fingerprint (`byFingerprint`). */
  findings: ReadonlyMap<string, EngineFinding>;
  /** Rules that ran to completion: only their open findings may be resolved. */
  evaluatedRules: ReadonlySet<string>;
  /** Rules that exist and are switched on: the open findings of others resolve as RULE_REMOVED. */
  activeRules: ReadonlySet<string>;
  /** Every object of the snapshot by `kind/namespace/name`: "fixed" versus "deleted". */
  presentResources: ReadonlySet<string>;
  /** A finding back this soon after its resolution is flapping: it alerts once, not each time. */
  flapWindowMs: number;
}

export interface LifecyclePlan {
  opened: EngineFinding[];
  reopened: { id: string; finding: EngineFinding; flapping: boolean }[];
  resolved: { finding: GoneFinding; reason: ResolutionReason; flapping: boolean }[];
  /** Open findings whose rule could not run this time: nothing is known of them, they stay open. */
  notEvaluated: GoneFinding[];
  /**
   * Still open, but at another severity (the organisation overrode the rule's), on other fields
   * (a binding gained a subject) or in another group: the row follows, quietly. Its message is rendered only for these.
   */
  changed: { id: string; finding: EngineFinding }[];
  counts: Record<Severity, number>;
  /** The same per rule: [critical, high, medium, low, info] by rule id. */
  ruleCounts: Record<string, [number, number, number, number, number]>;
  /** Until when a reopened flapping finding's next resolution stays quiet. */
  quietUntil: Date;
}

const SEVERITY_INDEX: Record<Severity, 0 | 1 | 2 | 3 | 4> = { CRITICAL: 0, HIGH: 1, MEDIUM: 2, LOW: 3, INFO: 4 };

export { resourceKey };

/** Findings by fingerprint: built once per evaluation, as every comparison below is by it. */
export const byFingerprint = (findings: readonly EngineFinding[]): Map<string, EngineFinding> =>
  new Map(findings.map((f) => [f.fingerprint, f]));

/** The fingerprints to look up among resolved findings, and the open findings gone: what `LifecycleState` needs read. */
export function lifecycleLookups(
  findings: ReadonlyMap<string, EngineFinding>,
  open: LifecycleState['open'],
): { backCandidates: string[]; goneIds: string[] } {
  const backCandidates: string[] = [];
  for (const fingerprint of findings.keys()) if (!open.has(fingerprint)) backCandidates.push(fingerprint);
  const goneIds: string[] = [];
  for (const [fingerprint, f] of open) if (!findings.has(fingerprint)) goneIds.push(f.id);
  return { backCandidates, goneIds };
}

/**
 * What one evaluation does to the cluster's findings: which open, reopen (and whether they flap),
 * resolve and why, stay open unjudged, or change severity or fields; and the counts by severity. Pure: the
 * repository reads the state and carries the plan out.
 */
export function planLifecycle(input: LifecycleInput, state: LifecycleState): LifecyclePlan {
  const { at, findings: current } = input;
  const open = state.open;

  const opened: EngineFinding[] = [];
  const reopened: LifecyclePlan['reopened'] = [];
  for (const f of current.values()) {
    if (open.has(f.fingerprint)) continue;
    const was = state.resolvedBack.get(f.fingerprint);
    if (!was) opened.push(f);
    else {
      const flapping = was.resolvedAt !== null && at.getTime() - was.resolvedAt.getTime() < input.flapWindowMs;
      reopened.push({ id: was.id, finding: f, flapping });
    }
  }

  const resolved: LifecyclePlan['resolved'] = [];
  const notEvaluated: GoneFinding[] = [];
  const quiet = (f: GoneFinding) => f.flappingUntil !== null && at < f.flappingUntil;
  for (const f of [...state.gone].sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : 1))) {
    if (!input.activeRules.has(f.ruleId)) resolved.push({ finding: f, reason: 'RULE_REMOVED', flapping: quiet(f) });
    else if (!input.evaluatedRules.has(f.ruleId)) notEvaluated.push(f);
    else {
      // Findings about the cluster itself (API server, version) have no object that could go.
      const deleted =
        f.resourceKind !== 'Cluster' &&
        !input.presentResources.has(
          resourceKey({ kind: f.resourceKind, namespace: f.resourceNamespace, name: f.resourceName }),
        );
      resolved.push({ finding: f, reason: deleted ? 'RESOURCE_DELETED' : 'FIXED', flapping: quiet(f) });
    }
  }

  const changed: LifecyclePlan['changed'] = [];
  for (const [fingerprint, f] of open) {
    const now = current.get(fingerprint);
    if (now !== undefined && (now.severity !== f.severity || detailDigest(now) !== f.detail))
      changed.push({ id: f.id, finding: now });
  }
  const counts: Record<Severity, number> = { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, INFO: 0 };
  const ruleCounts: LifecyclePlan['ruleCounts'] = {};
  for (const f of current.values()) {
    counts[f.severity]++;
    const perRule = (ruleCounts[f.ruleId] ??= [0, 0, 0, 0, 0]);
    perRule[SEVERITY_INDEX[f.severity]] += 1;
  }
  return {
    opened,
    reopened,
    resolved,
    notEvaluated,
    changed,
    counts,
    ruleCounts,
    quietUntil: new Date(at.getTime() + input.flapWindowMs),
  };
}

/**
 * The open findings once the plan is carried out, written into `open` (the cluster's cached
 * state: copying 20,000 entries per evaluation would cost what the cache saves). `openedIds` are
 * the new rows' ids, in the order of `plan.opened`.
 */
export function advanceOpen(open: Map<string, OpenFinding>, plan: LifecyclePlan, openedIds: readonly string[]): void {
  plan.opened.forEach((f, i) => open.set(f.fingerprint, openOf(openedIds[i]!, f)));
  for (const { id, finding } of [...plan.reopened, ...plan.changed]) open.set(finding.fingerprint, openOf(id, finding));
  for (const { finding } of plan.resolved) open.delete(finding.fingerprint);
}
