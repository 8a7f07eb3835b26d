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
  evaluate(snapshot) {
    const results: RuleResult[] = [];
    for (const e of containers(snapshot)) {
      const { c } = e;
      const leaked = c.env.map((e, i) => ({ e, i })).filter(({ e }) => e.source === 'literal' && e.looksSecret);
      if (leaked.length === 0) continue;
      results.push(
        containerResult(
          e,
          `sets ${leaked.map(({ e }) => e.name).join(', ')} to a literal value that looks like a secret`,
          'Store it in a Secret and use valueFrom.secretKeyRef.',
          leaked.map(({ i }) => `${e.path}.env[${i}].value`),
        ),
      );
    }
    return results;
  },
};
