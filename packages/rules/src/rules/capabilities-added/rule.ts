import type { Rule, RuleResult } from '../../types';
import { containerResult, containers, one } from '../../workload';
import { BASELINE_CAPABILITIES } from '../dangerous-capabilities-added/rule';

const normalise = (c: string) => c.toUpperCase().replace(/^CAP_/, '');

/** PSS restricted, second half: add back nothing but NET_BIND_SERVICE. */
export const capabilitiesAdded: Rule = {
  id: 'capabilities-added',
  title: 'Container adds capabilities beyond NET_BIND_SERVICE',
  area: 'containers',
  practice: 'Assume you will be owned',
  severity: 'LOW',
  rationale:
    'The restricted Pod Security Standard allows a container to add back only NET_BIND_SERVICE. Even the ' +
    'capabilities the baseline tolerates (CHOWN, SETUID, DAC_OVERRIDE…) widen what an attacker can do ' +
    'inside the container. (Capabilities beyond the baseline are reported by dangerous-capabilities-added.)',
  remediation: {
    text: 'Remove the capability from capabilities.add, or change the image so it is not needed (e.g. files owned by the runtime user).',
    yaml: `spec:
  containers:
    - name: app
      securityContext:
        capabilities:
          drop: ["ALL"]
          add: ["NET_BIND_SERVICE"]`,
  },
  references: [{ framework: 'PSS', level: 'restricted', control: 'Capabilities' }],
  needs: ['workloads'],
  local: true,
  evaluate(snapshot) {
    const results: RuleResult[] = [];
    for (const e of containers(snapshot)) {
      const { c } = e;
      if (!c.securityContext.capabilities?.add.length) continue;
      const added = (c.securityContext.capabilities?.add ?? []).map(normalise);
      // Only baseline-allowed ones here: anything beyond the baseline is already a HIGH finding.
      const extra = added.filter((a) => a !== 'NET_BIND_SERVICE' && BASELINE_CAPABILITIES.has(a));
      if (extra.length === 0) continue;
      results.push(
        containerResult(
          e,
          `adds ${extra.join(', ')}`,
          'Remove them; the restricted standard allows only NET_BIND_SERVICE.',
          one(e, 'securityContext.capabilities.add'),
        ),
      );
    }
    return results;
  },
};
