import { type Group, type RankedGroup, rankGroups, type SeverityCounts } from '../findings/finding-groups';

export const NO_FINDINGS: SeverityCounts = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };

export interface Scored {
  score: number | null;
  counts: SeverityCounts;
}

/** The organisation's score: the mean of its evaluated clusters' (each counts the same), and their counts added up. */
export function rollUp(clusters: Scored[]): Scored {
  const scored = clusters.filter((c) => c.score !== null);
  const counts = { ...NO_FINDINGS };
  for (const c of clusters) for (const k of Object.keys(counts) as (keyof SeverityCounts)[]) counts[k] += c.counts[k];
  const score = scored.length === 0 ? null : scored.reduce((sum, c) => sum + c.score!, 0) / scored.length;
  return { score: score === null ? null : Math.round(score * 10) / 10, counts };
}

/** Worst first, so the cluster that needs attention is at the top; never-evaluated ones last. */
export const byNeed = <T extends { score: number | null; name: string }>(a: T, b: T): number =>
  (a.score ?? Infinity) - (b.score ?? Infinity) || a.name.localeCompare(b.name);

/** An evaluation's open findings per rule: [critical, high, medium, low, info] by rule id. */
export type RuleCounts = Record<string, number[]>;

/**
 * The rules failing on most resources over these clusters (each cluster's newest evaluation's
 * counts added up), most severe first, the first `n`. O(clusters × rules), whatever the findings.
 */
export function topRules(
  perCluster: RuleCounts[],
  n: number,
): { groups: RankedGroup[]; totalGroups: number; totalFindings: number } {
  const sums = new Map<string, SeverityCounts>();
  for (const counts of perCluster)
    for (const [ruleId, [critical = 0, high = 0, medium = 0, low = 0, info = 0]] of Object.entries(counts)) {
      const c = sums.get(ruleId) ?? { ...NO_FINDINGS };
      c.critical += critical;
      c.high += high;
      c.medium += medium;
      c.low += low;
      c.info += info;
      sums.set(ruleId, c);
    }
  const groups = rankGroups([...sums].map(([key, counts]): Group => ({ key, counts })));
  return {
    groups: groups.slice(0, n),
    totalGroups: groups.length,
    totalFindings: groups.reduce((sum, g) => sum + g.total, 0),
  };
}
