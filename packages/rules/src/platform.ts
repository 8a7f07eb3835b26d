import type { ResourceRef } from './types';

/**
 * Well-known node agents and system components that need host access by design. Their findings
 * are marked `platform` (shown, not alerted by default): noise is the first thing users of peer
 * tools complain about. Matched by name prefix within the system namespaces only.
 */
const SYSTEM_NAMESPACES = new Set(['kube-system', 'calico-system', 'tigera-operator', 'cilium', 'kube-flannel']);
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
    return (
      SYSTEM_NAMESPACES.has(resource.name) || resource.name === 'kube-public' || resource.name === 'kube-node-lease'
    );
  if (!resource.namespace || !SYSTEM_NAMESPACES.has(resource.namespace)) return false;
  return PLATFORM_PREFIXES.some((prefix) => resource.name === prefix || resource.name.startsWith(`${prefix}-`));
}
