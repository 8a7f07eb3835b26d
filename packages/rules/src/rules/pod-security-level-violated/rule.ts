import { resourceKey, type Workload } from '@kubeward/snapshot';
import { RULES } from '../../registry';
import { resultsOf } from '../../results-memo';
import { sectionMissing } from '../../sections';
import type { Rule, RuleResult } from '../../types';
import { workloadResult } from '../../workload';

const ENFORCE = 'pod-security.kubernetes.io/enforce';
type Level = 'baseline' | 'restricted';

/** The lowest Pod Security level whose controls a rule judges, or undefined for non-PSS rules. */
function levelOf(rule: Rule): Level | undefined {
  const levels = rule.references.flatMap((r) => (r.framework === 'PSS' ? [r.level] : []));
  if (levels.length === 0) return undefined;
  return levels.includes('baseline') ? 'baseline' : 'restricted';
}

export const podSecurityLevelViolated: Rule = {
  id: 'pod-security-level-violated',
  title: 'Running workloads break the Pod Security level their namespace enforces',
  area: 'pods',
  practice: 'Policy agent',
  severity: 'HIGH',
  rationale:
    'Pod Security Admission judges pods when they are created. Pods admitted before the namespace was ' +
    'labelled, or created while it was exempt, keep running however they break the level, and the label ' +
    'gives a false sense of safety: the namespace says restricted while a privileged pod runs in it.',
  remediation: {
    text: 'Fix the workload and roll it out again (it will be admitted against the level), or lower the label to what the namespace really runs.',
    yaml: `# Check a namespace before (or after) labelling it:
kubectl label --dry-run=server --overwrite ns shop pod-security.kubernetes.io/enforce=restricted`,
  },
  references: [{ framework: 'NSA-CISA-1.2', section: 'Kubernetes Pod security: pod security enforcement' }],
  needs: ['workloads', 'namespaces'],
  local: true,
  derived: true,
  evaluate(snapshot, settings) {
    const enforced = new Map<string, Level>();
    for (const ns of snapshot.namespaces) {
      const level = ns.labels[ENFORCE];
      if (level === 'baseline' || level === 'restricted') enforced.set(ns.name, level);
    }
    if (enforced.size === 0) return [];
    // What each workload breaks, by rule.
    const broken = new Map<string, { w: Workload; rules: Set<string>; paths: Set<string> }>();
    const byRef = new Map(snapshot.workloads.filter((w) => enforced.has(w.namespace)).map((w) => [resourceKey(w), w]));
    if (byRef.size === 0) return [];
    for (const rule of RULES) {
      const level = levelOf(rule);
      if (!level || rule.id === 'pod-security-level-violated' || rule.needs.some((s) => sectionMissing(snapshot, s)))
        continue;
      for (const result of resultsOf(snapshot, settings, rule)) {
        const w = byRef.get(resourceKey(result.resource));
        const ns = w && enforced.get(w.namespace);
        if (!w || !ns || (level === 'restricted' && ns === 'baseline')) continue;
        const entry = broken.get(resourceKey(w)) ?? { w, rules: new Set<string>(), paths: new Set<string>() };
        entry.rules.add(rule.id);
        for (const p of result.paths) entry.paths.add(p);
        broken.set(resourceKey(w), entry);
      }
    }
    const results: RuleResult[] = [];
    for (const { w, rules, paths } of [...broken.values()].sort((a, b) =>
      `${a.w.namespace}/${a.w.kind}/${a.w.name}`.localeCompare(`${b.w.namespace}/${b.w.kind}/${b.w.name}`),
    )) {
      results.push(
        workloadResult(
          w,
          `runs in namespace ${w.namespace}, which enforces the ${enforced.get(w.namespace)} Pod Security level, yet breaks it (${[...rules].sort().join(', ')})`,
          'Fix it and roll it out again, so that admission judges it.',
          [...paths],
        ),
      );
    }
    return results;
  },
};
