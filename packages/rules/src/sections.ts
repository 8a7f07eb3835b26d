import { SECTION_KINDS, type Snapshot } from '@kubeward/snapshot';
import type { SnapshotSection } from './types';

/**
 * Which kinds a section lacks, or undefined when it counts as present. From a live cluster a
 * section counts only when every kind it stands on was collected. Files describe what they
 * describe: there a section counts when any of its kinds is present.
 */
export function sectionMissing(snapshot: Snapshot, section: SnapshotSection): string[] | undefined {
  const kinds: readonly string[] = SECTION_KINDS[section];
  const missing = kinds.filter((kind) => snapshot.collection[kind]?.collected !== true);
  const enough = snapshot.source === 'manifests' ? missing.length < kinds.length : missing.length === 0;
  return enough ? undefined : missing;
}

export const sectionPresent = (snapshot: Snapshot, section: SnapshotSection) => !sectionMissing(snapshot, section);
