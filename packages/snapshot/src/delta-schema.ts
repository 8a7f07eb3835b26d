import { z } from 'zod';
import { SECTION_NAMES, type SectionName } from './build';

const sectionName = z.enum(SECTION_NAMES as [SectionName, ...SectionName[]]);

/**
 * A delta's envelope. The objects themselves are checked where they land: the snapshot the delta
 * makes goes through the whole snapshot contract, limits included, as a full one would.
 */
export const snapshotDelta = z.strictObject({
  snapshotId: z.string(),
  collectedAt: z.string(),
  baseContentHash: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in hex'),
  head: z.record(z.string(), z.unknown()),
  upserted: z.partialRecord(sectionName, z.array(z.record(z.string(), z.unknown())).max(200_000)),
  removed: z.partialRecord(sectionName, z.array(z.string().max(1024)).max(200_000)),
});
