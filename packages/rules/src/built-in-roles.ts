import type { PolicyRule, Role } from '@kubeward/snapshot';

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const rule = (apiGroups: string[], resources: string[], verbs: string[]): PolicyRule => ({
  apiGroups,
  resources,
  verbs,
  resourceNames: [],
  nonResourceURLs: [],
});

const VIEW: PolicyRule[] = [
  rule(
    [''],
    [
      'pods',
      'pods/log',
      'pods/status',
      'replicationcontrollers',
      'replicationcontrollers/scale',
      'replicationcontrollers/status',
      'serviceaccounts',
      'services',
      'services/status',
      'endpoints',
      'persistentvolumeclaims',
      'persistentvolumeclaims/status',
      'configmaps',
      'limitranges',
      'resourcequotas',
      'resourcequotas/status',
      'bindings',
      'events',
      'namespaces',
      'namespaces/status',
    ],
    READ,
  ),
  rule(['discovery.k8s.io'], ['endpointslices'], READ),
  rule(
    ['apps'],
    ['controllerrevisions', 'daemonsets', 'deployments', 'replicasets', 'statefulsets', '*/scale', '*/status'],
    READ,
  ),
  rule(['autoscaling'], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status'], READ),
  rule(['batch'], ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status'], READ),
  rule(['policy'], ['poddisruptionbudgets', 'poddisruptionbudgets/status'], READ),
  rule(['networking.k8s.io'], ['ingresses', 'ingresses/status', 'networkpolicies'], READ),
];

const EDIT: PolicyRule[] = [
  ...VIEW,
  rule([''], ['pods', 'pods/attach', 'pods/proxy', 'pods/exec', 'pods/portforward'], [...READ, ...WRITE]),
  rule([''], ['serviceaccounts'], ['impersonate']),
  rule([''], ['serviceaccounts/token'], ['create']),
  rule(
    [''],
    [
      'replicationcontrollers',
      'replicationcontrollers/scale',
      'serviceaccounts',
      'services',
      'services/proxy',
      'persistentvolumeclaims',
      'configmaps',
      'secrets',
      'events',
    ],
    [...READ, ...WRITE],
  ),
  rule(
    ['apps'],
    [
      'daemonsets',
      'deployments',
      'deployments/rollback',
      'deployments/scale',
      'replicasets',
      'replicasets/scale',
      'statefulsets',
      'statefulsets/scale',
    ],
    WRITE,
  ),
  rule(['autoscaling'], ['horizontalpodautoscalers'], WRITE),
  rule(['batch'], ['cronjobs', 'jobs'], WRITE),
  rule(['policy'], ['poddisruptionbudgets'], WRITE),
  rule(['networking.k8s.io'], ['ingresses', 'networkpolicies'], WRITE),
];

const ADMIN: PolicyRule[] = [
  ...EDIT,
  rule(['authorization.k8s.io'], ['localsubjectaccessreviews'], ['create']),
  rule(['rbac.authorization.k8s.io'], ['rolebindings', 'roles'], [...READ, ...WRITE]),
];

const clusterRole = (name: string, rules: PolicyRule[]): Role => ({ kind: 'ClusterRole', name, labels: {}, rules });

/**
 * The default user-facing ClusterRoles every cluster has (Kubernetes' RBAC bootstrap policy, as of
 * 1.31–1.35, aggregated rules flattened). Manifests bind them without defining them, so RBAC judged
 * from files uses these when a snapshot lacks them; a live cluster's own copies always win.
 */
export const BUILT_IN_CLUSTER_ROLES: readonly Role[] = [
  clusterRole('cluster-admin', [rule(['*'], ['*'], ['*'])]),
  clusterRole('admin', ADMIN),
  clusterRole('edit', EDIT),
  clusterRole('view', VIEW),
];
