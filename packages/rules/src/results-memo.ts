import type { Snapshot } from '@kubeward/snapshot';
import type { Rule, RuleResult, RuleSettings } from './types';

/** Each rule's results for one snapshot and settings, as the engine ran it. */
const memo = new WeakMap<Snapshot, { settings: RuleSettings; results: Map<string, RuleResult[]> }>();

export function rememberResults(snapshot: Snapshot, settings: RuleSettings, ruleId: string, results: RuleResult[]) {
  let entry = memo.get(snapshot);
  if (!entry || entry.settings !== settings) memo.set(snapshot, (entry = { settings, results: new Map() }));
  entry.results.set(ruleId, results);
}

/**
 * A rule's results on this snapshot: those the engine already has (derived rules run after the
 * others), else the rule run now (when the engine ran only the derived one).
 */
export function resultsOf(snapshot: Snapshot, settings: RuleSettings, rule: Rule): RuleResult[] {
  const entry = memo.get(snapshot);
  return (entry?.settings === settings ? entry.results.get(rule.id) : undefined) ?? rule.evaluate(snapshot, settings);
}
