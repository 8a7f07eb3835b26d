/**
 * What the agent lists, in this order: controllers before what they control, so that a
 * Deployment's ReplicaSets and Pods are recognised and dropped as they stream in. The agent's
 * ClusterRole grants get/list/watch on exactly these (apps/agent/deploy). Secrets are not here,
 * and never will be.
 */
export interface CollectedKind {
  apiVersion: string;
  kind: string;
  /** Custom resources of optional products: a 404 just means "not installed". */
  optional?: boolean;
}

export const COLLECTED: readonly CollectedKind[] = [
  { apiVersion: 'v1', kind: 'Namespace' },
  { apiVersion: 'batch/v1', kind: 'CronJob' },
  { apiVersion: 'batch/v1', kind: 'Job' },
  { apiVersion: 'apps/v1', kind: 'Deployment' },
  { apiVersion: 'apps/v1', kind: 'ReplicaSet' },
  { apiVersion: 'apps/v1', kind: 'StatefulSet' },
  { apiVersion: 'apps/v1', kind: 'DaemonSet' },
  { apiVersion: 'v1', kind: 'Pod' },
  { apiVersion: 'v1', kind: 'ServiceAccount' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding' },
  { apiVersion: 'v1', kind: 'Node' },
  { apiVersion: 'v1', kind: 'Service' },
  { apiVersion: 'v1', kind: 'ConfigMap' },
  { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' },
  { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration' },
  { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration' },
  { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy' },
  { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicyBinding' },
  { apiVersion: 'kyverno.io/v1', kind: 'ClusterPolicy', optional: true },
  { apiVersion: 'kyverno.io/v1', kind: 'Policy', optional: true },
  { apiVersion: 'templates.gatekeeper.sh/v1', kind: 'ConstraintTemplate', optional: true },
  { apiVersion: 'policy.sigstore.dev/v1beta1', kind: 'ClusterImagePolicy', optional: true },
];
