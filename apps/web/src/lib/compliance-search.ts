/** The Compliance page's view, as it stands in its URL (so a link reproduces it). */
export interface ComplianceSearch {
  framework?: string;
  /** The day described, YYYY-MM-DD (UTC): its end, or now when it is today. */
  day?: string;
  cluster?: string;
  /** The control opened. */
  control?: string;
}

export const DEFAULT_FRAMEWORK = 'cis-1.10';

const text = (v: unknown, max: number): string | undefined =>
  typeof v === 'string' && v.length > 0 && v.length <= max ? v : undefined;

/** A calendar day that exists, as written: 2026-02-30 is refused, not rolled over into March. */
const validDay = (v: unknown): string | undefined => {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return undefined;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v ? v : undefined;
};

/** A URL's search, whatever was typed or pasted into it, as a view the API can answer (the rest dropped). */
export function parseComplianceSearch(raw: Record<string, unknown>): ComplianceSearch {
  const search: ComplianceSearch = {
    framework: text(raw.framework, 100),
    day: validDay(raw.day),
    cluster: text(raw.cluster, 64),
    control: text(raw.control, 200),
  };
  return Object.fromEntries(Object.entries(search).filter(([, v]) => v !== undefined)) as ComplianceSearch;
}

export const today = (now: number = Date.now()): string => new Date(now).toISOString().slice(0, 10);

/**
 * The moment a day describes: the end of that UTC day, or undefined (now) for today and later, so
 * that today's view is live and a past day's is fixed.
 */
export function momentOf(day: string | undefined, now: number = Date.now()): string | undefined {
  if (!day || day >= today(now)) return undefined;
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000 - 1).toISOString();
}
