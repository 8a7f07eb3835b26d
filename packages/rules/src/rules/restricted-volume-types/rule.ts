import type { Rule, RuleResult } from '../../types';
import { podSpecPath, workloadResult } from '../../workload';

/** Volume types the restricted Pod Security Standard allows (hostPath has a rule of its own). */
const ALLOWED = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
  'hostPath',
]);

export const restrictedVolumeTypes: Rule = {
  id: 'restricted-volume-types',
  title: 'Pod uses a volume type outside the restricted set',
  area: 'pods',
  practice: 'No hostPath',
  severity: 'LOW',
  rationale:
    'Volume plugins such as nfs, iscsi, rbd, flexVolume or gitRepo mount storage straight from the node, ' +
    'outside the CSI and PersistentVolume controls, and some run code on the node to do it.',
  remediation: {
    text: 'Use a PersistentVolumeClaim (backed by a CSI driver) instead.',
    yaml: `volumes:
  - name: data
    persistentVolumeClaim: { claimName: data }`,
  },
  references: [{ framework: 'PSS', level: 'restricted', control: 'Volume Types' }],
  needs: ['workloads'],
  local: true,
  evaluate(snapshot) {
    const results: RuleResult[] = [];
    for (const w of snapshot.workloads) {
      if (w.podSpec.volumes.every((v) => ALLOWED.has(v.type))) continue;
      const odd = w.podSpec.volumes.map((v, i) => ({ v, i })).filter(({ v }) => !ALLOWED.has(v.type));
      results.push(
        workloadResult(
          w,
          `uses ${odd.map(({ v }) => `${v.type} volume "${v.name}"`).join(', ')}`,
          'Use a PersistentVolumeClaim instead.',
          odd.map(({ i }) => `${podSpecPath(w)}.volumes[${i}]`),
        ),
      );
    }
    return results;
  },
};
