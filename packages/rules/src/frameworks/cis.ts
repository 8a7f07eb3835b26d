import type { Control, Framework } from './types';

const source = (id: string, title: string) => `CIS Kubernetes Benchmark v1.10.0, recommendation ${id} "${title}"`;

const control = (
  group: string,
  id: string,
  title: string,
  requirement: string,
  unjudged?: Control['unjudged'],
): Control => ({ id, title, group, requirement, source: source(id, title), ...(unjudged ? { unjudged } : {}) });

const manual = (reason: string) => ({ kind: 'MANUAL' as const, reason });
const notEvaluable = (reason: string) => ({ kind: 'NOT_EVALUABLE' as const, reason });

const API = '1.2 API Server';
const RBAC = '5.1 RBAC and Service Accounts';
const PSS = '5.2 Pod Security Standards';
const NET = '5.3 Network Policies and CNI';
const SECRETS = '5.4 Secrets Management';
const ADMISSION = '5.5 Extensible Admission Control';
const GENERAL = '5.7 General Policies';

/**
 * Section 5 (policies) in full, and the API server recommendations of section 1.2 that the agent's
 * view of the kube-apiserver flags can judge. The rest of sections 1–4 audits files and processes
 * on the nodes themselves, which an in-cluster agent reading the API does not see.
 */
