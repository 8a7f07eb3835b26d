import { resourceKey } from '@kubeward/snapshot';
import { driftResult, standingOf } from '../../drift';
import type { Rule, RuleResult } from '../../types';

/** admissionregistration.k8s.io/v1 defaults failurePolicy to Fail. */
const failsOpen = (w: { failurePolicy?: string }) => w.failurePolicy === 'Ignore';

export const admissionWebhookFailOpen: Rule = {
  id: 'admission-webhook-fail-open',
  title: 'An admission webhook was switched to fail open',
  area: 'cluster',
  practice: 'Assume you will be owned',
  severity: 'HIGH',
  rationale:
    'With failurePolicy: Ignore, a request the webhook cannot answer is admitted unchecked. Switching a ' +
    'webhook that failed closed to Ignore means that whoever can make it time out (crash its pods, flood ' +
    'it, block its network) bypasses the policy it enforces; attackers flip it before deploying what the ' +
    'policy would refuse.',
  remediation: {
    text: 'Set failurePolicy back to Fail, and run the webhook with enough replicas to answer; or accept the risk with the reason.',
    yaml: `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata: { name: policy-engine }
webhooks:
  - name: validate.policy.example.com
    failurePolicy: Fail`,
  },
  references: [
    { framework: 'CIS-1.10', control: '5.1.12' },
    { framework: 'NSA-CISA-1.2', section: 'Kubernetes Pod security: pod security enforcement' },
  ],
  needs: ['admission'],
  drift: true,
  evaluate(snapshot, { history }) {
    const standing = standingOf(history!, 'admission-webhook-fail-open');
    const before = new Map(history!.previous.admissionWebhooks.map((c) => [resourceKey(c), c]));
    const results: RuleResult[] = [];
    for (const config of snapshot.admissionWebhooks) {
      const resource = { kind: config.kind, name: config.name };
      const kept = standing.get(resourceKey(resource));
      const previous = before.get(resourceKey(resource));
      // Still open since the finding opened, or switched since the previous snapshot.
      const relaxed = config.webhooks.filter(
        (w) =>
          failsOpen(w) &&
          (kept?.was.includes(w.name) || previous?.webhooks.some((p) => p.name === w.name && !failsOpen(p))),
      );
      if (relaxed.length === 0) continue;
      const names = relaxed.map((w) => w.name).sort();
      results.push(
        driftResult(
          snapshot,
          resource,
          kept,
          names,
          (since) =>
            `${config.kind} ${config.name}: ${names.map((n) => `webhook "${n}"`).join(', ')} switched from ` +
            `failurePolicy Fail to Ignore (seen since ${since}): requests it cannot answer are admitted unchecked. ` +
            'Set it back to Fail.',
          relaxed.map((w) => `webhooks[${config.webhooks.indexOf(w)}].failurePolicy`),
        ),
      );
    }
    return results;
  },
};
