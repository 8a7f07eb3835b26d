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

export function isPlatformResource(resource: ResourceRef): boolean {
  if (!resource.namespace || !SYSTEM_NAMESPACES.has(resource.namespace)) return false;
  return PLATFORM_PREFIXES.some((prefix) => resource.name === prefix || resource.name.startsWith(`${prefix}-`));
}