export const CIS_1_10: Framework = {
  id: 'cis-1.10',
  name: 'CIS Kubernetes Benchmark',
  version: '1.10.0',
  publisher: 'Center for Internet Security',
  url: 'https://www.cisecurity.org/benchmark/kubernetes',
  description:
    'Policies (section 5) and the API server flags (section 1.2) of the CIS Kubernetes Benchmark; the node ' +
    'file and process checks of sections 1–4 need access to the nodes and are out of scope.',
  controls: [
    control(
      API,
      '1.2.1',
      'Ensure that the --anonymous-auth argument is set to false',
      'Anonymous requests to the API server are disabled.',
    ),
    control(
      API,
      '1.2.2',
      'Ensure that the --token-auth-file parameter is not set',
      'The API server does not authenticate with a static token file.',
    ),
    control(
      API,
      '1.2.6',
      'Ensure that the --authorization-mode argument is not set to AlwaysAllow',
      'Every request is authorised; AlwaysAllow is not among the modes.',
    ),
    control(
      API,
      '1.2.8',
      'Ensure that the --authorization-mode argument includes RBAC',
      'RBAC is among the authorisation modes.',
      manual(
        'Kubeward flags ABAC (abac-authorization) and AlwaysAllow (1.2.6) but does not yet check that RBAC is among the modes; confirm --authorization-mode.',
      ),
    ),
    control(
      API,
      '1.2.16',
      'Ensure that the --audit-log-path argument is set',
      'The API server writes an audit log, under an audit policy.',
    ),
    control(
      API,
      '1.2.27',
      'Ensure that the --encryption-provider-config argument is set as appropriate',
      'Secrets are encrypted at rest in etcd.',
    ),
    control(
      RBAC,
      '5.1.1',
      'Ensure that the cluster-admin role is only used where required',
      'cluster-admin is bound only to subjects that need it; no broad subject holds it.',
    ),
    control(RBAC, '5.1.2', 'Minimize access to secrets', 'Few subjects can get, list or watch Secrets.'),
    control(
      RBAC,
      '5.1.3',
      'Minimize wildcard use in Roles and ClusterRoles',
      'Roles name their resources and verbs instead of "*".',
    ),
    control(
      RBAC,
      '5.1.4',
      'Minimize access to create pods',
      'Few subjects can create pods (creating a pod can reach any secret and service account of its namespace).',
    ),
    control(
      RBAC,
      '5.1.5',
      'Ensure that default service accounts are not actively used',
      'Workloads run under service accounts of their own, not "default".',
    ),
    control(
      RBAC,
      '5.1.6',
      'Ensure that Service Account Tokens are only mounted where necessary',
      'Pods that do not call the API do not mount a service account token.',
    ),
    control(
      RBAC,
      '5.1.7',
      'Avoid use of system:masters group',
      'No binding relies on the system:masters group (its members, named in client certificates the API does not list, still need a review of issued certificates).',
    ),
    control(
      RBAC,
      '5.1.8',
      'Limit use of the Bind, Impersonate and Escalate permissions in the Kubernetes cluster',
      'Few subjects hold bind, escalate or impersonate.',
    ),
    control(
      RBAC,
      '5.1.9',
      'Minimize access to create persistent volumes',
      'Few subjects can create PersistentVolumes (a hostPath volume reaches the node).',
    ),
    control(
      RBAC,
      '5.1.10',
      'Minimize access to the proxy sub-resource of nodes',
      'Few subjects can use nodes/proxy (it reaches the kubelet API).',
    ),
    control(
      RBAC,
      '5.1.11',
      'Minimize access to the approval sub-resource of certificatesigningrequests objects',
      'Few subjects can approve certificate signing requests.',
    ),
    control(
      RBAC,
      '5.1.12',
      'Minimize access to webhook configuration objects',
      'Few subjects can change validating or mutating webhook configurations.',
    ),
    control(
      RBAC,
      '5.1.13',
      'Minimize access to the service account token creation',
      'Few subjects can create service account tokens.',
    ),
    control(
      PSS,
      '5.2.1',
      'Ensure that the cluster has at least one active policy control mechanism in place',
      'Pod Security Admission or a policy engine guards every namespace with user workloads.',
    ),
    control(PSS, '5.2.2', 'Minimize the admission of privileged containers', 'No container runs privileged.'),
    control(
      PSS,
      '5.2.3',
      'Minimize the admission of containers wishing to share the host process ID namespace',
      'No pod sets hostPID.',
    ),
    control(
      PSS,
      '5.2.4',
      'Minimize the admission of containers wishing to share the host IPC namespace',
      'No pod sets hostIPC.',
    ),
    control(
      PSS,
      '5.2.5',
      'Minimize the admission of containers wishing to share the host network namespace',
      'No pod sets hostNetwork.',
    ),
    control(
      PSS,
      '5.2.6',
      'Minimize the admission of containers with allowPrivilegeEscalation',
      'Containers set allowPrivilegeEscalation: false.',
    ),
    control(PSS, '5.2.7', 'Minimize the admission of root containers', 'Containers run as a non-root user.'),
    control(
      PSS,
      '5.2.8',
      'Minimize the admission of containers with the NET_RAW capability',
      'Containers drop NET_RAW (dropping ALL does).',
    ),
    control(
      PSS,
      '5.2.9',
      'Minimize the admission of containers with added capabilities',
      'Containers add no capabilities beyond what they need.',
    ),
    control(
      PSS,
      '5.2.10',
      'Minimize the admission of containers with capabilities assigned',
      'Containers that need no capabilities drop them all.',
    ),
    control(
      PSS,
      '5.2.11',
      'Minimize the admission of Windows HostProcess containers',
      'No pod runs a Windows HostProcess container.',
      notEvaluable(
        'The agent does not collect windowsOptions; clusters without Windows nodes satisfy this control by construction.',
      ),
    ),
    control(PSS, '5.2.12', 'Minimize the admission of HostPath volumes', 'No pod mounts a hostPath volume.'),
    control(
      PSS,
      '5.2.13',
      'Minimize the admission of containers which use HostPorts',
      'No container binds a hostPort.',
    ),
    control(
      NET,
      '5.3.1',
      'Ensure that the CNI in use supports NetworkPolicies',
      'The network plugin enforces NetworkPolicies.',
      manual(
        'Whether the CNI enforces policies is a property of the plugin, not of any object; record the plugin and its documentation.',
      ),
    ),
    control(
      NET,
      '5.3.2',
      'Ensure that all Namespaces have NetworkPolicies defined',
      'Every namespace with workloads has a NetworkPolicy selecting them.',
    ),
    control(
      SECRETS,
      '5.4.1',
      'Prefer using Secrets as files over Secrets as environment variables',
      'Secret values are not written into environment variables.',
    ),
    control(
      SECRETS,
      '5.4.2',
      'Consider external secret storage',
      'Secrets are kept in an external store (a vault, a cloud secret manager) where the organisation requires it.',
      manual('A decision of the organisation; record the secret store in use.'),
    ),
    control(
      ADMISSION,
      '5.5.1',
      'Configure Image Provenance using ImagePolicyWebhook admission controller',
      'Only images of known provenance are admitted.',
    ),
    control(
      GENERAL,
      '5.7.1',
      'Create administrative boundaries between resources using namespaces',
      'Namespaces separate teams and applications.',
      manual("Whether namespaces match the organisation's boundaries is a judgement; record the namespace plan."),
    ),
    control(
      GENERAL,
      '5.7.2',
      'Ensure that the seccomp profile is set to docker/default in your Pod definitions',
      'Pods set seccompProfile RuntimeDefault (or a Localhost profile).',
    ),
    control(
      GENERAL,
      '5.7.3',
      'Apply SecurityContext to your Pods and Containers',
      'Pods and containers carry a security context suited to them.',
      manual('Judged in its parts by the section 5.2 controls; the fitness of the whole is a review.'),
    ),
    control(GENERAL, '5.7.4', 'The default namespace should not be used', 'No workload runs in the default namespace.'),
  ],
};
