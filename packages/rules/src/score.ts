import type { Finding, Severity } from './types';

/** How much a check of each severity weighs in the posture score. */
export const SEVERITY_WEIGHT: Record<Severity, number> = { INFO: 0, LOW: 1, MEDIUM: 3, HIGH: 7, CRITICAL: 15 };

/**
 * What the worst open findings cap the score at, whatever else passes: the first CRITICAL at 50,
 * each more 5 lower; the first HIGH at 90, each more 1 lower. So a new CRITICAL always shows.
 */
export const CEILINGS = { CRITICAL: { first: 50, step: 5 }, HIGH: { first: 90, step: 1 } } as const;

export type ScoredFinding = Pick<Finding, 'severity' | 'ruleId' | 'platform'>;

/**
 * Posture score 0–100 (docs/scoring.md): the lower of coverage and ceiling.
 *
 * Coverage is the weighted share of checks passed: every evaluated rule weighs its severity (or
 * its worst finding's, if worse), and a rule failing on n resources loses n/(n+1) of its weight,
 * so breadth counts without letting a large cluster dilute one bad finding.
 *
 * The ceiling comes from the open CRITICAL and HIGH findings (platform components' left out: every
 * cluster's kube-proxy would otherwise cap every score). Excepted findings are left out by the caller.
 */
export function score(
  findings: readonly ScoredFinding[],
  evaluatedRules: readonly { id: string; severity: Severity }[],
): number {
  const failing = new Map<string, { n: number; worst: number }>();
  const counts = { CRITICAL: 0, HIGH: 0 };
  for (const f of findings) {
    const hit = failing.get(f.ruleId) ?? { n: 0, worst: 0 };
    hit.n += 1;
    hit.worst = Math.max(hit.worst, SEVERITY_WEIGHT[f.severity]);
    failing.set(f.ruleId, hit);
    if (!f.platform && (f.severity === 'CRITICAL' || f.severity === 'HIGH')) counts[f.severity] += 1;
  }
  let evaluated = 0;
  let failed = 0;
  for (const rule of evaluatedRules) {
    const hit = failing.get(rule.id);
    const weight = Math.max(SEVERITY_WEIGHT[rule.severity], hit?.worst ?? 0);
    evaluated += weight;
    if (hit) failed += (weight * hit.n) / (hit.n + 1);
  }
  const coverage = evaluated === 0 ? 100 : 100 * (1 - failed / evaluated);
  let ceiling = 100;
  for (const severity of ['CRITICAL', 'HIGH'] as const) {
    const n = counts[severity];
    if (n > 0) ceiling = Math.min(ceiling, CEILINGS[severity].first - CEILINGS[severity].step * (n - 1));
  }
  return Math.round(100 * Math.max(0, Math.min(coverage, ceiling))) / 100;
}
