import { slug } from './slug';
import type { Control, Framework } from './types';

const URL = 'https://kubernetes.io/docs/concepts/security/pod-security-standards/';

/** A PSS control's id: its level and its name, as the policy table spells it. */
export const pssControlId = (level: 'baseline' | 'restricted', name: string) => `${level}/${slug(name)}`;

const control = (
  level: 'baseline' | 'restricted',
  title: string,
  requirement: string,
  unjudged?: Control['unjudged'],
): Control => ({
  id: pssControlId(level, title),
  title,
  group: level === 'baseline' ? 'Baseline' : 'Restricted',
  requirement,
  source: `Pod Security Standards (Kubernetes v1.31), ${level === 'baseline' ? 'Baseline' : 'Restricted'} policy, control "${title}"`,
  ...(unjudged ? { unjudged } : {}),
});

const BASELINE: Control[] = [
  control('baseline', 'HostProcess', 'Windows pods do not run HostProcess containers.'),
  control('baseline', 'Host Namespaces', 'Pods do not share the host network, PID or IPC namespaces.'),
  control('baseline', 'Privileged Containers', 'No container runs privileged.'),
  control('baseline', 'Capabilities', 'Containers add no capabilities beyond the default set.'),
  control('baseline', 'HostPath Volumes', 'Pods mount no hostPath volume.'),
  control('baseline', 'Host Ports', 'Containers bind no hostPort (or only known ports).'),
  control('baseline', 'AppArmor', 'No container overrides the default AppArmor profile with unconfined.'),
  control('baseline', 'SELinux', 'Containers set no custom SELinux user or role, and only the allowed types.'),
  control('baseline', '/proc Mount Type', 'Containers keep the default masked /proc.'),
  control('baseline', 'Seccomp', 'No pod or container sets the seccomp profile Unconfined.', {
    kind: 'MANUAL',
    reason:
      'Kubeward judges the stricter restricted control (a profile must be set): a pod that sets none passes this ' +
      'control yet fails that rule, so its findings cannot tell. Where restricted/seccomp passes, this control passes too.',
  }),
  control('baseline', 'Sysctls', 'Pods set only the safe sysctls.'),
];

const RESTRICTED: Control[] = [
  control(
    'restricted',
    'Volume Types',
    'Pods use only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected and secret volumes.',
  ),
  control('restricted', 'Privilege Escalation', 'Containers set allowPrivilegeEscalation: false.'),
  control('restricted', 'Running as Non-root', 'Pods or all their containers set runAsNonRoot: true.'),
  control('restricted', 'Running as Non-root user', 'No pod or container sets runAsUser: 0.'),
  control('restricted', 'Seccomp', 'Pods or all their containers set seccompProfile RuntimeDefault or Localhost.'),
  control('restricted', 'Capabilities', 'Containers drop ALL capabilities and add back at most NET_BIND_SERVICE.'),
];

export const PSS_BASELINE: Framework = {
  id: 'pss-baseline',
  name: 'Pod Security Standards: Baseline',
  version: 'v1.31',
  publisher: 'Kubernetes',
  url: URL,
  description: 'The minimally restrictive policy: prevents known privilege escalations.',
  controls: BASELINE,
};

/** Restricted includes every baseline control. */
export const PSS_RESTRICTED: Framework = {
  id: 'pss-restricted',
  name: 'Pod Security Standards: Restricted',
  version: 'v1.31',
  publisher: 'Kubernetes',
  url: URL,
  description: 'Heavily restricted, current pod hardening best practice; includes the baseline policy.',
  controls: [...BASELINE, ...RESTRICTED],
};
