import { z } from 'zod';
import type { FindingFilter } from './dto/finding-query.input';
import type { FindingObject } from './dto/finding.object';

const SEVERITY = z.enum(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFO']);
const names = z.array(z.string().min(1).max(253)).max(100);

/** The `filter` of an export: FindingFilter as JSON, checked as GraphQL checks it. */
const filterSchema = z
  .object({
    clusterIds: z.array(z.string().max(64)).max(100),
    minSeverity: SEVERITY,
    ruleIds: names,
    areas: names,
    practices: names,
    frameworks: names,
    namespaces: names,
    kinds: names,
    status: z.enum(['OPEN', 'RESOLVED']),
    excepted: z.boolean(),
    platform: z.boolean(),
    resourceName: z.string().max(253),
  })
  .partial()
  .strict();

/** The filter a query string's `filter` holds, or what is wrong with it (naming the field). */
export function parseExportFilter(raw: unknown): { filter: FindingFilter } | { problem: string } {
  if (raw === undefined) return { filter: {} };
  if (typeof raw !== 'string' || raw.length > 16_384)
    return { problem: 'filter: must be one JSON object (at most 16 KiB)' };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { problem: 'filter: is not JSON' };
  }
  const result = filterSchema.safeParse(json);
  if (result.success) return { filter: result.data as FindingFilter };
  const issue = result.error.issues[0]!;
  return { problem: `filter.${issue.path.join('.') || '(root)'}: ${issue.message}` };
}

export const CSV_COLUMNS = [
  'id',
  'severity',
  'status',
  'rule',
  'cluster',
  'namespace',
  'kind',
  'name',
  'container',
  'message',
  'excepted',
  'platform',
  'first_seen_at',
  'resolved_at',
] as const;

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or CR) as a formula: such text is
 * prefixed with ' so it stays text (OWASP, CSV injection).
 */
export const inert = (v: string): string => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

export function csvRow(f: FindingObject, clusterName: string): string[] {
  return [
    f.id,
    f.severity,
    f.status,
    f.ruleId,
    clusterName,
    f.resource.namespace ?? '',
    f.resource.kind,
    f.resource.name,
    f.container ?? '',
    f.message,
    String(f.excepted),
    String(f.platform),
    f.firstSeenAt.toISOString(),
    f.resolvedAt?.toISOString() ?? '',
  ].map(inert);
}
