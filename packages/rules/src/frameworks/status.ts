import { RULES_BY_ID } from '../registry';
import type { Control } from './types';

export const CONTROL_STATUSES = ['FAIL', 'ACCEPTED_RISK', 'NOT_EVALUABLE', 'PASS', 'MANUAL'] as const;
export type ControlStatus = (typeof CONTROL_STATUSES)[number];

/** What one evaluation of one cluster says about one rule. */
export interface RuleOutcome {
  /** Open findings no exception covers. */
  failing: number;
  /** Open findings an exception covers. */
  accepted: number;
  /** Why the rule did not judge this cluster (not evaluable, failed, not run), if so. */
  notJudged?: string;
}

export interface ControlVerdict {
  status: ControlStatus;
  /** For NOT_EVALUABLE and MANUAL: why. */
  reason?: string;
}

/**
 * A control's status for one cluster. Failing beats accepted beats not judged: one open finding
 * fails the control whatever else is unknown, and a control passes only when every rule that
 * judges it ran and found nothing (drift rules aside: with no history to compare with, the state
 * rules' verdict stands).
 */
export function controlVerdict(
  control: Pick<Control, 'unjudged'>,
  ruleIds: readonly string[],
  outcome: (ruleId: string) => RuleOutcome,
): ControlVerdict {
  if (control.unjudged) {
    return { status: control.unjudged.kind === 'MANUAL' ? 'MANUAL' : 'NOT_EVALUABLE', reason: control.unjudged.reason };
  }
  let failing = false;
  let accepted = false;
  const notJudged: string[] = [];
  for (const id of ruleIds) {
    const o = outcome(id);
    if (o.failing > 0) failing = true;
    else if (o.accepted > 0) accepted = true;
    else if (o.notJudged && !RULES_BY_ID.get(id)?.drift) notJudged.push(`${id}: ${o.notJudged}`);
  }
  if (failing) return { status: 'FAIL' };
  if (accepted) return { status: 'ACCEPTED_RISK' };
  if (notJudged.length > 0) return { status: 'NOT_EVALUABLE', reason: notJudged.join('; ') };
  return { status: 'PASS' };
}

const RANK: Record<ControlStatus, number> = { FAIL: 0, ACCEPTED_RISK: 1, NOT_EVALUABLE: 2, PASS: 3, MANUAL: 4 };

/** Over several clusters: the worst, so an organisation passes a control only where every cluster does. */
export function worstVerdict(verdicts: readonly ControlVerdict[]): ControlVerdict {
  if (verdicts.length === 0) return { status: 'NOT_EVALUABLE', reason: 'no cluster has been evaluated' };
  let worst = verdicts[0]!;
  for (const v of verdicts) if (RANK[v.status] < RANK[worst.status]) worst = v;
  if (worst.status !== 'NOT_EVALUABLE') return worst;
  const reasons = [...new Set(verdicts.filter((v) => v.status === 'NOT_EVALUABLE').map((v) => v.reason))];
  return { status: 'NOT_EVALUABLE', reason: reasons.join('; ') };
}

export interface ComplianceSummary {
  pass: number;
  fail: number;
  acceptedRisk: number;
  notEvaluable: number;
  manual: number;
  /** (pass + acceptedRisk) ÷ (pass + acceptedRisk + fail), 0–100 with two decimals; null when nothing was evaluable. */
  percentage: number | null;
}

/** Accepted risks count as passing, as excepted findings leave the posture score. */
export function summarise(statuses: readonly ControlStatus[]): ComplianceSummary {
  const s: ComplianceSummary = { pass: 0, fail: 0, acceptedRisk: 0, notEvaluable: 0, manual: 0, percentage: null };
  for (const status of statuses) {
    if (status === 'PASS') s.pass++;
    else if (status === 'FAIL') s.fail++;
    else if (status === 'ACCEPTED_RISK') s.acceptedRisk++;
    else if (status === 'NOT_EVALUABLE') s.notEvaluable++;
    else s.manual++;
  }
  const evaluable = s.pass + s.acceptedRisk + s.fail;
  if (evaluable > 0) s.percentage = Math.round((10_000 * (s.pass + s.acceptedRisk)) / evaluable) / 100;
  return s;
}
