import { byEntryKey, entryKey, SECTION_NAMES, type SectionName, type SnapshotHead } from './build';
import { canonicalJson } from './hash';
import type { Snapshot } from './schema';
import type { SectionIndex } from './state';

/**
 * What changed between two snapshots of one cluster, as the agent sends it: the new snapshot's
 * stamps and head (small: versions and counts), each object added or changed in its normal form,
 * each object removed by its entry key, and the content hash of the snapshot it applies to.
 * Applied to that snapshot it gives the new one, whose content hash the agent names too.
 */
export interface SnapshotDelta {
  snapshotId: string;
  collectedAt: string;
  baseContentHash: string;
  head: SnapshotHead;
  upserted: Partial<Record<SectionName, unknown[]>>;
  removed: Partial<Record<SectionName, string[]>>;
}

export interface SectionDiff {
  /** Canonical JSON of each object added or changed, per section. */
  upserted: Partial<Record<SectionName, string[]>>;
  removed: Partial<Record<SectionName, string[]>>;
  /** How many objects were added, changed or removed. */
  changes: number;
}

/** What turns `base` into `next`; texts are compared as they are (both canonical). */
export function diffSections(base: SectionIndex, next: SectionIndex): SectionDiff {
  const diff: SectionDiff = { upserted: {}, removed: {}, changes: 0 };
  for (const section of SECTION_NAMES) {
    const before = base[section];
    const after = next[section];
    const upserted: string[] = [];
    const removed: string[] = [];
    for (const [key, text] of after) if (before.get(key) !== text) upserted.push(text);
    for (const key of before.keys()) if (!after.has(key)) removed.push(key);
    if (upserted.length) diff.upserted[section] = upserted;
    if (removed.length) diff.removed[section] = removed.sort(byEntryKey);
    diff.changes += upserted.length + removed.length;
  }
  return diff;
}

/** The delta's JSON text; changed objects are spliced in as the canonical text they already are. */
export function serialiseDelta(
  stamps: { snapshotId: string; collectedAt: string; baseContentHash: string },
  head: SnapshotHead,
  diff: SectionDiff,
): string {
  const upserted = Object.entries(diff.upserted)
    .map(([section, texts]) => `${JSON.stringify(section)}:[${texts.join(',')}]`)
    .join(',');
  return (
    `{"snapshotId":${JSON.stringify(stamps.snapshotId)},"collectedAt":${JSON.stringify(stamps.collectedAt)},` +
    `"baseContentHash":${JSON.stringify(stamps.baseContentHash)},"head":${canonicalJson(head)},` +
    `"upserted":{${upserted}},"removed":${JSON.stringify(diff.removed)}}`
  );
}

export type DeltaIssue = { path: string; message: string };

/**
 * The snapshot `delta` makes of `base` (not yet validated: the caller validates it as it would a
 * full snapshot). An object removed that the base does not hold, or added twice, means the agent
 * and the API disagree about the base: an issue, and the agent sends everything.
 */
export function applyDelta(
  base: Snapshot,
  delta: SnapshotDelta,
): { ok: true; snapshot: Record<string, unknown> } | { ok: false; issue: DeltaIssue } {
  const members: Record<string, unknown> = { ...delta.head };
  for (const section of SECTION_NAMES) {
    const list = base[section] as unknown[];
    const removed = delta.removed[section] ?? [];
    const upserted = delta.upserted[section] ?? [];
    if (removed.length === 0 && upserted.length === 0) {
      members[section] = list;
      continue;
    }
    const byKey = new Map<string, unknown>();
    for (const o of list) byKey.set(entryKey(section, o), o);
    for (const [i, key] of removed.entries()) {
      if (!byKey.delete(key))
        return {
          ok: false,
          issue: { path: `removed.${section}[${i}]`, message: `${key} is not in the base snapshot` },
        };
    }
    const seen = new Set<string>();
    for (const [i, o] of upserted.entries()) {
      let key: string;
      try {
        key = entryKey(section, o);
      } catch {
        return { ok: false, issue: { path: `upserted.${section}[${i}]`, message: 'not an object of this section' } };
      }
      if (seen.has(key))
        return { ok: false, issue: { path: `upserted.${section}[${i}]`, message: `${key} appears twice` } };
      seen.add(key);
      byKey.set(key, o);
    }
    members[section] = [...byKey.keys()].sort(byEntryKey).map((k) => byKey.get(k));
  }
  // Stamps first, then the content's members in canonical order: the form `withStamps` stores.
  const snapshot: Record<string, unknown> = { snapshotId: delta.snapshotId, collectedAt: delta.collectedAt };
  for (const key of Object.keys(members).sort())
    if (key !== 'snapshotId' && key !== 'collectedAt') snapshot[key] = members[key];
  return { ok: true, snapshot };
}
