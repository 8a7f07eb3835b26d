import { RULES } from '../registry';
import type { EvaluationResult, FrameworkRef, Rule } from '../types';
import { CIS_1_10 } from './cis';
import { FUNDAMENTALS, practiceControlId } from './fundamentals';
import { NSA_CISA_1_2, nsaControlKey, nsaSectionKey } from './nsa-cisa';
import { PSS_BASELINE, PSS_RESTRICTED, pssControlId } from './pss';
import { controlVerdict, summarise, type ComplianceSummary, type ControlVerdict, type RuleOutcome } from './status';
import type { Control, Framework } from './types';

export type { Control, Framework, Unjudged } from './types';
export * from './status';

export const FRAMEWORKS: readonly Framework[] = [CIS_1_10, NSA_CISA_1_2, PSS_BASELINE, PSS_RESTRICTED, FUNDAMENTALS];

export const FRAMEWORKS_BY_ID: ReadonlyMap<string, Framework> = new Map(FRAMEWORKS.map((f) => [f.id, f]));

export interface ControlRef {
  framework: string;
  control: string;
}

const nsaIds = new Map(NSA_CISA_1_2.controls.map((c) => [nsaControlKey(c), c.id]));

/**
 * The controls a rule's framework reference names. A baseline PSS control is also a control of
 * restricted, which includes it. A reference that names no control resolves to nothing (and the
 * catalogue tests fail).
 */
export function controlsOf(ref: FrameworkRef): ControlRef[] {
  switch (ref.framework) {
    case 'CIS-1.10':
      return [{ framework: CIS_1_10.id, control: ref.control }];
    case 'NSA-CISA-1.2': {
      const id = nsaIds.get(nsaSectionKey(ref.section));
      return id ? [{ framework: NSA_CISA_1_2.id, control: id }] : [];
    }
    case 'PSS': {
      const control = pssControlId(ref.level, ref.control);
      const restricted = { framework: PSS_RESTRICTED.id, control };
      return ref.level === 'baseline' ? [{ framework: PSS_BASELINE.id, control }, restricted] : [restricted];
    }
  }
}

/** Every control a rule judges: its references, and its practice. */
export function ruleControls(rule: Pick<Rule, 'references' | 'practice'>): ControlRef[] {
  return [
    ...rule.references.flatMap(controlsOf),
    { framework: FUNDAMENTALS.id, control: practiceControlId(rule.practice) },
  ];
}

const key = (framework: string, control: string) => `${framework}\u0000${control}`;

/** Rule ids per control, derived from the rules' own references so the two cannot disagree. */
const RULES_BY_CONTROL: ReadonlyMap<string, string[]> = (() => {
  const map = new Map<string, string[]>();
  for (const rule of RULES) {
    for (const ref of ruleControls(rule)) {
      const k = key(ref.framework, ref.control);
      const ids = map.get(k) ?? [];
      if (!ids.includes(rule.id)) ids.push(rule.id);
      map.set(k, ids);
    }
  }
  return map;
})();

/** The rules that judge a control, in id order (empty for a manual or not-evaluable control). */
export function rulesOf(framework: Framework, control: Control): readonly string[] {
  return RULES_BY_CONTROL.get(key(framework.id, control.id)) ?? [];
}

/** A framework's control by id, or undefined. */
export function controlById(framework: Framework, id: string): Control | undefined {
  return framework.controls.find((c) => c.id === id);
}

export interface ControlResult {
  control: Control;
  /** The rules that judge it. */
  rules: readonly string[];
  verdict: ControlVerdict;
}

/** Every control of a framework judged from one set of rule outcomes, and the summary. */
export function assessFramework(
  framework: Framework,
  outcome: (ruleId: string) => RuleOutcome,
): { controls: ControlResult[]; summary: ComplianceSummary } {
  const controls = framework.controls.map((control) => {
    const rules = rulesOf(framework, control);
    return { control, rules, verdict: controlVerdict(control, rules, outcome) };
  });
  return { controls, summary: summarise(controls.map((c) => c.verdict.status)) };
}

/** Rule outcomes of one engine run, nothing excepted (the CLI's view). */
export function outcomesOf(result: EvaluationResult): (ruleId: string) => RuleOutcome {
  const failing = new Map<string, number>();
  for (const f of result.findings) failing.set(f.ruleId, (failing.get(f.ruleId) ?? 0) + 1);
  const notJudged = new Map<string, string>([
    ...result.notEvaluable.map((n) => [n.ruleId, n.reason] as const),
    ...result.errors.map((e) => [e.ruleId, `failed: ${e.message}`] as const),
  ]);
  const evaluated = new Set(result.evaluated);
  return (ruleId) => ({
    failing: failing.get(ruleId) ?? 0,
    accepted: 0,
    notJudged: notJudged.get(ruleId) ?? (evaluated.has(ruleId) ? undefined : 'not run'),
  });
}

/** Every rule that judges some control of the framework, in catalogue order. */
export function rulesOfFramework(framework: Framework): string[] {
  const judged = new Set(framework.controls.flatMap((c) => rulesOf(framework, c)));
  return RULES.filter((r) => judged.has(r.id)).map((r) => r.id);
}

export interface RegressedControl {
  framework: string;
  control: string;
  title: string;
  /** Its rules failing now. */
  rules: string[];
}

/**
 * The controls that passed before and fail now, given the failing findings per rule before and
 * after (a control of no rule never regresses), in framework order.
 */
export function regressedControls(
  before: (ruleId: string) => number,
  after: (ruleId: string) => number,
): RegressedControl[] {
  const regressed: RegressedControl[] = [];
  for (const framework of FRAMEWORKS) {
    for (const control of framework.controls) {
      const rules = rulesOf(framework, control);
      if (rules.length === 0 || rules.some((id) => before(id) > 0)) continue;
      const failing = rules.filter((id) => after(id) > 0);
      if (failing.length > 0)
        regressed.push({ framework: framework.id, control: control.id, title: control.title, rules: failing });
    }
  }
  return regressed;
}
