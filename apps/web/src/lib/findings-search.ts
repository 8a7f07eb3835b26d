import { SEVERITIES, type SeverityName } from './format';

/** The Findings page's filters, as they stand in its URL (so a link reproduces the view). */
export interface FindingsSearch {
  cluster?: string[];
  namespace?: string[];
  rule?: string[];
  practice?: string[];
  severity?: SeverityName;
  status?: 'OPEN' | 'RESOLVED';
  excepted?: boolean;
  platform?: boolean;
  q?: string;
  group?: 'rule' | 'namespace' | 'workload';
}

const strings = (v: unknown): string[] | undefined => {
  const list = (Array.isArray(v) ? v : typeof v === 'string' ? [v] : []).filter(
    (s): s is string => typeof s === 'string' && s.length > 0 && s.length <= 253,
  );
  return list.length > 0 ? list.slice(0, 100) : undefined;
};
const oneOf = <T extends string>(v: unknown, allowed: readonly T[]): T | undefined =>
  allowed.includes(v as T) ? (v as T) : undefined;
const bool = (v: unknown): boolean | undefined =>
  v === true || v === 'true' ? true : v === false || v === 'false' ? false : undefined;

/** A URL's search, whatever someone typed or pasted into it, as filters the API accepts (the rest dropped). */
export function parseFindingsSearch(raw: Record<string, unknown>): FindingsSearch {
  const q = typeof raw.q === 'string' ? raw.q.trim().slice(0, 253) : '';
  const search: FindingsSearch = {
    cluster: strings(raw.cluster),
    namespace: strings(raw.namespace),
    rule: strings(raw.rule),
    practice: strings(raw.practice),
    severity: oneOf(raw.severity, SEVERITIES),
    status: oneOf(raw.status, ['OPEN', 'RESOLVED'] as const),
    excepted: bool(raw.excepted),
    platform: bool(raw.platform),
    q: q || undefined,
    group: oneOf(raw.group, ['rule', 'namespace', 'workload'] as const),
  };
  return Object.fromEntries(Object.entries(search).filter(([, v]) => v !== undefined)) as FindingsSearch;
}

/** The API's FindingFilter for these filters. */
export function toFindingFilter(s: FindingsSearch) {
  return {
    clusterIds: s.cluster,
    namespaces: s.namespace,
    ruleIds: s.rule,
    practices: s.practice,
    minSeverity: s.severity,
    status: s.status,
    excepted: s.excepted,
    platform: s.platform,
    resourceName: s.q,
  };
}

/** How many filters narrow the view (grouping is not one). */
export const activeFilters = (s: FindingsSearch): number =>
  Object.entries(s).filter(([k, v]) => k !== 'group' && v !== undefined).length;
