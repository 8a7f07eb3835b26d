import type { Snapshot } from '@kubeward/snapshot';

export const SEVERITIES = ['INFO', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type Severity = (typeof SEVERITIES)[number];
const RANK: Record<Severity, number> = { INFO: 0, LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4 };
export const severityRank = (s: Severity): number => RANK[s];

export type Area = 'containers' | 'pods' | 'cluster' | 'users';

/** A control in a framework, typed so that reports can group by it. */
export type FrameworkRef =
  | { framework: 'PSS'; level: 'baseline' | 'restricted'; control: string }
  | { framework: 'CIS-1.10'; control: string }
  | { framework: 'NSA-CISA-1.2'; section: string };

export type { SnapshotSection } from '@kubeward/snapshot';
import type { SnapshotSection } from '@kubeward/snapshot';

export interface ResourceRef {
  kind: string;
  namespace?: string;
  name: string;
}

/** What a rule reports: one offending resource (and container, where there is one). */
export interface RuleResult {
  resource: ResourceRef;
  container?: string;
  /** What is wrong and what to change, for a person. */
  message: string;
  /** JSON paths of the offending fields in the resource as written. */
  paths: string[];
  /** A rule may raise or lower its default for a particular result (e.g. a sensitive hostPath). */
  severity?: Severity;
  /** Overrides the engine's platform-component detection (e.g. API server flags are the operator's to fix). */
  platform?: boolean;
  /** Drift rules: what was there before the change, kept with the finding until the change is undone. */
  baseline?: Baseline;
  /**
   * What causes it, as keys (`causeOfAccount`): findings of several rules that share a cause are
   * grouped under one primary finding.
   */
  causes?: string[];
}

/** What a drift finding remembers of the state before a regression. */
export interface Baseline {
  /** When the change was first seen: the collection time of the snapshot that showed it. */
  since: string;
  /** What it was: a level, or the names of what was removed, relaxed or not yet bound. */
  was: string[];
}

/** A drift finding open before this snapshot, with its baseline. */
export interface StandingFinding {
  ruleId: string;
  resource: ResourceRef;
  baseline: Baseline;
}

/** The sections drift rules compare with their previous state. */
export type PreviousState = Pick<
  Snapshot,
  'namespaces' | 'networkPolicies' | 'admissionWebhooks' | 'policyEngines' | 'bindings'
>;

/** The cluster before this snapshot, for rules that judge change. */
export interface History {
  /** When the previous snapshot was collected. */
  previousAt: string;
  previous: PreviousState;
  /** Drift findings still open: a regression stays reported until it is undone, not just for one snapshot. */
  standing: StandingFinding[];
  /** The service accounts seen before, and when a workload last ran as each (absent: never seen to). */
  accounts?: AccountUse[];
}

export interface AccountUse {
  namespace: string;
  name: string;
  /** When the account was first seen. */
  since: string;
  lastUsedAt?: string;
}

export interface RuleSettings {
  /** The current date, passed in so that rules never read a clock. */
  now: string;
  /** Registries (host, or host/path prefix) images may come from; the untrusted-registry rule needs them. */
  trustedRegistries?: string[];
  /** Image references (prefixes) the organisation counts as minimal, on top of the known publishers. */
  minimalImages?: string[];
  /** Image prefixes whose registry enforces immutable tags (ECR, Harbor rules): a tag pins them as well as a digest. */
  immutableTagImages?: string[];
  /** The cluster's previous state; absent for a first snapshot and for manifests without one. */
  history?: History;
  /** A powerful service account no workload ran as for this many days is dormant (30 by default). */
  dormantAccountDays?: number;
}

export interface RuleMeta {
  /** Stable and never reused; titles may change, ids may not. */
  id: string;
  title: string;
  area: Area;
  practice: string;
  severity: Severity;
  rationale: string;
  remediation: { text: string; yaml: string };
  references: FrameworkRef[];
  needs: SnapshotSection[];
}

/**
 * Results for one resource must be emitted together, and share its resource object: the engine
 * merges duplicates (same resource and container) among adjacent results only.
 */
export interface Rule extends RuleMeta {
  /** Reads other rules' results (`resultsOf`): the engine runs it after every other rule. */
  derived?: true;
  /**
   * Judges change against the cluster's history (`settings.history`). Without one it cannot judge,
   * and that leaves a control's verdict alone: the state rules beside it still say pass or fail.
   */
  drift?: true;
  /**
   * Judges each workload alone: every result is about a workload, and depends only on it, the
   * snapshot's other sections and the settings other than the date. `evaluateIncremental` then
   * runs it on the workloads that changed and carries the rest; `incremental.test.ts` checks it.
   */
  local?: true;
  /** Why the rule cannot judge this snapshot (managed control plane, nothing configured), if so. */
  notApplicable?(snapshot: Snapshot, settings: RuleSettings): string | undefined;
  evaluate(snapshot: Snapshot, settings: RuleSettings): RuleResult[];
}

export interface Finding extends RuleResult {
  ruleId: string;
  severity: Severity;
  /** Identity of the finding within a cluster: rule + resource + container. */
  fingerprint: string;
  /** Raised on a well-known platform component (kube-proxy, CNI and CSI node agents…). */
  platform: boolean;
  /** One of several findings of one cause: the fingerprint of the one to read first (see `groupByCause`). */
  primary?: string;
}

export interface NotEvaluable {
  ruleId: string;
  reason: string;
}

export interface RuleError {
  ruleId: string;
  message: string;
}

export interface EvaluationResult {
  findings: Finding[];
  notEvaluable: NotEvaluable[];
  errors: RuleError[];
  /** Ids of the rules that ran to completion. */
  evaluated: string[];
}
