import type { Rule, RuleResult } from '../../types';

export const secretLikeConfigmapKey: Rule = {
  id: 'secret-like-configmap-key',
  title: 'ConfigMap holds what looks like a secret',
  area: 'cluster',
  practice: 'Secrets in Secrets',
  severity: 'MEDIUM',
  rationale:
    'ConfigMaps are readable by far more people and tools than Secrets, are never encrypted at rest and ' +
    'are printed freely. Passwords, tokens and keys belong in Secrets. (Values were judged in the cluster; ' +
    'only key names and verdicts left it.)',
  remediation: {
    text: 'Move the key into a Secret and update its consumers.',
    yaml: `apiVersion: v1
kind: Secret
metadata: { name: app-credentials }
type: Opaque
stringData:
  api-token: <value>`,
  },
  references: [{ framework: 'NSA-CISA-1.2', section: 'Network separation and hardening: secrets' }],
  needs: ['configMaps'],
  evaluate(snapshot) {
    const results: RuleResult[] = [];
    for (const cm of snapshot.configMaps) {
      const keys = cm.keys.filter((k) => k.looksSecret);
      if (keys.length === 0) continue;
      results.push({
        resource: { kind: 'ConfigMap', namespace: cm.namespace, name: cm.name },
        message: `ConfigMap ${cm.namespace}/${cm.name} holds ${keys.map((k) => k.name).join(', ')}, which look like secrets. Move them into a Secret.`,
        paths: keys.map((k) => `data.${k.name}`),
      });
    }
    return results;
  },
};
