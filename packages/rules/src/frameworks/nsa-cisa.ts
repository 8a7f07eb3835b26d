import type { Control, Framework } from './types';

const POD = 'Kubernetes Pod security';
const NET = 'Network separation and hardening';
const AUTH = 'Authentication and authorization';
const AUDIT = 'Audit logging and threat detection';
const UPGRADE = 'Upgrading and application security practices';

/**
 * How a rule names a section: "Chapter: subsection" (or the chapter alone for its introduction),
 * compared without case.
 */
export const nsaSectionKey = (section: string) => section.trim().toLowerCase();

const control = (
  id: string,
  group: string,
  title: string,
  requirement: string,
  unjudged?: Control['unjudged'],
): Control => ({
  id,
  title,
  group,
  requirement,
  source: `NSA/CISA Kubernetes Hardening Guide v1.2 (August 2022), ${title === group ? `section "${group}"` : `section "${group}", "${title}"`}`,
  ...(unjudged ? { unjudged } : {}),
});

const manual = (reason: string) => ({ kind: 'MANUAL' as const, reason });

/** A control's key as rules reference it. */
export const nsaControlKey = (c: Control) => nsaSectionKey(c.title === c.group ? c.group : `${c.group}: ${c.title}`);

export const NSA_CISA_1_2: Framework = {
  id: 'nsa-cisa-1.2',
  name: 'NSA/CISA Kubernetes Hardening Guide',
  version: '1.2',
  publisher: 'National Security Agency and Cybersecurity and Infrastructure Security Agency',
  url: 'https://media.defense.gov/2022/Aug/29/2003066362/-1/-1/0/CTR_KUBERNETES_HARDENING_GUIDANCE_1.2_20220829.PDF',
  description: 'The hardening guidance of the NSA and CISA, one control per section of the guide.',
  controls: [
    control(
      'pod.non-root',
      POD,
      'Non-root containers and rootless container engines',
      'Containers run as non-root users; nothing runs privileged.',
    ),
    control(
      'pod.immutable-filesystem',
      POD,
      'Immutable container file systems',
      'Containers run with a read-only root file system.',
    ),
    control(
      'pod.secure-images',
      POD,
      'Building secure container images',
      'Images are minimal, come from trusted registries and are signed and verified.',
    ),
    control(
      'pod.security-enforcement',
      POD,
      'Pod security enforcement',
      'Pod security is enforced at admission (Pod Security Admission or a policy engine): no host namespaces, hostPath or privilege escalation.',
    ),
    control(
      'pod.service-account-tokens',
      POD,
      'Protecting Pod service account tokens',
      'Pods that do not need the API do not mount a service account token.',
    ),
    control(
      'pod.hardening-environments',
      POD,
      'Hardening container environments',
      'Containers run with seccomp and without the capabilities they do not need.',
    ),
    control(
      'net.separation',
      NET,
      NET,
      'The cluster is isolated from untrusted networks: nodes and services are not exposed to the Internet without restriction.',
    ),
    control(
      'net.namespaces',
      NET,
      'Namespaces',
      'Workloads are separated into namespaces; the default namespace is not used.',
    ),
    control('net.network-policies', NET, 'Network policies', 'Network policies select every pod and deny by default.'),
    control(
      'net.resource-policies',
      NET,
      'Resource policies',
      'Containers have resource limits (LimitRange, ResourceQuota or their own).',
    ),
    control(
      'net.control-plane',
      NET,
      'Control plane hardening',
      'The API server requires TLS and authentication and is not exposed publicly; no insecure port.',
    ),
    control('net.etcd', NET, 'Etcd', 'etcd is reachable only by the API server, over TLS.', {
      kind: 'NOT_EVALUABLE',
      reason: "etcd's configuration lives on the control-plane nodes, which the agent does not read.",
    }),
    control(
      'net.kubeconfig',
      NET,
      'Kubeconfig files',
      'Kubeconfig files are protected from unauthorised change.',
      manual("Files on the operators' machines and nodes; record how they are protected."),
    ),
    control(
      'net.worker-node-segmentation',
      NET,
      'Worker node segmentation',
      'Worker nodes sit in a network segment of their own, behind a firewall.',
      manual('Network topology outside the cluster; record the segmentation and firewall rules.'),
    ),
    control('net.encryption', NET, 'Encryption', 'Traffic is encrypted with TLS and Secrets are encrypted at rest.'),
    control(
      'net.secrets',
      NET,
      'Secrets',
      'Sensitive values are kept in Secrets (encrypted), not in configuration or the environment.',
    ),
    control(
      'net.cloud-infrastructure',
      NET,
      'Protecting sensitive cloud infrastructure',
      'Pods cannot reach the cloud metadata service or the credentials it serves.',
    ),
    control(
      'auth.authentication',
      AUTH,
      'Authentication',
      'Every request is authenticated; anonymous and static-file authentication are off.',
    ),
    control(
      'auth.rbac',
      AUTH,
      'Role-based access control',
      'RBAC is on and grants least privilege: no wildcards, no broad cluster-admin, groups rather than individuals.',
    ),
    control(
      'audit.logging',
      AUDIT,
      'Logging',
      'API server audit logging is on, with a policy, and logs are kept off the cluster.',
    ),
    control(
      'audit.threat-detection',
      AUDIT,
      'Threat detection',
      'Logs are analysed and alert on suspicious activity (SIEM, alerting, service meshes, fault tolerance).',
      manual('A property of the monitoring in place; record the detection and alerting set up.'),
    ),
    control(
      'upgrade.practices',
      UPGRADE,
      UPGRADE,
      'Kubernetes and its workloads are kept up to date and are rebuilt and redeployed easily.',
    ),
  ],
};
