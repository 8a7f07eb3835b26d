import type { Severity } from '../../generated/prisma/enums';

export const SEVERITY_ORDER: readonly Severity[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFO'];

export interface SeverityCounts {
  critical: number;
  high: number;
  medium: number;
  low: number;
  info: number;
}

export interface Group {
  key: string;
  clusterId?: string | null;
  namespace?: string | null;
  kind?: string | null;
  name?: string | null;
  counts: SeverityCounts;
}

export interface RankedGroup extends Group {
  total: number;
  highest: Severity;
}

const total = (c: SeverityCounts) => c.critical + c.high + c.medium + c.low + c.info;

const highestOf = (c: SeverityCounts): Severity =>
  SEVERITY_ORDER.find((s) => c[s.toLowerCase() as keyof SeverityCounts] > 0) ?? 'INFO';

/** Most severe first (then more CRITICAL, more HIGH…), then largest, then by key: the order people triage in. */
export function rankGroups(groups: Group[]): RankedGroup[] {
  const ranked = groups.map((g) => ({ ...g, total: total(g.counts), highest: highestOf(g.counts) }));
  return ranked.sort(
    (a, b) =>
      b.counts.critical - a.counts.critical ||
      b.counts.high - a.counts.high ||
      b.counts.medium - a.counts.medium ||
      b.counts.low - a.counts.low ||
      b.total - a.total ||
      a.key.localeCompare(b.key),
  );
}

/** Per-rule groups folded into their rules' practices (a practice's rules share no finding). */
export function foldByPractice(byRule: Group[], practiceOf: (ruleId: string) => string | undefined): Group[] {
  const folded = new Map<string, SeverityCounts>();
  for (const g of byRule) {
    const practice = practiceOf(g.key) ?? 'unknown';
    const c = folded.get(practice) ?? { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
    for (const k of Object.keys(c) as (keyof SeverityCounts)[]) c[k] += g.counts[k];
    folded.set(practice, c);
  }
  return [...folded].map(([key, counts]) => ({ key, counts }));
}

/** An ILIKE pattern matching names that contain `text` literally (its %, _ and \ escaped). */
export const containsPattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
