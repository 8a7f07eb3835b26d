import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma/prisma.service';
import {
  type ExistingPartition,
  PARTITIONED_TABLE_NAMES,
  type PartitionToCreate,
  uuidFloor,
  uuidTime,
} from './partition-plan';

/** The history table whose rows can describe a period still open (see carryOpenPeriods). */
const OPEN_PERIODS_TABLE = 'FindingEvent';

const BOUND = /FROM \('([0-9a-f-]{36})'\) TO \('([0-9a-f-]{36})'\)/;

/** Names come from the partition plan (table names from code, dates), quoted all the same. */
const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The catalogue's partitions of history tables, and the DDL that adds and removes them. */
@Injectable()
export class PartitionsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Every partition of a history table, with its bounds; `detaching` when a detach was interrupted. */
  async list(): Promise<(ExistingPartition & { detaching: boolean })[]> {
    const rows = await this.prisma.$queryRaw<{ table: string; name: string; bound: string; detaching: boolean }[]>`
      SELECT parent.relname AS table, child.relname AS name,
             pg_get_expr(child.relpartbound, child.oid) AS bound, i.inhdetachpending AS detaching
      FROM pg_inherits i
      JOIN pg_class parent ON parent.oid = i.inhparent
      JOIN pg_class child ON child.oid = i.inhrelid
      WHERE parent.relnamespace = current_schema()::regnamespace AND parent.relname = ANY(${[...PARTITIONED_TABLE_NAMES]})`;
    return rows.flatMap((r) => {
      const m = BOUND.exec(r.bound);
      // A partition of another shape (added by hand) is left alone: the plan only knows ranges.
      return m
        ? [{ table: r.table, name: r.name, from: uuidTime(m[1]!), to: uuidTime(m[2]!), detaching: r.detaching }]
        : [];
    });
  }

  /**
   * Adds a partition without blocking the table: an empty table made alike, then attached
   * (ATTACH takes a lock that lets reads and writes go on; CREATE … PARTITION OF would not). A
   * lock not granted at once fails the step, left to the next run, rather than queueing writes
   * behind it.
   */
  async create(p: PartitionToCreate): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = '5s'`);
      await tx.$executeRawUnsafe(
        `CREATE TABLE IF NOT EXISTS ${ident(p.name)} (LIKE ${ident(p.table)} INCLUDING DEFAULTS INCLUDING STORAGE)`,
      );
      await tx.$executeRawUnsafe(
        `ALTER TABLE ${ident(p.table)} ATTACH PARTITION ${ident(p.name)} FOR VALUES FROM ('${p.fromId}') TO ('${p.toId}')`,
      );
    });
  }

  /**
   * Removes a partition and all its rows: detached CONCURRENTLY (reads and writes of the table go
   * on meanwhile), then dropped. An interrupted detach is finished first.
   */
  async drop(p: ExistingPartition & { detaching?: boolean }, horizon: Date): Promise<void> {
    if (!p.detaching && p.table === OPEN_PERIODS_TABLE) await this.carryOpenPeriods(p, horizon);
    const mode = p.detaching ? 'FINALIZE' : 'CONCURRENTLY';
    await this.prisma.$executeRawUnsafe(`ALTER TABLE ${ident(p.table)} DETACH PARTITION ${ident(p.name)} ${mode}`);
    await this.prisma.$executeRawUnsafe(`DROP TABLE ${ident(p.name)}`);
  }

  /**
   * A finding opened long ago and still open (or closed after the horizon, the oldest time anyone
   * can still ask about) must stay "open at T" for every such T: its opening event moves to the
   * current month, keeping its time, before its old month goes. Moving is an UPDATE of the
   * partition key (PostgreSQL moves the row), so no reader ever sees it twice or not at all.
   */
  private async carryOpenPeriods(p: ExistingPartition, horizon: Date): Promise<void> {
    const [from, to] = [uuidFloor(p.from), uuidFloor(p.to)];
    await this.prisma.$executeRawUnsafe(
      `UPDATE "FindingEvent" SET id = kubeward_uuid7(now())
       WHERE id >= $1::uuid AND id < $2::uuid AND type IN ('OPENED', 'REOPENED')
         AND ("closedAt" IS NULL OR "closedAt" > ($3::timestamptz AT TIME ZONE 'UTC'))`,
      from,
      to,
      horizon.toISOString(),
    );
  }
}
