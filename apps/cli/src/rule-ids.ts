import { distance } from 'fastest-levenshtein';
import { RULES } from '@kubeward/rules';

const IDS = RULES.map((r) => r.id);

/**
 * The rule ids a mistyped one may have meant, best first: those that contain it (`privileged` →
 * `privileged-container`), then those within a few edits. At most three.
 */
export function closestRuleIds(wrong: string): string[] {
  const lower = wrong.toLowerCase();
  const containing = IDS.filter((id) => id.includes(lower));
  const near = IDS.map((id) => ({ id, d: distance(lower, id) }))
    .filter(({ id, d }) => d <= Math.max(2, Math.floor(id.length / 3)) && !containing.includes(id))
    .sort((a, b) => a.d - b.d || a.id.localeCompare(b.id))
    .map(({ id }) => id);
  return [...containing, ...near].slice(0, 3);
}

/** Why these ids cannot be used, naming each unknown one and what it may have meant; undefined if all are rules. */
export function unknownRuleIds(option: string, ids: readonly string[] | undefined): string | undefined {
  const unknown = (ids ?? []).filter((id) => !IDS.includes(id));
  if (unknown.length === 0) return undefined;
  return unknown
    .map((id) => {
      const near = closestRuleIds(id);
      return `${option}: "${id}" is not a rule id${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}`;
    })
    .join('\n');
}

/** The unknown ids of --rules and --skip-rules, one line each; undefined when every one is a rule. */
export const unknownRuleOptions = (opts: { rules?: string[]; skipRules?: string[] }): string | undefined =>
  [unknownRuleIds('--rules', opts.rules), unknownRuleIds('--skip-rules', opts.skipRules)].filter(Boolean).join('\n') ||
  undefined;
