/**
 * What the agent lists, in this order: controllers before what they control, so that a
 * Deployment's ReplicaSets and Pods are recognised and dropped as they stream in. The agent's
 * ClusterRole (apps/agent/deploy/10-rbac.yaml) grants get/list/watch on exactly these, which a
 * test checks. Secrets are not here, and never will be.
 */
export interface CollectedKind {
  /** '' for the core group. */
  group: string;
  version: string;
  kind: string;
  /** The resource name in URLs and RBAC rules. */
  plural: string;
  namespaced: boolean;
  /** Custom resources of optional products: a 404 just means "not installed". */
  optional?: boolean;
}

const core = (kind: string, plural: string, namespaced = true): CollectedKind => ({
  group: '',
  version: 'v1',
  kind,
  plural,
  namespaced,
});
const of =
  (group: string, version = 'v1') =>
  (kind: string, plural: string, namespaced = true, optional?: true): CollectedKind => ({
    group,
    version,
    kind,
    plural,
    namespaced,
    ...(optional ? { optional } : {}),
  });
const apps = of('apps');
const batch = of('batch');
const rbac = of('rbac.authorization.k8s.io');
const networking = of('networking.k8s.io');
const admission = of('admissionregistration.k8s.io');

export const COLLECTED: readonly CollectedKind[] = [
  core('Namespace', 'namespaces', false),
  batch('CronJob', 'cronjobs'),
  batch('Job', 'jobs'),
  apps('Deployment', 'deployments'),
  apps('ReplicaSet', 'replicasets'),
  apps('StatefulSet', 'statefulsets'),
  apps('DaemonSet', 'daemonsets'),
  core('Pod', 'pods'),
  core('ServiceAccount', 'serviceaccounts'),
  rbac('ClusterRole', 'clusterroles', false),
  rbac('Role', 'roles'),
  rbac('ClusterRoleBinding', 'clusterrolebindings', false),
  rbac('RoleBinding', 'rolebindings'),
  core('Node', 'nodes', false),
  core('Service', 'services'),
  core('ConfigMap', 'configmaps'),
  core('LimitRange', 'limitranges'),
  core('ResourceQuota', 'resourcequotas'),
  networking('Ingress', 'ingresses'),
  networking('NetworkPolicy', 'networkpolicies'),
  admission('ValidatingWebhookConfiguration', 'validatingwebhookconfigurations', false),
  admission('MutatingWebhookConfiguration', 'mutatingwebhookconfigurations', false),
  admission('ValidatingAdmissionPolicy', 'validatingadmissionpolicies', false),
  admission('ValidatingAdmissionPolicyBinding', 'validatingadmissionpolicybindings', false),
  of('kyverno.io')('ClusterPolicy', 'clusterpolicies', false, true),
  of('kyverno.io')('Policy', 'policies', true, true),
  of('templates.gatekeeper.sh')('ConstraintTemplate', 'constrainttemplates', false, true),
  of('policy.sigstore.dev', 'v1beta1')('ClusterImagePolicy', 'clusterimagepolicies', false, true),
];

/** The cluster-wide list URL of a kind, e.g. `/apis/apps/v1/deployments`. */
export const listPath = (k: CollectedKind): string =>
  k.group ? `/apis/${k.group}/${k.version}/${k.plural}` : `/api/${k.version}/${k.plural}`;

/** One object's URL, e.g. `/api/v1/namespaces/shop/pods/web-0`. */
export function objectPath(k: CollectedKind, namespace: string, name: string): string {
  const root = k.group ? `/apis/${k.group}/${k.version}` : `/api/${k.version}`;
  const at = k.namespaced ? `${root}/namespaces/${encodeURIComponent(namespace)}` : root;
  return `${at}/${k.plural}/${encodeURIComponent(name)}`;
}

/** A kind's group/version, e.g. `apps/v1` (`v1` for the core group). */
export const apiVersionOf = (k: CollectedKind): string => (k.group ? `${k.group}/${k.version}` : k.version);
