import { resourceKey } from '@kubeward/snapshot';
import { driftResult, standingOf } from '../../drift';
import type { Rule, RuleResult } from '../../types';

const ENFORCE = 'pod-security.kubernetes.io/enforce';
const RANK: Record<string, number> = { privileged: 0, baseline: 1, restricted: 2 };
/** No label, or one Kubernetes does not know, admits everything: privileged. */
const levelOf = (labels: Record<string, string>) => {
  const level = labels[ENFORCE];
  return level !== undefined && level in RANK ? level : 'privileged';
};

export const podSecurityEnforceLowered: Rule = {
  id: 'pod-security-enforce-lowered',
  title: "A namespace's Pod Security enforce level was lowered",
  area: 'pods',
  practice: 'Assume you will be owned',
  severity: 'HIGH',
  rationale:
    'Lowering the enforce label is how a privileged pod gets admitted where it was refused: one label ' +
    'edit, by someone who can patch namespaces, turns off every Pod Security control of the namespace ' +
    'for whatever is created next. It is rarely a planned change and always one to explain.',
  remediation: {
    text: 'Restore the label, or, if the lower level is intended, accept the risk with the reason.',
    yaml: `kubectl label --overwrite ns shop pod-security.kubernetes.io/enforce=restricted`,
  },
  references: [
    { framework: 'CIS-1.10', control: '5.2.1' },
    { framework: 'NSA-CISA-1.2', section: 'Kubernetes Pod security: pod security enforcement' },
  ],
  needs: ['namespaces'],
  drift: true,
  evaluate(snapshot, { history }) {
    const standing = standingOf(history!, 'pod-security-enforce-lowered');
    const before = new Map(history!.previous.namespaces.map((ns) => [ns.name, levelOf(ns.labels)]));
    const results: RuleResult[] = [];
    for (const ns of snapshot.namespaces) {
      const resource = { kind: 'Namespace', name: ns.name };
      const kept = standing.get(resourceKey(resource));
      const was = kept?.was[0] ?? before.get(ns.name);
      const now = levelOf(ns.labels);
      if (was === undefined || RANK[now]! >= (RANK[was] ?? 0)) continue;
      results.push(
        driftResult(
          snapshot,
          resource,
          kept,
          [was],
          (since) =>
            `Namespace ${ns.name} enforces Pod Security "${now}", lowered from "${was}" (seen since ${since}). ` +
            `Restore enforce=${was}, or accept the risk with the reason.`,
          [`metadata.labels["${ENFORCE}"]`],
        ),
      );
    }
    return results;
  },
};
