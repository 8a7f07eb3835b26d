import { isPlatformComponent } from './platform';

const w = (namespace: string, name: string, kind = 'DaemonSet') => ({ kind, namespace, name });

describe('platform components', () => {
  it.each([
    ['EKS', w('kube-system', 'aws-node')],
    ['EKS', w('kube-system', 'eks-pod-identity-agent')],
    ['EKS', w('amazon-cloudwatch', 'fluent-bit')],
    ['GKE', w('kube-system', 'gke-metadata-server')],
    ['GKE', w('kube-system', 'kube-dns', 'Deployment')],
    ['GKE', w('gmp-system', 'collector')],
    ['GKE', w('gke-managed-cim', 'kube-state-metrics', 'StatefulSet')],
    ['AKS', w('kube-system', 'cloud-node-manager')],
    ['AKS', w('kube-system', 'ama-logs-rs', 'Deployment')],
    ['OpenShift', w('openshift-dns', 'dns-default')],
    ['OpenShift', w('openshift-monitoring', 'prometheus-k8s', 'StatefulSet')],
    ['k3s', w('kube-system', 'svclb-traefik-1a2b3c4d')],
    ['k3s', w('kube-system', 'local-path-provisioner', 'Deployment')],
    ['kind', w('kube-system', 'kindnet')],
    ['kind', w('local-path-storage', 'local-path-provisioner', 'Deployment')],
  ])('knows %s: %j', (_provider, resource) => {
    expect(isPlatformComponent(resource)).toBe(true);
  });

  it.each([
    w('kube-system', 'billing-exporter', 'Deployment'),
    w('shop', 'aws-node'),
    w('shop', 'traefik', 'Deployment'),
    w('monitoring', 'fluent-bit'),
  ])('does not take an application for the platform: %j', (resource) => {
    expect(isPlatformComponent(resource)).toBe(false);
  });

  it('knows system namespaces and RBAC', () => {
    expect(isPlatformComponent({ kind: 'Namespace', name: 'openshift-etcd' })).toBe(true);
    expect(isPlatformComponent({ kind: 'Namespace', name: 'kube-node-lease' })).toBe(true);
    expect(isPlatformComponent({ kind: 'Namespace', name: 'shop' })).toBe(false);
    expect(isPlatformComponent({ kind: 'ClusterRole', name: 'eks:addon-manager' })).toBe(true);
  });
});
