export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFO'] as const;
export type SeverityName = (typeof SEVERITIES)[number];

/**
 * One fill per severity, the same on every page, each with the text colour that reads on it at
 * WCAG AA contrast (4.5:1 or more).
 */
export const SEVERITY_COLOR: Record<SeverityName, string> = {
  CRITICAL: 'red.9',
  HIGH: 'orange.7',
  MEDIUM: 'yellow.5',
  LOW: 'blue.8',
  INFO: 'gray.7',
};
export const SEVERITY_TEXT: Record<SeverityName, 'white' | 'black'> = {
  CRITICAL: 'white',
  HIGH: 'black',
  MEDIUM: 'black',
  LOW: 'white',
  INFO: 'white',
};

/** Severity counts as the API sends them, lower-case keys. */
export interface Counts {
  critical: number;
  high: number;
  medium: number;
  low: number;
  info: number;
}

export const countOf = (counts: Counts, severity: SeverityName): number =>
  counts[severity.toLowerCase() as keyof Counts];

export const totalOf = (counts: Counts): number => SEVERITIES.reduce((sum, s) => sum + countOf(counts, s), 0);

/**
 * A score's text colour: the same thresholds everywhere (good from 90, fair from 70), each dark
 * enough to read at WCAG AA on white and on a selected row's light blue (the palette's teal.9 and
 * red.9 are not: 4.05 and 4.42 to 1 there).
 */
export const scoreColor = (score: number | null | undefined): string =>
  score === null || score === undefined ? 'gray.7' : score >= 90 ? '#066649' : score >= 70 ? '#9c4600' : '#a61e1e';

export const formatScore = (score: number | null | undefined): string =>
  score === null || score === undefined ? '—' : score.toFixed(1);

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "3 hours ago", "in 2 days", "just now": for times people compare with now. */
export function relativeTime(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return 'never';
  const delta = new Date(iso).getTime() - now;
  const fmt = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  for (const [unit, ms] of UNITS) if (Math.abs(delta) >= ms) return fmt.format(Math.round(delta / ms), unit);
  return 'just now';
}

/** "2026-03-01 14:05 UTC": exact, for timelines and audit. */
export const exactTime = (iso: string | null | undefined): string =>
  iso ? `${new Date(iso).toISOString().slice(0, 16).replace('T', ' ')} UTC` : '—';

/** "1 finding", "2 findings": plural of a regular English noun. */
export const plural = (n: number, noun: string): string =>
  `${n.toLocaleString('en')} ${n === 1 ? noun : noun.endsWith('y') ? `${noun.slice(0, -1)}ies` : `${noun}s`}`;

/** A resource as people write it: Kind namespace/name. */
export const resourceLabel = (r: { kind: string; namespace?: string | null; name: string }): string =>
  `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;

/** A JSON value of a field diff, short and readable ("absent" for undefined/null). */
export function fieldValue(v: unknown): string {
  if (v === undefined || v === null) return 'absent';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}
