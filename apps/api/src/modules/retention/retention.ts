/**
 * How long an organisation keeps history, and from when its history can be read (docs/
 * architecture.md, "Retention per organisation"). Pure: the repository reads the setting.
 */

const DAY = 86_400_000;

export interface RetentionBounds {
  min: number;
  max: number;
}

/** The days an organisation keeps: its own choice, else the service's default. */
export const effectiveRetentionDays = (chosen: number | null | undefined, defaultDays: number): number =>
  chosen ?? defaultDays;

/** The oldest moment whose history an organisation that keeps `days` can still read. */
export const retainedSince = (now: Date, days: number): Date => new Date(now.getTime() - days * DAY);

/** Why `days` cannot be chosen, or null when it can. */
export function retentionProblem(days: number, bounds: RetentionBounds): string | null {
  if (!Number.isInteger(days)) return `must be a whole number of days, got ${days}`;
  if (days < bounds.min || days > bounds.max) {
    return `must be between ${bounds.min} and ${bounds.max} days, got ${days}`;
  }
  return null;
}

/**
 * How long history partitions are kept: as long as the organisation that keeps longest needs
 * (a partition holds every organisation's rows). Never less than the default, so that a new
 * organisation finds the history its default promises even if every other one chose less.
 */
export const partitionRetentionDays = (defaultDays: number, longestChosen: number | null): number =>
  Math.max(defaultDays, longestChosen ?? 0);
