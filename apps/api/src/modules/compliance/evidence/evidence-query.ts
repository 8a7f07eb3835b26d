import { parseDateTime } from '../../../infra/graphql/date-time.scalar';

export const EVIDENCE_FORMATS = {
  csv: { contentType: 'text/csv; charset=utf-8', extension: 'csv' },
  oscal: { contentType: 'application/json; charset=utf-8', extension: 'oscal.json' },
  pdf: { contentType: 'application/pdf', extension: 'pdf' },
} as const;
export type EvidenceFormat = keyof typeof EVIDENCE_FORMATS;

export interface EvidenceQuery {
  framework: string;
  at?: Date;
  clusterIds?: string[];
}

const one = (v: unknown): string | undefined | null => (v === undefined ? undefined : typeof v === 'string' ? v : null);

/**
 * An export's query string — `framework`, `at` (RFC 3339), `clusterIds` (comma-separated) — or
 * what is wrong with it, naming the parameter. Express hands repeated parameters over as arrays
 * and `a[b]=c` as objects: anything but one string is refused.
 */
export function parseEvidenceQuery(query: Record<string, unknown>): EvidenceQuery | { field: string; problem: string } {
  const unknown = Object.keys(query).find((k) => !['framework', 'at', 'clusterIds'].includes(k));
  if (unknown !== undefined)
    return { field: unknown.slice(0, 40), problem: 'is not a parameter (framework, at, clusterIds)' };
  const framework = one(query['framework']);
  if (!framework) return { field: 'framework', problem: 'is required, once (a framework id, such as cis-1.10)' };
  if (framework.length > 100) return { field: 'framework', problem: 'is longer than 100 characters' };
  const rawAt = one(query['at']);
  if (rawAt === null) return { field: 'at', problem: 'must be given once' };
  const at = rawAt === undefined ? undefined : parseDateTime(rawAt);
  if (rawAt !== undefined && !at)
    return { field: 'at', problem: 'must be an RFC 3339 date-time with a time zone, such as 2026-03-01T00:00:00Z' };
  const rawIds = one(query['clusterIds']);
  if (rawIds === null) return { field: 'clusterIds', problem: 'must be given once, its ids separated by commas' };
  if (rawIds !== undefined && rawIds.length > 40_000) return { field: 'clusterIds', problem: 'is too long' };
  const clusterIds = rawIds
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (clusterIds && clusterIds.length === 0) return { field: 'clusterIds', problem: 'names no cluster' };
  return { framework, ...(at ? { at } : {}), ...(clusterIds ? { clusterIds } : {}) };
}

/** A file name that says what the file is evidence of: kubeward-cis-1.10-20260301T000000Z.pdf. */
export function evidenceFileName(framework: string, at: Date, format: EvidenceFormat): string {
  const moment = at
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/[-:]/g, '');
  return `kubeward-${framework.replace(/[^A-Za-z0-9._-]/g, '_')}-${moment}.${EVIDENCE_FORMATS[format].extension}`;
}
