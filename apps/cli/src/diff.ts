import {
  describeResource,
  plainFinding,
  previousStateOf,
  severityRank,
  type Finding,
  type Severity,
} from '@kubeward/rules';
import { diffObjects, resourceKey, trackedObjects, type FieldChange, type Snapshot } from '@kubeward/snapshot';
import { acceptedReason, evaluateSnapshot, findingPosition, type ScanReport } from './scan';
import { plural } from './format';

export interface Opened {
  finding: Finding;
  /** What changed in its object between the two versions; empty for an object that is new. */
  changes: FieldChange[];
  /** The object did not exist before. */
  added: boolean;
}

export interface ManifestDiff {
  opened: Opened[];
  resolved: Finding[];
  /** The after side, for locations and accepted risks. */
  after: ScanReport;
}

/**
 * What a change to manifests does to their findings: the after side is judged with the before
 * side as its history, so the drift rules (a lowered Pod Security level, a deleted policy, a new
 * cluster-admin grant) judge the change itself. Opened findings carry their object's field diff.
 */
export function diffManifests(
  before: Omit<ScanReport, 'result'>,
  after: Omit<ScanReport, 'result'>,
  options: { now: string; include?: string[]; exclude?: string[]; trustedRegistries?: string[] },
): ManifestDiff {
  const old = evaluateSnapshot(before.snapshot, options);
  // A kind the files held before and hold no more was deleted, not left unread: the after side
  // counts it as read (with none), so that rules judge its absence.
  const collection = { ...after.snapshot.collection };
  for (const [kind, status] of Object.entries(before.snapshot.collection))
    if (status.collected && !collection[kind]?.collected) collection[kind] = { collected: true, count: 0 };
  const current = { ...after, snapshot: { ...after.snapshot, collection } };
  const now = evaluateSnapshot(current.snapshot, {
    ...options,
    history: { previousAt: before.snapshot.collectedAt, previous: previousStateOf(before.snapshot), standing: [] },
  });
  const was = new Set(old.findings.map((f) => f.fingerprint));
  const is = new Set(now.findings.map((f) => f.fingerprint));
  const bodies = (s: Snapshot) => new Map(trackedObjects(s).map((o) => [o.key, o]));
  const beforeObjects = bodies(before.snapshot);
  const afterObjects = bodies(current.snapshot);
  const opened = now.findings
    .filter((f) => !was.has(f.fingerprint))
    .map((f): Opened => {
      const key = resourceKey(f.resource);
      const a = beforeObjects.get(key);
      const b = afterObjects.get(key);
      return { finding: f, added: !a, changes: a && b ? diffObjects(b.kind, a.body, b.body) : [] };
    })
    .sort((x, y) => severityRank(y.finding.severity) - severityRank(x.finding.severity));
  return {
    opened,
    resolved: old.findings.filter((f) => !is.has(f.fingerprint)),
    after: { ...current, result: now },
  };
}

/** 1 when a finding at or above `failOn` opened (accepted risks aside). */
export const diffExitCode = (d: ManifestDiff, failOn: Severity | undefined): number =>
  failOn &&
  d.opened.some((o) => !acceptedReason(d.after, o.finding) && severityRank(o.finding.severity) >= severityRank(failOn))
    ? 1
    : 0;

const value = (v: unknown) => (v === undefined ? '(unset)' : JSON.stringify(v));
const change = (c: FieldChange) => `${c.path}: ${value(c.before)} → ${value(c.after)}`;
const MAX_CHANGES = 5;

/** For a pull-request comment: what the change opens, with the fields that did it, and what it resolves. */
export function formatDiffMarkdown(d: ManifestDiff): string {
  const lines = [
    `### Kubeward: ${plural(d.opened.length, 'finding')} opened, ${plural(d.resolved.length, 'finding')} resolved`,
    '',
  ];
  if (d.opened.length > 0) {
    lines.push('| severity | rule | resource | what changed |', '| --- | --- | --- | --- |');
    for (const o of d.opened) {
      const at = findingPosition(d.after, o.finding);
      const accepted = acceptedReason(d.after, o.finding);
      const why = o.added
        ? 'new object'
        : o.changes
            .slice(0, MAX_CHANGES)
            .map((c) => `\`${change(c)}\``)
            .join('<br>');
      lines.push(
        `| ${o.finding.severity}${accepted ? ' (accepted)' : ''} | \`${o.finding.ruleId}\` | ${describeResource(o.finding.resource)}${at ? ` (${at.file}:${at.line})` : ''} | ${why.replaceAll('|', '\\|')} |`,
      );
    }
    lines.push('');
  }
  if (d.resolved.length > 0) {
    lines.push('<details><summary>Resolved</summary>', '');
    for (const f of d.resolved) lines.push(`- ${f.severity} \`${f.ruleId}\` ${describeResource(f.resource)}`);
    lines.push('', '</details>');
  }
  return lines.join('\n');
}

export function formatDiffTable(d: ManifestDiff): string {
  const lines: string[] = [];
  for (const o of d.opened) {
    const at = findingPosition(d.after, o.finding);
    lines.push(
      `+ ${o.finding.severity.padEnd(8)} ${o.finding.ruleId.padEnd(34)} ${describeResource(o.finding.resource)}${at ? `  (${at.file}:${at.line}:${at.column})` : ''}`,
      `           ${o.finding.message}`,
    );
    if (o.added) lines.push('           new object');
    for (const c of o.changes.slice(0, MAX_CHANGES)) lines.push(`           ${change(c)}`);
  }
  for (const f of d.resolved)
    lines.push(`- ${f.severity.padEnd(8)} ${f.ruleId.padEnd(34)} ${describeResource(f.resource)}`);
  lines.push('', `${plural(d.opened.length, 'finding')} opened, ${plural(d.resolved.length, 'finding')} resolved.`);
  return lines.join('\n');
}

export function formatDiffJson(d: ManifestDiff): string {
  return JSON.stringify(
    {
      opened: d.opened.map((o) => ({
        ...plainFinding(o.finding),
        location: findingPosition(d.after, o.finding) ?? null,
        newObject: o.added,
        changes: o.changes,
      })),
      resolved: d.resolved.map(plainFinding),
    },
    null,
    2,
  );
}
