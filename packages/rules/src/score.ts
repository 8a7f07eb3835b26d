import type { Finding, Severity } from './types';

/** How much a failed check of each severity weighs in the posture score. */
export const SEVERITY_WEIGHT: Record<Severity, number> = { INFO: 0, LOW: 1, MEDIUM: 3, HIGH: 7, CRITICAL: 15 };

/**
 * Posture score 0–100: 100 × (1 − failed weight / evaluated weight). The evaluated weight is, per
 * evaluated rule, its weight times the number of resources it looked at (at least one), so a
 * single finding in a large cluster costs less than in a small one. Excepted findings are left
 * out by the caller.
 */
export function score(
  findings: readonly Pick<Finding, 'severity' | 'ruleId'>[],
  evaluatedRules: readonly { id: string; severity: Severity }[],
  resourceCount: number,
): number {
  const scale = Math.max(1, resourceCount);
  let evaluatedWeight = 0;
  for (const rule of evaluatedRules) evaluatedWeight += SEVERITY_WEIGHT[rule.severity] * scale;
  if (evaluatedWeight === 0) return 100;
  let failed = 0;
  for (const f of findings) failed += SEVERITY_WEIGHT[f.severity];
  return Math.round(10_000 * Math.max(0, 1 - failed / evaluatedWeight)) / 100;
}
