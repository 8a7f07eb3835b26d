import {
  controlVerdict,
  rulesOf,
  summarise,
  worstVerdict,
  type ComplianceSummary,
  type Control,
  type ControlVerdict,
  type Framework,
  type RuleOutcome,
} from '@kubeward/rules';

/** What a cluster's evaluation recorded, as the compliance report reads it. */
export interface ClusterEvaluation {
  clusterId: string;
  /** Open findings per rule after it, by severity. */
  ruleCounts: Record<string, number[]>;
  /** Of those, what exceptions covered then, per rule, and which exceptions. */
  acceptedCounts: Record<string, { findings: number; exceptions: string[] }>;
  notEvaluable: { ruleId: string; reason: string }[];
  ruleErrors: { ruleId: string; message: string }[];
}

export interface ClusterControl {
  clusterId: string;
  verdict: ControlVerdict;
  failing: number;
  accepted: number;
}

export interface AssessedControl {
  control: Control;
  rules: readonly string[];
  verdict: ControlVerdict;
  failing: number;
  accepted: number;
  clusters: ClusterControl[];
  exceptionIds: string[];
}

const sum = (xs: readonly number[] | undefined) => (xs ?? []).reduce((a, b) => a + b, 0);

/** Each cluster's rule outcomes: its open findings less those excepted, and why a rule did not judge. */
function outcomes(evaluation: ClusterEvaluation) {
  const notJudged = new Map<string, string>([
    ...evaluation.notEvaluable.map((n) => [n.ruleId, n.reason] as const),
    ...evaluation.ruleErrors.map((e) => [e.ruleId, `failed: ${e.message}`] as const),
  ]);
  return (ruleId: string): RuleOutcome => {
    const open = sum(evaluation.ruleCounts[ruleId]);
    const covered = Math.min(open, evaluation.acceptedCounts[ruleId]?.findings ?? 0);
    return { failing: open - covered, accepted: covered, notJudged: notJudged.get(ruleId) };
  };
}

/**
 * A framework's controls over these clusters: per cluster from its evaluation (what it found, and
 * what exceptions covered then), rolled up to the worst; with the findings failing and accepted,
 * and the exceptions that accepted them.
 */
export function assessClusters(
  framework: Framework,
  evaluations: readonly ClusterEvaluation[],
): { controls: AssessedControl[]; summary: ComplianceSummary; perCluster: Map<string, ComplianceSummary> } {
  const perClusterOutcome = evaluations.map((e) => ({ clusterId: e.clusterId, outcome: outcomes(e) }));
  const controls = framework.controls.map((control): AssessedControl => {
    const rules = rulesOf(framework, control);
    const clusters = perClusterOutcome.map(({ clusterId, outcome }) => {
      let failing = 0;
      let acceptedFindings = 0;
      for (const id of rules) {
        const o = outcome(id);
        failing += o.failing;
        acceptedFindings += o.accepted;
      }
      return { clusterId, verdict: controlVerdict(control, rules, outcome), failing, accepted: acceptedFindings };
    });
    const exceptionIds = new Set<string>();
    for (const e of evaluations)
      for (const id of rules) for (const x of e.acceptedCounts[id]?.exceptions ?? []) exceptionIds.add(x);
    return {
      control,
      rules,
      verdict: control.unjudged
        ? controlVerdict(control, rules, () => NONE)
        : worstVerdict(clusters.map((c) => c.verdict)),
      failing: sum(clusters.map((c) => c.failing)),
      accepted: sum(clusters.map((c) => c.accepted)),
      clusters,
      exceptionIds: [...exceptionIds].sort(),
    };
  });
  const perCluster = new Map(
    perClusterOutcome.map(({ clusterId }, i) => [
      clusterId,
      summarise(controls.map((c) => c.clusters[i]!.verdict.status)),
    ]),
  );
  return { controls, summary: summarise(controls.map((c) => c.verdict.status)), perCluster };
}

const NONE: RuleOutcome = { failing: 0, accepted: 0 };

/** The ends of the `days` UTC days up to `to`: the midnights before it, then `to` itself. */
export function trendMoments(to: Date, days: number): Date[] {
  const DAY = 86_400_000;
  // The last midnight strictly before `to`.
  const last = Math.ceil(to.getTime() / DAY) * DAY - DAY;
  const moments: Date[] = [];
  for (let d = days - 2; d >= 0; d--) moments.push(new Date(last - d * DAY));
  moments.push(to);
  return moments;
}

/**
 * What exceptions covered, kept to those active at `at`: an evaluation runs later than its snapshot
 * was collected (a re-evaluation, days later for an unchanged cluster) and applies the exceptions
 * of its own time. A rule covered by several exceptions, some active then, keeps its count.
 */
export function acceptedAsOf<E extends ClusterEvaluation>(
  evaluation: E,
  activeAt: (exceptionId: string) => boolean,
): E {
  const acceptedCounts: ClusterEvaluation['acceptedCounts'] = {};
  for (const [ruleId, c] of Object.entries(evaluation.acceptedCounts)) {
    const exceptions = c.exceptions.filter(activeAt);
    if (exceptions.length > 0) acceptedCounts[ruleId] = { findings: c.findings, exceptions };
  }
  return { ...evaluation, acceptedCounts };
}

/** Whether an exception applied at `at`. */
export const activeAt = (x: { createdAt: Date; expiresAt: Date; revokedAt: Date | null }, at: Date): boolean =>
  x.createdAt <= at && at < x.expiresAt && (x.revokedAt === null || at < x.revokedAt);
