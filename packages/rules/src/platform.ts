import type { ResourceRef } from './types';

/**
 * Well-known node agents and system components that need host access by design. Their findings
 * are marked `platform` (shown, not alerted by default): noise is the first thing users of peer
 * tools complain about. Matched by name prefix within the system namespaces, or by namespace for
 * those a distribution owns outright (openshift-*, gke-managed-*, kube-*): EKS, GKE, AKS, OpenShift,
 * k3s and kind components are known.
 */
const SYSTEM_NAMESPACES = new Set([
  'kube-system',
  'calico-system',
  'calico-apiserver',
  'tigera-operator',
  'cilium',
  'kube-flannel',
  // EKS add-ons and Container Insights.
  'amazon-cloudwatch',
  'amazon-guardduty',
  // GKE managed Prometheus.
  'gke-gmp-system',
  'gmp-system',
  // kind's storage.
  'local-path-storage',
]);
/** Namespaces a distribution owns outright: every workload in them is the platform's. */
const PLATFORM_NAMESPACE_PREFIXES = ['openshift-', 'gke-managed-', 'kube-'];
const PLATFORM_PREFIXES = [
  'kube-proxy',
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'etcd',
  'coredns',
  'calico-node',
  'calico-kube-controllers',
  'calico-typha',
  'csi-node-driver',
  'cilium',
  'kube-flannel',
  'aws-node',
  'azure-cni',
  'azure-ip-masq-agent',
  'weave-net',
  'konnectivity-agent',
  'ebs-csi-node',
  'efs-csi-node',
  'azuredisk-csi',
  'azurefile-csi',
  'pdcsi-node',
  'gke-metadata-server',
  'gke-metrics-agent',
  'fluentbit-gke',
  'ip-masq-agent',
  'node-local-dns',
  'nvidia-device-plugin',
  'metrics-server',
  'cluster-autoscaler',
  // EKS
  'eks-pod-identity-agent',
  'ebs-csi-controller',
  'efs-csi-controller',
  'aws-load-balancer-controller',
  'cloudwatch-agent',
  'fluent-bit',
  'aws-guardduty-agent',
  // GKE
  'kube-dns',
  'kube-dns-autoscaler',
  'l7-default-backend',
  'event-exporter-gke',
  'netd',
  'anetd',
  'gke-metrics-agent-windows',
  'collector',
  'gmp-operator',
  'rule-evaluator',
  // AKS
  'cloud-node-manager',
  'csi-azuredisk-node',
  'csi-azurefile-node',
  'csi-azuredisk-controller',
  'csi-azurefile-controller',
  'ama-logs',
  'ama-metrics',
  'coredns-autoscaler',
  'azure-npm',
  'azure-policy',
  'azure-wi-webhook',
  'retina-agent',
  'tunnelfront',
  'aks-link',
  'microsoft-defender',
  // k3s
  'local-path-provisioner',
  'svclb',
  'helm-install-traefik',
  'helm-install-traefik-crd',
  'traefik',
  // kind
  'kindnet',
];

/** RBAC objects Kubernetes and the cloud providers create: reserved `system:` names and provider prefixes. */
const PLATFORM_RBAC = /^(system:|kubeadm:|gce:|eks:|aks-|aks:|cloud-provider|gke-)/;
const RBAC_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

const known = new WeakMap<ResourceRef, boolean>();

export function isPlatformResource(resource: ResourceRef): boolean {
  let platform = known.get(resource);
  if (platform === undefined) {
    platform = isPlatformComponent(resource);
    known.set(resource, platform);
  }
  return platform;
}

/** `isPlatformResource` without the memo, for callers that keep the answer themselves. */
export function isPlatformComponent(resource: ResourceRef): boolean {
  if (RBAC_KINDS.has(resource.kind)) return PLATFORM_RBAC.test(resource.name);
  if (resource.kind === 'Namespace')
    return SYSTEM_NAMESPACES.has(resource.name) || PLATFORM_NAMESPACE_PREFIXES.some((p) => resource.name.startsWith(p));
  if (!resource.namespace) return false;
  if (
    PLATFORM_NAMESPACE_PREFIXES.some((p) => resource.namespace!.startsWith(p)) &&
    resource.namespace !== 'kube-system'
  ) {
    return true;
  }
  if (!SYSTEM_NAMESPACES.has(resource.namespace)) return false;
  return PLATFORM_PREFIXES.some((prefix) => resource.name === prefix || resource.name.startsWith(`${prefix}-`));
}
