import type { z } from 'zod';
import { duplicateObject } from './drift';
import { snapshot, type Snapshot } from './schema';

export interface SnapshotIssue {
  /** JSON path of the offending field, e.g. `workloads[3].podSpec.containers[0].image`. */
  path: string;
  message: string;
}

export type ValidationResult = { ok: true; snapshot: Snapshot } | { ok: false; issues: SnapshotIssue[] };

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(root)';
}

export function toIssues(error: z.ZodError, limit = 20): SnapshotIssue[] {
  return error.issues.slice(0, limit).map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
}

export function validateSnapshot(input: unknown): ValidationResult {
  const parsed = snapshot.safeParse(input);
  return parsed.success ? unique(parsed.data) : { ok: false, issues: toIssues(parsed.error) };
}

/** A well-formed snapshot is valid when no object repeats another (see `duplicateObject`). */
export function unique(s: Snapshot): ValidationResult {
  const duplicate = duplicateObject(s);
  return duplicate ? { ok: false, issues: [duplicate] } : { ok: true, snapshot: s };
}
