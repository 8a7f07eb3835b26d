import type { Rule, RuleResult } from '../../types';
import { describeResource, podSpecPath, resourceOf } from '../../workload';

/** Host paths that hand over the node: the root, its configuration, the kubelet or a container runtime. */
const SENSITIVE = [
  '/',
  '/etc',
  '/proc',
  '/sys',
  '/root',
  '/var/lib/kubelet',
  '/var/lib/docker',
  '/var/lib/containerd',
  '/var/run',
  '/run',
  '/var/run/docker.sock',
  '/run/containerd',
  '/var/run/containerd',
  '/run/containerd/containerd.sock',
  '/var/run/containerd/containerd.sock',
  '/var/run/crio',
  '/var/run/crio/crio.sock',
  '/run/crio/crio.sock',
  '/etc/kubernetes',
];

function normalisePath(p: string): string {
  const trimmed = p.replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed;
}

export function isSensitiveHostPath(p: string): boolean {
  const path = normalisePath(p);
  return SENSITIVE.includes(path) || path.endsWith('.sock');
}

export const hostPathVolume: Rule = {
  id: 'host-path-volume',
  title: 'Pod mounts a directory of the host',
  area: 'pods',
  practice: 'No hostPath',
  severity: 'HIGH',
  rationale:
    "A hostPath volume gives the pod the node's own files. Writable, it lets a compromised container plant " +
    "binaries or read other pods' data; the root, /etc, the kubelet's directory or a container runtime " +
    'socket hand over the whole node.',
  remediation: {
    text: 'Replace the hostPath volume with an emptyDir, a ConfigMap, or a PersistentVolumeClaim. A node agent that truly needs it should mount it read-only.',
    yaml: `spec:
  volumes:
    - name: data
      emptyDir: {}`,
  },
  references: [
    { framework: 'PSS', level: 'baseline', control: 'HostPath Volumes' },
    { framework: 'CIS-1.10', control: '5.2.12' },
    { framework: 'NSA-CISA-1.2', section: 'Kubernetes Pod security: pod security enforcement' },
  ],
  needs: ['workloads'],
  local: true,
  evaluate(snapshot) {
    const results: RuleResult[] = [];
    for (const w of snapshot.workloads) {
      w.podSpec.volumes.forEach((v, i) => {
        if (!v.hostPath) return;
        const sensitive = isSensitiveHostPath(v.hostPath.path);
        results.push({
          resource: resourceOf(w),
          message:
            `${describeResource(resourceOf(w))} mounts the host path ${v.hostPath.path} (volume "${v.name}")` +
            (sensitive ? ', which gives access to the node itself.' : '.') +
            ' Use an emptyDir, ConfigMap or PersistentVolumeClaim instead.',
          paths: [`${podSpecPath(w)}.volumes[${i}].hostPath`],
          severity: sensitive ? 'CRITICAL' : undefined,
        });
      });
    }
    return results;
  },
};
