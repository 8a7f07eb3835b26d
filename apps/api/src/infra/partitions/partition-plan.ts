/**
 * Which history partitions to create and which to drop, decided from the time, the partitions that
 * exist and the retention periods (docs/architecture.md, "History partitions"). Pure: the
 * repository lists and executes.
 *
 * Every history table is partitioned by range of its id, a UUIDv7 whose first 48 bits are the
 * row's creation time in milliseconds, so a partition's bounds are the smallest UUIDv7s of two
 * times (UTC days or months).
 */

export type PartitionUnit = 'day' | 'month';
/** Which retention period a table's partitions follow. */
export type RetentionClass = 'payloads' | 'history' | 'alerts';

export interface PartitionedTable {
  table: string;
  unit: PartitionUnit;
  retention: RetentionClass;
}

/** The partitioned tables (the migration `partitioned_history` made them so). */
export const PARTITIONED_TABLES: readonly PartitionedTable[] = [
  { table: 'SnapshotPayload', unit: 'day', retention: 'payloads' },
  { table: 'Snapshot', unit: 'month', retention: 'history' },
  { table: 'Evaluation', unit: 'month', retention: 'history' },
  { table: 'FindingEvent', unit: 'month', retention: 'history' },
  { table: 'ObjectChange', unit: 'month', retention: 'history' },
  { table: 'AuditLog', unit: 'month', retention: 'history' },
  { table: 'WebhookEvent', unit: 'month', retention: 'alerts' },
  { table: 'WebhookDelivery', unit: 'month', retention: 'alerts' },
  { table: 'WebhookDeliveryAttempt', unit: 'month', retention: 'alerts' },
];

export const PARTITIONED_TABLE_NAMES: ReadonlySet<string> = new Set(PARTITIONED_TABLES.map((t) => t.table));

/** A partition as the catalogue shows it. */
export interface ExistingPartition {
  table: string;
  name: string;
  from: Date;
  to: Date;
}

export interface PartitionToCreate {
  table: string;
  name: string;
  from: Date;
  to: Date;
  /** The bounds as PostgreSQL takes them. */
  fromId: string;
  toId: string;
}

export interface PartitionPlan {
  create: PartitionToCreate[];
  drop: ExistingPartition[];
}

export interface PartitionPolicy {
  /** Days each retention class keeps. */
  retentionDays: Record<RetentionClass, number>;
  /** How far ahead of now partitions must exist, per unit (a late or stopped upkeep must not stop writes). */
  aheadDays: Record<PartitionUnit, number>;
}

export const DEFAULT_AHEAD_DAYS: Record<PartitionUnit, number> = { day: 7, month: 62 };

const DAY = 86_400_000;

/** The smallest UUIDv7 of a time: a partition bound. */
export function uuidFloor(at: Date): string {
  const ms = Math.floor(at.getTime());
  if (ms < 0 || ms >= 2 ** 48) throw new RangeError(`${at.toISOString()} has no UUIDv7`);
  const hex = ms.toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-0000-0000-000000000000`;
}

/** When a UUIDv7 was made (its first 48 bits). */
export function uuidTime(id: string): Date {
  return new Date(parseInt(id.replace(/-/g, '').slice(0, 12), 16));
}

/** The start (UTC) of the day or month holding `at`. */
export function periodStart(unit: PartitionUnit, at: Date): Date {
  return unit === 'day'
    ? new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()))
    : new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
}

export function nextPeriod(unit: PartitionUnit, start: Date): Date {
  return unit === 'day'
    ? new Date(start.getTime() + DAY)
    : new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
}

/** `Snapshot_p202611`, `SnapshotPayload_p20261130`: the names the migration gave too. */
export function partitionName(table: string, unit: PartitionUnit, start: Date): string {
  const iso = start.toISOString();
  const stamp = iso.slice(0, 4) + iso.slice(5, 7) + (unit === 'day' ? iso.slice(8, 10) : '');
  return `${table}_p${stamp}`;
}

/** The partitions covering [from, to] (whole periods) for one table. */
export function partitionsCovering(t: PartitionedTable, from: Date, to: Date): PartitionToCreate[] {
  const out: PartitionToCreate[] = [];
  for (let start = periodStart(t.unit, from); start <= to; start = nextPeriod(t.unit, start)) {
    const end = nextPeriod(t.unit, start);
    out.push({
      table: t.table,
      name: partitionName(t.table, t.unit, start),
      from: start,
      to: end,
      fromId: uuidFloor(start),
      toId: uuidFloor(end),
    });
  }
  return out;
}

/**
 * Creates what is missing from now to the horizon ahead; drops every partition that ends at or
 * before its retention horizon (all its rows are older than the retention period). A range that an
 * existing partition already overlaps is never created again (PostgreSQL would refuse it).
 */
export function planPartitions(
  now: Date,
  existing: readonly ExistingPartition[],
  policy: PartitionPolicy,
): PartitionPlan {
  for (const [cls, days] of Object.entries(policy.retentionDays)) {
    if (!(days >= 1)) throw new RangeError(`retention of ${cls} must be at least one day, not ${days}`);
  }
  const create: PartitionToCreate[] = [];
  const drop: ExistingPartition[] = [];
  for (const t of PARTITIONED_TABLES) {
    const mine = existing.filter((p) => p.table === t.table);
    const horizon = now.getTime() - policy.retentionDays[t.retention] * DAY;
    drop.push(...mine.filter((p) => p.to.getTime() <= horizon));
    const wanted = partitionsCovering(t, now, new Date(now.getTime() + policy.aheadDays[t.unit] * DAY));
    create.push(...wanted.filter((w) => !mine.some((p) => p.from < w.to && w.from < p.to)));
  }
  return { create, drop };
}
