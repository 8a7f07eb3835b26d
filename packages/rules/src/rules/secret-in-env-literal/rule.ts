import type { Rule, RuleResult } from '../../types';
import { containerResult, containers } from '../../workload';

export const secretInEnvLiteral: Rule = {
  id: 'secret-in-env-literal',
  title: 'Secret written into the pod spec as an environment variable',
  area: 'cluster',
  practice: 'Secrets in Secrets',
  severity: 'HIGH',
  rationale:
    'A secret written as a literal env value lives in the manifest, in Git, in every `kubectl get -o yaml` ' +
    "and in the API server's storage unencrypted. (The agent judged the value in the cluster; only its " +
    'name and this verdict left it.)',
  remediation: {
    text: 'Move the value into a Secret and reference it with valueFrom.secretKeyRef (or mount it as a file).',
    yaml: `env:
  - name: DB_PASSWORD
    valueFrom:
      secretKeyRef: { name: db, key: password }`,
  },
  references: [
    { framework: 'CIS-1.10', control: '5.4.1' },
    { framework: 'NSA-CISA-1.2', section: 'Network separation and hardening: secrets' },
  ],
  needs: ['workloads'],
  local: true,
  evaluate(snapshot) {
    const results: RuleResult[] = [];
    for (const e of containers(snapshot)) {
      const { c } = e;
      // Most containers leak nothing: allocate only for those that do.
      let names: string[] | undefined;
      let paths: string[] | undefined;
      for (let i = 0; i < c.env.length; i++) {
        const v = c.env[i]!;
        if (v.source !== 'literal' || !v.looksSecret) continue;
        (names ??= []).push(v.name);
        (paths ??= []).push(`${e.path}.env[${i}].value`);
      }
      if (!names || !paths) continue;
      results.push(
        containerResult(
          e,
          `sets ${names.join(', ')} to a literal value that looks like a secret`,
          'Store it in a Secret and use valueFrom.secretKeyRef.',
          paths,
        ),
      );
    }
    return results;
  },
};
