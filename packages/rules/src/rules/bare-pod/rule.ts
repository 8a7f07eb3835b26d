import type { Rule } from '../../types';
import { workloadResult } from '../../workload';

export const barePod: Rule = {
  id: 'bare-pod',
  title: 'Pod has no controller',
  area: 'containers',
  practice: 'Easy to rebuild and redeploy',
  severity: 'LOW',
  rationale:
    'A pod created directly is not rescheduled when its node fails, cannot be rolled out or back, and is ' +
    'usually a hand-made exception nobody remembers. Deployments, StatefulSets, DaemonSets and Jobs recreate it.',
  remediation: {
    text: 'Run it under a Deployment (or a StatefulSet, DaemonSet or Job) instead.',
    yaml: `apiVersion: apps/v1
kind: Deployment
metadata: { name: app }
spec:
  replicas: 1
  selector: { matchLabels: { app: app } }
  template:
    metadata: { labels: { app: app } }
    spec:
      containers: [{ name: app, image: ghcr.io/acme/app:1.4.2 }]`,
  },
  references: [{ framework: 'NSA-CISA-1.2', section: 'Upgrading and application security practices' }],
  needs: ['workloads'],
  local: true,
  evaluate(snapshot) {
    return snapshot.workloads
      .filter((w) => w.kind === 'Pod' && !w.owner)
      .map((w) =>
        workloadResult(
          w,
          'is not managed by any controller',
          'Run it under a Deployment, StatefulSet, DaemonSet or Job.',
          ['metadata.ownerReferences'],
        ),
      );
  },
};
