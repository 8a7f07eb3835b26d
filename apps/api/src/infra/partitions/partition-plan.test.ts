import { v7 as uuidv7 } from 'uuid';
import {
  DEFAULT_AHEAD_DAYS,
  PARTITIONED_TABLES,
  partitionName,
  partitionsCovering,
  planPartitions,
  uuidFloor,
  uuidTime,
  type ExistingPartition,
  type PartitionPolicy,
} from './partition-plan';

const policy: PartitionPolicy = {
  retentionDays: { payloads: 14, history: 400, alerts: 90 },
  aheadDays: DEFAULT_AHEAD_DAYS,
};
const at = (iso: string) => new Date(iso);

describe('UUIDv7 bounds', () => {
  it('puts every UUIDv7 of a millisecond at or above that millisecond’s floor, below the next one', () => {
    const ms = Date.UTC(2026, 10, 30, 23, 59, 59, 999);
    for (let i = 0; i < 50; i++) {
      const id = uuidv7({ msecs: ms });
      expect(id >= uuidFloor(new Date(ms))).toBe(true);
      expect(id < uuidFloor(new Date(ms + 1))).toBe(true);
      expect(uuidTime(id).getTime()).toBe(ms);
    }
  });

  it('writes the bound PostgreSQL compares byte by byte', () => {
    expect(uuidFloor(at('2026-12-01T00:00:00Z'))).toBe('01a22ee6-b000-0000-0000-000000000000');
    expect(uuidTime('01a22ee6-b000-0000-0000-000000000000').toISOString()).toBe('2026-12-01T00:00:00.000Z');
  });

  it('refuses a time before 1970', () => {
    expect(() => uuidFloor(at('1969-12-31T00:00:00Z'))).toThrow(/no UUIDv7/);
  });
});

describe('partitionsCovering', () => {
  it('names and bounds whole UTC months, across a year end', () => {
    const parts = partitionsCovering(
      { table: 'Evaluation', unit: 'month', retention: 'history' },
      at('2026-11-30T23:00:00Z'),
      at('2027-01-01T00:00:00Z'),
    );
    expect(parts.map((p) => [p.name, p.from.toISOString(), p.to.toISOString()])).toEqual([
      ['Evaluation_p202611', '2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z'],
      ['Evaluation_p202612', '2026-12-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
      ['Evaluation_p202701', '2027-01-01T00:00:00.000Z', '2027-02-01T00:00:00.000Z'],
    ]);
    expect(parts[1]!.fromId).toBe(parts[0]!.toId);
  });

  it('names days by their date', () => {
    expect(partitionName('SnapshotPayload', 'day', at('2026-02-03T00:00:00Z'))).toBe('SnapshotPayload_p20260203');
  });
});

describe('planPartitions', () => {
  const now = at('2026-11-30T12:00:00Z');

  it('on an empty database creates each table’s partitions from now to its horizon ahead', () => {
    const plan = planPartitions(now, [], policy);
    expect(plan.drop).toEqual([]);
    const payloads = plan.create.filter((p) => p.table === 'SnapshotPayload').map((p) => p.name);
    expect(payloads).toEqual([
      'SnapshotPayload_p20261130',
      'SnapshotPayload_p20261201',
      'SnapshotPayload_p20261202',
      'SnapshotPayload_p20261203',
      'SnapshotPayload_p20261204',
      'SnapshotPayload_p20261205',
      'SnapshotPayload_p20261206',
      'SnapshotPayload_p20261207',
    ]);
    const months = plan.create.filter((p) => p.table === 'AuditLog').map((p) => p.name);
    expect(months).toEqual(['AuditLog_p202611', 'AuditLog_p202612', 'AuditLog_p202701']);
    expect(new Set(plan.create.map((p) => p.table))).toEqual(new Set(PARTITIONED_TABLES.map((t) => t.table)));
  });

  it('creates nothing twice, nor a range an existing partition overlaps', () => {
    const first = planPartitions(now, [], policy);
    const existing: ExistingPartition[] = first.create.map(({ table, name, from, to }) => ({ table, name, from, to }));
    expect(planPartitions(now, existing, policy).create).toEqual([]);
    // A hand-made partition over two months stands in for both.
    const wide = { table: 'Snapshot', name: 'Snapshot_custom', from: at('2026-11-01Z'), to: at('2027-01-01Z') };
    const created = planPartitions(now, [wide], policy).create.filter((p) => p.table === 'Snapshot');
    expect(created.map((p) => p.name)).toEqual(['Snapshot_p202701']);
  });

  it('drops a partition once all of it is older than its table’s retention, not a day before', () => {
    const day = (iso: string) => ({
      table: 'SnapshotPayload',
      name: `SnapshotPayload_p${iso.replace(/-/g, '')}`,
      from: at(`${iso}T00:00:00Z`),
      to: new Date(at(`${iso}T00:00:00Z`).getTime() + 86_400_000),
    });
    // 14 days before 2026-11-30T12:00 is 2026-11-16T12:00: the 15th has ended by then, the 16th has not.
    const plan = planPartitions(now, [day('2026-11-15'), day('2026-11-16')], policy);
    expect(plan.drop.map((p) => p.name)).toEqual(['SnapshotPayload_p20261115']);
  });

  it('keeps each table to its own retention class', () => {
    const month = (table: string, ym: string) => {
      const from = at(`${ym}-01T00:00:00Z`);
      return {
        table,
        name: `${table}_p${ym.replace('-', '')}`,
        from,
        to: new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1)),
      };
    };
    const existing = [
      month('WebhookDelivery', '2026-07'),
      month('WebhookDelivery', '2026-08'),
      month('Evaluation', '2026-07'),
      month('Evaluation', '2025-09'),
    ];
    // Alerts keep 90 days (back to 2026-09-01T12:00): July and August have ended. History keeps 400 days.
    expect(planPartitions(now, existing, policy).drop.map((p) => p.name)).toEqual([
      'Evaluation_p202509',
      'WebhookDelivery_p202607',
      'WebhookDelivery_p202608',
    ]);
  });

  it('refuses a retention of less than a day, which would drop the partition being written', () => {
    expect(() => planPartitions(now, [], { ...policy, retentionDays: { ...policy.retentionDays, alerts: 0 } })).toThrow(
      /alerts must be at least one day/,
    );
  });
});
