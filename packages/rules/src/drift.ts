import { resourceKey, type Snapshot } from '@kubeward/snapshot';
import type { Baseline, History, PreviousState, ResourceRef, RuleResult } from './types';

/**
 * Drift rules compare the snapshot with the cluster's previous state. A regression opens a finding
 * with a baseline (what it was, since when); while the finding stands, its baseline and not the
 * previous snapshot is the comparison, so the finding stays open until the change is undone.
 */

/** Why a drift rule cannot judge a snapshot without history. */
export const NO_HISTORY = 'no earlier snapshot to compare with (the first one is the baseline)';

const standingByRule = new WeakMap<History, Map<string, Map<string, Baseline>>>();

/** The baselines of a rule's standing findings, by resource key. */
export function standingOf(history: History, ruleId: string): Map<string, Baseline> {
  let byRule = standingByRule.get(history);
  if (!byRule) {
    byRule = new Map();
    for (const s of history.standing) {
      const of = byRule.get(s.ruleId) ?? byRule.set(s.ruleId, new Map()).get(s.ruleId)!;
      of.set(resourceKey(s.resource), s.baseline);
    }
    standingByRule.set(history, byRule);
  }
  return byRule.get(ruleId) ?? new Map();
}

/** "2026-12-02 15:47 UTC", for messages. */
export const sinceText = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/**
 * A drift result: `was` is what the resource regressed from, `since` the standing finding's
 * (kept) or this snapshot's collection time (a change seen now).
 */
export function driftResult(
  snapshot: Snapshot,
  resource: ResourceRef,
  standing: Baseline | undefined,
  was: string[],
  describe: (since: string) => string,
  paths: string[],
): RuleResult {
  const since = standing?.since ?? snapshot.collectedAt;
  return { resource, message: describe(sinceText(since)), paths, baseline: { since, was } };
}

/** The previous state as a snapshot holds it. */
export const previousStateOf = (s: Snapshot): PreviousState => ({
  namespaces: s.namespaces,
  networkPolicies: s.networkPolicies,
  admissionWebhooks: s.admissionWebhooks,
  policyEngines: s.policyEngines,
  bindings: s.bindings,
});

/** Kinds whose stored objects make up the previous state (policy engines have their own kinds; see below). */
export const DRIFT_KINDS = [
  'Namespace',
  'NetworkPolicy',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'RoleBinding',
  'ClusterRoleBinding',
] as const;

/**
 * The previous state from stored objects (the bodies a snapshot's sections hold). Policy engine
 * resources come in many kinds; they are told by their `engine` field.
 */
export function previousStateFromObjects(objects: Iterable<{ kind: string; body: unknown }>): PreviousState {
  const state: PreviousState = {
    namespaces: [],
    networkPolicies: [],
    admissionWebhooks: [],
    policyEngines: [],
    bindings: [],
  };
  for (const { kind, body } of objects) {
    if (kind === 'Namespace') state.namespaces.push(body as PreviousState['namespaces'][number]);
    else if (kind === 'NetworkPolicy') state.networkPolicies.push(body as PreviousState['networkPolicies'][number]);
    else if (kind === 'ValidatingWebhookConfiguration' || kind === 'MutatingWebhookConfiguration')
      state.admissionWebhooks.push(body as PreviousState['admissionWebhooks'][number]);
    else if (kind === 'RoleBinding' || kind === 'ClusterRoleBinding')
      state.bindings.push(body as PreviousState['bindings'][number]);
    else if (body && typeof body === 'object' && 'engine' in body)
      state.policyEngines.push(body as PreviousState['policyEngines'][number]);
  }
  return state;
}

const sameBaseline = (a: Baseline, b: Baseline) =>
  a.since === b.since && a.was.length === b.was.length && a.was.every((w, i) => w === b.was[i]);

/** Findings still open whose baseline moved (e.g. a second webhook relaxed): what to store anew. */
export function rebasedFindings(
  findings: readonly { fingerprint: string; baseline?: Baseline }[],
  stored: ReadonlyMap<string, Baseline>,
): { fingerprint: string; baseline: Baseline }[] {
  const out: { fingerprint: string; baseline: Baseline }[] = [];
  for (const f of findings) {
    const before = f.baseline && stored.get(f.fingerprint);
    if (before && !sameBaseline(before, f.baseline!)) out.push({ fingerprint: f.fingerprint, baseline: f.baseline! });
  }
  return out;
}
