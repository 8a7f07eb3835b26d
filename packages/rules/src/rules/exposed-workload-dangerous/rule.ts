import { accountPowers } from '../../escalation';
import { exposures } from '../../exposure';
import { POWERS } from '../../permissions';
import { tokenMounted } from '../../service-accounts';
import type { Rule, RuleResult } from '../../types';
import { podField, podSpecPath, workloadResult } from '../../workload';

export const exposedWorkloadDangerous: Rule = {
  id: 'exposed-workload-dangerous',
  title: 'A workload reachable from outside the cluster can take over its node or the cluster',
  area: 'cluster',
  practice: 'Isolated from the Internet',
  severity: 'HIGH',
  rationale:
    'A misconfiguration matters most where an attacker can reach it. A workload behind a LoadBalancer, a NodePort, ' +
    'externalIPs or an Ingress that also runs privileged, mounts a host path, shares the host network or mounts a ' +
    'token with dangerous RBAC is one exploitable bug away from the node or the cluster. CRITICAL when the way in ' +
    'is open to the Internet; HIGH when it is limited (internal load balancer, source ranges, private nodes).',
  remediation: {
    text: 'Take the privilege away from the exposed workload (split the part that needs it into an internal one), or stop exposing it.',
    yaml: `spec:
  template:
    spec:
      automountServiceAccountToken: false
      containers:
        - name: web
          securityContext:
            privileged: false
            allowPrivilegeEscalation: false`,
  },
  references: [
    { framework: 'NSA-CISA-1.2', section: 'Network separation and hardening' },
    { framework: 'NSA-CISA-1.2', section: 'Kubernetes Pod security: pod security enforcement' },
  ],
  // Ingresses, nodes and RBAC sharpen the verdict; manifests rarely carry them all.
  needs: ['workloads', 'services'],
  local: true,
  evaluate(snapshot) {
    const results: RuleResult[] = [];
    const reached = exposures(snapshot);
    for (const w of snapshot.workloads) {
      const ways = reached.get(w);
      if (!ways) continue;
      const spec = w.podSpec;
      const dangers: string[] = [];
      const paths: string[] = [];
      for (const c of spec.containers) {
        if (c.securityContext.privileged) {
          dangers.push(`runs container "${c.name}" privileged`);
          paths.push(`${podSpecPath(w)}.${c.type}[${c.index}].securityContext.privileged`);
        }
      }
      spec.volumes.forEach((v, i) => {
        if (!v.hostPath) return;
        dangers.push(`mounts the host path ${v.hostPath.path}`);
        paths.push(`${podSpecPath(w)}.volumes[${i}].hostPath`);
      });
      if (spec.hostNetwork) {
        dangers.push("shares the node's network");
        paths.push(...podField(w, 'hostNetwork'));
      }
      if (tokenMounted(snapshot, w)) {
        const powers = accountPowers(snapshot, w.namespace, spec.serviceAccountName);
        if (powers.length > 0) {
          dangers.push(
            `mounts the token of service account "${spec.serviceAccountName}", which can ${powers.map((p) => POWERS[p].label).join(', ')}`,
          );
          paths.push(...podField(w, 'serviceAccountName'));
        }
      }
      if (dangers.length === 0) continue;
      const open = ways.some((e) => e.public);
      const result = workloadResult(
        w,
        `is reachable from outside the cluster through ${ways.map((e) => e.via).join('; ')}, and ${dangers.join(', ')}`,
        'Remove the privilege from the exposed workload, or stop exposing it.',
        paths,
      );
      result.severity = open ? 'CRITICAL' : 'HIGH';
      results.push(result);
    }
    return results;
  },
};
