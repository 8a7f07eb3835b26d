import { canonicalJson, resourceKey, sha256, type Snapshot } from '@kubeward/snapshot';
import { evaluate, type EngineSettings } from './engine';
import { RULES } from './registry';
import type { EvaluationResult, Finding, Rule } from './types';

/**
 * What one evaluation leaves for the next of the same cluster: the local rules' findings per
 * workload, with the workload's content hash and everything else they were judged against.
 */
export interface Carry {
  /** The snapshot but its workloads, and the settings but the date's time: see `contextOf`. */
  context: string;
  /** The local rules that ran, in order: the index into each workload's `findings`. */
  rules: string[];
  /** Workload key → its content hash and each local rule's findings on it (none: undefined). */
  workloads: Map<string, { hash: string; findings: (Finding[] | undefined)[] }>;
}

export interface IncrementalResult {
  result: EvaluationResult;
  carry: Carry;
  /** Workloads judged again by the local rules: all of them without a carry that fits. */
  judged: number;
}

/** A content hash per object key (`trackedObjects` of the snapshot: the worker has them anyway). */
export type ObjectHashes = ReadonlyMap<string, string>;

/**
 * Everything a local rule reads besides its workload: the snapshot's head and other objects, and
 * the settings (the date to the day, as evaluations are keyed).
 */
function contextOf(snapshot: Snapshot, settings: EngineSettings, hashes: ObjectHashes, workloads: Set<string>): string {
  const { history: _history, now, ...rest } = settings;
  const others: string[] = [];
  for (const [key, hash] of hashes) if (!workloads.has(key)) others.push(`${key}=${hash}`);
  return sha256(
    [
      canonicalJson({
        schemaVersion: snapshot.schemaVersion,
        source: snapshot.source,
        cluster: snapshot.cluster,
        collection: snapshot.collection,
        settings: rest,
        day: now.slice(0, 10),
      }),
      ...others,
    ].join('\n'),
  );
}

/**
 * `evaluate`, judging again with the local rules only the workloads that changed since `previous`
 * and carrying their other findings forward. The result is the one `evaluate` gives, in the same
 * order (the property test holds it to that): without a fitting carry (anything but workloads
 * changed, other settings or another day) every workload is judged.
 */
export function evaluateIncremental(
  snapshot: Snapshot,
  settings: EngineSettings,
  hashes: ObjectHashes,
  previous: Carry | undefined,
  rules: readonly Rule[] = RULES,
): IncrementalResult {
  const keys = snapshot.workloads.map((w) => resourceKey(w));
  const context = contextOf(snapshot, settings, hashes, new Set(keys));
  const fits = previous?.context === context ? previous : undefined;
  // Each workload's entry in the carry if it is the one judged then. A workload without a hash is
  // judged again: nothing says it is the same.
  const before = keys.map((key) => {
    const entry = fits?.workloads.get(key);
    return entry && entry.hash === hashes.get(key) ? entry : undefined;
  });
  const changed = fits ? snapshot.workloads.filter((_, i) => !before[i]) : [];
  const local = rules.filter((r) => r.local);

  // The local rules on the changed workloads alone: what they find there, per rule and workload.
  const known = new Map<string, number>();
  const fresh = new Map<string, Map<string, Finding[]>>();
  if (fits) {
    const sub = evaluate({ ...snapshot, workloads: changed }, settings, local);
    for (const id of sub.evaluated) {
      const at = fits.rules.indexOf(id);
      if (at >= 0) known.set(id, at);
    }
    group(sub.findings, new Set(known.keys()), fresh);
  }

  // Each local rule's findings per workload, in the snapshot's order: what the next carry holds.
  const lists = new Map<string, (Finding[] | undefined)[]>();
  const result = evaluate(snapshot, settings, rules, (rule) => {
    const at = known.get(rule.id);
    if (at === undefined) return undefined;
    const now = fresh.get(rule.id);
    const perWorkload = keys.map((key, i) => (before[i] ? before[i].findings[at] : now?.get(key)));
    lists.set(rule.id, perWorkload);
    return perWorkload.flatMap((own) => own ?? []);
  });

  const ran = local.map((r) => r.id).filter((id) => result.evaluated.includes(id));
  const judgedAgain = new Set(ran.filter((id) => !lists.has(id)));
  if (judgedAgain.size > 0) {
    const grouped = new Map<string, Map<string, Finding[]>>();
    group(result.findings, judgedAgain, grouped);
    for (const id of judgedAgain)
      lists.set(
        id,
        keys.map((key) => grouped.get(id)?.get(key)),
      );
  }
  const ordered = ran.map((id) => lists.get(id)!);
  const workloads = new Map<string, { hash: string; findings: (Finding[] | undefined)[] }>();
  keys.forEach((key, i) => {
    const hash = hashes.get(key);
    if (hash !== undefined) workloads.set(key, { hash, findings: ordered.map((list) => list[i]) });
  });
  return {
    result,
    carry: { context, rules: ran, workloads },
    judged: fits && judgedAgain.size === 0 ? changed.length : keys.length,
  };
}

/** Adds each finding of the rules `only` to its rule's and workload's list in `into`. */
function group(findings: readonly Finding[], only: ReadonlySet<string>, into: Map<string, Map<string, Finding[]>>) {
  for (const f of findings) {
    if (!only.has(f.ruleId)) continue;
    let rule = into.get(f.ruleId);
    if (!rule) into.set(f.ruleId, (rule = new Map()));
    const key = resourceKey(f.resource);
    const own = rule.get(key);
    if (own) own.push(f);
    else rule.set(key, [f]);
  }
}
