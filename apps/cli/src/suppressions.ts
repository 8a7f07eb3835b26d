import { unknownRuleIds } from './rule-ids';

/** Accepts a rule's findings on the annotated object, with the reason a reviewer reads. */
export const IGNORE_ANNOTATION = 'kubeward.io/ignore';

export interface Suppression {
  ruleId: string;
  reason: string;
}

/**
 * `kubeward.io/ignore: "privileged-container: node debugger, removed after the incident"`, one
 * entry per line. A reason is required, and the rule must exist: an entry without one or with an
 * unknown rule is an error, not silently nothing.
 */
export function parseIgnore(value: string): { suppressions: Suppression[]; errors: string[] } {
  const suppressions: Suppression[] = [];
  const errors: string[] = [];
  for (const raw of value.split('\n')) {
    const entry = raw.trim();
    if (!entry) continue;
    const colon = entry.indexOf(':');
    const ruleId = (colon < 0 ? entry : entry.slice(0, colon)).trim();
    const reason = colon < 0 ? '' : entry.slice(colon + 1).trim();
    const unknown = unknownRuleIds(IGNORE_ANNOTATION, [ruleId]);
    if (unknown) errors.push(unknown);
    else if (!reason)
      errors.push(`${IGNORE_ANNOTATION}: "${ruleId}" needs a reason ("${ruleId}: why it is acceptable")`);
    else suppressions.push({ ruleId, reason });
  }
  return { suppressions, errors };
}
