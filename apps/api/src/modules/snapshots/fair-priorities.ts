/** BullMQ's lowest priority (priorities run from 1, first, to 2^21). */
const LOWEST_PRIORITY = 2 ** 21;

/**
 * Queue priorities that share the workers fairly between organisations: an organisation's next
 * job waits behind as many jobs as it already has queued, so one with a thousand queued snapshots
 * does not delay another's first. Within one organisation, arrival order is kept (equal priorities
 * run first in, first out). `rows` are the batch's snapshots with their organisation's queued count.
 */
export function fairPriorities(rows: { id: string; organizationId: string; ahead: number }[]): Map<string, number> {
  const inBatch = new Map<string, number>();
  const out = new Map<string, number>();
  for (const row of rows) {
    const before = inBatch.get(row.organizationId) ?? 0;
    inBatch.set(row.organizationId, before + 1);
    out.set(row.id, Math.min(LOWEST_PRIORITY, 1 + row.ahead + before));
  }
  return out;
}
