import { createHash } from 'node:crypto';

/** JSON with object keys sorted, so equal content always hashes equally. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const sorted: Record<string, unknown> = {};
      for (const key of Object.keys(v).sort()) sorted[key] = (v as Record<string, unknown>)[key];
      return sorted;
    }
    return v;
  });
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The hash of what a snapshot says about the cluster, leaving out when and by whom it was taken. */
export function contentHash(snapshot: { snapshotId?: string; collectedAt?: string; [k: string]: unknown }): string {
  const { snapshotId: _id, collectedAt: _at, ...content } = snapshot;
  return sha256(canonicalJson(content));
}
