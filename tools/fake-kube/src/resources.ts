/** The API paths the fake serves, as the real API server lays them out. */
export interface ResourceType {
  kind: string;
  plural: string;
  /** '' for the core group. */
  group: string;
  version: string;
  namespaced: boolean;
  /** A custom resource: its API exists only when its CRD is installed. */
  crd?: boolean;
}

export const RESOURCE_TYPES: ResourceType[] = [
  { kind: 'Namespace', plural: 'namespaces', group: '', version: 'v1', namespaced: false },
  { kind: 'Pod', plural: 'pods', group: '', version: 'v1', namespaced: true },
  { kind: 'ServiceAccount', plural: 'serviceaccounts', group: '', version: 'v1', namespaced: true },
  { kind: 'Service', plural: 'services', group: '', version: 'v1', namespaced: true },
  { kind: 'Node', plural: 'nodes', group: '', version: 'v1', namespaced: false },
  { kind: 'ConfigMap', plural: 'configmaps', group: '', version: 'v1', namespaced: true },
  { kind: 'Secret', plural: 'secrets', group: '', version: 'v1', namespaced: true },
  { kind: 'Deployment', plural: 'deployments', group: 'apps', version: 'v1', namespaced: true },
  { kind: 'StatefulSet', plural: 'statefulsets', group: 'apps', version: 'v1', namespaced: true },
  { kind: 'DaemonSet', plural: 'daemonsets', group: 'apps', version: 'v1', namespaced: true },
  { kind: 'ReplicaSet', plural: 'replicasets', group: 'apps', version: 'v1', namespaced: true },
  { kind: 'Job', plural: 'jobs', group: 'batch', version: 'v1', namespaced: true },
  { kind: 'CronJob', plural: 'cronjobs', group: 'batch', version: 'v1', namespaced: true },
  { kind: 'Role', plural: 'roles', group: 'rbac.authorization.k8s.io', version: 'v1', namespaced: true },
  { kind: 'ClusterRole', plural: 'clusterroles', group: 'rbac.authorization.k8s.io', version: 'v1', namespaced: false },
  { kind: 'RoleBinding', plural: 'rolebindings', group: 'rbac.authorization.k8s.io', version: 'v1', namespaced: true },
  {
    kind: 'ClusterRoleBinding',
    plural: 'clusterrolebindings',
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    namespaced: false,
  },
  { kind: 'LimitRange', plural: 'limitranges', group: '', version: 'v1', namespaced: true },
  { kind: 'ResourceQuota', plural: 'resourcequotas', group: '', version: 'v1', namespaced: true },
  { kind: 'Ingress', plural: 'ingresses', group: 'networking.k8s.io', version: 'v1', namespaced: true },
  { kind: 'NetworkPolicy', plural: 'networkpolicies', group: 'networking.k8s.io', version: 'v1', namespaced: true },
  {
    kind: 'ValidatingWebhookConfiguration',
    plural: 'validatingwebhookconfigurations',
    group: 'admissionregistration.k8s.io',
    version: 'v1',
    namespaced: false,
  },
  {
    kind: 'MutatingWebhookConfiguration',
    plural: 'mutatingwebhookconfigurations',
    group: 'admissionregistration.k8s.io',
    version: 'v1',
    namespaced: false,
  },
  {
    kind: 'ValidatingAdmissionPolicy',
    plural: 'validatingadmissionpolicies',
    group: 'admissionregistration.k8s.io',
    version: 'v1',
    namespaced: false,
  },
  {
    kind: 'ValidatingAdmissionPolicyBinding',
    plural: 'validatingadmissionpolicybindings',
    group: 'admissionregistration.k8s.io',
    version: 'v1',
    namespaced: false,
  },
  // Custom resources: served only when the cluster holds some (their CRD is "installed").
  {
    kind: 'ClusterPolicy',
    plural: 'clusterpolicies',
    group: 'kyverno.io',
    version: 'v1',
    namespaced: false,
    crd: true,
  },
  { kind: 'Policy', plural: 'policies', group: 'kyverno.io', version: 'v1', namespaced: true, crd: true },
  {
    kind: 'ConstraintTemplate',
    plural: 'constrainttemplates',
    group: 'templates.gatekeeper.sh',
    version: 'v1',
    namespaced: false,
    crd: true,
  },
  {
    kind: 'ClusterImagePolicy',
    plural: 'clusterimagepolicies',
    group: 'policy.sigstore.dev',
    version: 'v1beta1',
    namespaced: false,
    crd: true,
  },
];

export const BY_KIND = new Map(RESOURCE_TYPES.map((t) => [t.kind, t]));

export const apiVersionOf = (t: ResourceType): string => (t.group ? `${t.group}/${t.version}` : t.version);

/** `/api/v1/pods`, `/apis/apps/v1/namespaces/x/deployments`… */
export function listPath(t: ResourceType, namespace?: string): string {
  const root = t.group ? `/apis/${t.group}/${t.version}` : `/api/${t.version}`;
  return namespace ? `${root}/namespaces/${namespace}/${t.plural}` : `${root}/${t.plural}`;
}
