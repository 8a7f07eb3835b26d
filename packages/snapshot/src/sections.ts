import { WORKLOAD_KINDS } from './kinds';

/**
 * The parts of a snapshot rules can ask for, and the kinds each one stands on. A rule whose
 * section was not fully collected is "not evaluable", never "passing".
 */
export const SECTION_KINDS = {
  workloads: [...WORKLOAD_KINDS],
  namespaces: ['Namespace'],
  serviceAccounts: ['ServiceAccount'],
  rbac: ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'],
  nodes: ['Node'],
  services: ['Service'],
  ingresses: ['Ingress'],
  networkPolicies: ['NetworkPolicy'],
  quotas: ['LimitRange', 'ResourceQuota'],
  configMaps: ['ConfigMap'],
  admission: ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'ValidatingAdmissionPolicy'],
  policyEngines: ['ClusterPolicy', 'Policy', 'ConstraintTemplate', 'ClusterImagePolicy'],
  apiServer: ['ApiServerFlags'],
  serverVersion: ['ServerVersion'],
} as const;

export type SnapshotSection = keyof typeof SECTION_KINDS;

/** Every kind that can appear in `collection`. */
export const COLLECTED_KINDS: readonly string[] = [...new Set(Object.values(SECTION_KINDS).flat())];
