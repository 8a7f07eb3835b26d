import { buildSnapshot, managedControlPlane, validateSnapshot } from '../src';

const opts = { snapshotId: 'snap-cluster-1', collectedAt: '2026-11-01T00:00:00Z', agentVersion: 'test' };

describe('cluster sections', () => {
  const objects = [
    { kind: 'Namespace', metadata: { name: 'shop', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } },
    { kind: 'ServiceAccount', metadata: { name: 'api', namespace: 'shop' }, automountServiceAccountToken: false },
    {
      kind: 'ClusterRole',
      metadata: { name: 'ops', labels: {} },
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'acme.io/ops': 'true' } }] },
      rules: [],
    },
    {
      kind: 'RoleBinding',
      metadata: { name: 'api', namespace: 'shop' },
      roleRef: { kind: 'Role', name: 'reader' },
      subjects: [{ kind: 'ServiceAccount', name: 'api' }],
    },
    {
      kind: 'Node',
      metadata: { name: 'n1' },
      status: { addresses: [{ type: 'ExternalIP', address: '34.1.2.3' }], nodeInfo: { kubeletVersion: 'v1.33.1' } },
    },
    {
      kind: 'Service',
      metadata: {
        name: 'web',
        namespace: 'shop',
        annotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' },
      },
      spec: { type: 'LoadBalancer', ports: [{ port: 443, nodePort: 30443 }] },
    },
    {
      kind: 'Ingress',
      metadata: { name: 'web', namespace: 'shop' },
      spec: {
        tls: [{}],
        rules: [{ host: 'shop.example', http: { paths: [{ path: '/', backend: { service: { name: 'web' } } }] } }],
      },
    },
    {
      kind: 'ConfigMap',
      metadata: { name: 'cfg', namespace: 'shop' },
      data: { 'db-password': 'Sup3r-S3cret!', 'log-level': 'debug', cert: '-----BEGIN RSA PRIVATE KEY-----\nMIIE' },
    },
    {
      apiVersion: 'kyverno.io/v1',
      kind: 'ClusterPolicy',
      metadata: { name: 'verify' },
      spec: { rules: [{ name: 'sig', verifyImages: [{ imageReferences: ['*'] }] }] },
    },
    {
      apiVersion: 'kyverno.io/v1',
      kind: 'ClusterPolicy',
      metadata: { name: 'audit' },
      spec: { validationFailureAction: 'Audit', rules: [{ validate: {} }] },
    },
    {
      kind: 'Pod',
      metadata: { name: 'kube-apiserver-cp1', namespace: 'kube-system' },
      spec: {
        containers: [
          {
            name: 'kube-apiserver',
            image: 'registry.k8s.io/kube-apiserver:v1.33.1',
            command: ['kube-apiserver', '--anonymous-auth=false', '--authorization-mode=Node,RBAC', '--profiling'],
          },
        ],
      },
    },
  ];

  it('keeps what rules read, and validates against the contract', () => {
    const { snapshot, skipped } = buildSnapshot(objects, { ...opts, source: 'manifests' });
    expect(skipped).toEqual([]);
    expect(validateSnapshot(JSON.parse(JSON.stringify(snapshot))).ok).toBe(true);
    expect(snapshot.namespaces).toEqual([
      { name: 'shop', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } },
    ]);
    expect(snapshot.serviceAccounts).toEqual([{ namespace: 'shop', name: 'api', automountServiceAccountToken: false }]);
    expect(snapshot.roles[0]!.aggregationSelectors).toEqual([
      { matchLabels: { 'acme.io/ops': 'true' }, matchExpressions: [] },
    ]);
    expect(snapshot.bindings[0]).toMatchObject({
      kind: 'RoleBinding',
      namespace: 'shop',
      roleRef: { kind: 'Role', name: 'reader' },
    });
    expect(snapshot.nodes[0]).toMatchObject({
      name: 'n1',
      kubeletVersion: 'v1.33.1',
      addresses: [{ type: 'ExternalIP', address: '34.1.2.3' }],
    });
    expect(snapshot.services[0]).toMatchObject({
      type: 'LoadBalancer',
      internal: true,
      ports: [{ port: 443, nodePort: 30443 }],
    });
    expect(snapshot.ingresses[0]).toEqual({
      namespace: 'shop',
      name: 'web',
      tls: true,
      backends: [{ host: 'shop.example', path: '/', service: 'web' }],
    });
    expect(snapshot.policyEngines.map((p) => [p.name, p.enforcing, p.verifiesImages])).toEqual([
      ['audit', false, false],
      ['verify', true, true],
    ]);
    expect(snapshot.cluster.apiServer).toEqual({
      source: 'static-pod',
      pod: { namespace: 'kube-system', name: 'kube-apiserver-cp1' },
      flags: { 'anonymous-auth': 'false', 'authorization-mode': 'Node,RBAC', profiling: 'true' },
    });
  });

  it('keeps ConfigMap key names and verdicts, never values', () => {
    const { snapshot } = buildSnapshot(objects, opts);
    expect(snapshot.configMaps[0]!.keys).toEqual([
      { name: 'db-password', looksSecret: true },
      { name: 'log-level', looksSecret: false },
      { name: 'cert', looksSecret: true },
    ]);
    const json = JSON.stringify(snapshot);
    expect(json).not.toContain('Sup3r');
    expect(json).not.toContain('MIIE');
  });

  it('records what files cannot say as not collected, and a cluster as collected', () => {
    const fromFiles = buildSnapshot([objects[0]], { ...opts, source: 'manifests' }).snapshot.collection;
    expect(fromFiles.Namespace).toEqual({ collected: true, count: 1 });
    expect(fromFiles.Deployment).toEqual({ collected: true, count: 0 });
    expect(fromFiles.Node).toMatchObject({ collected: false });
    expect(fromFiles.ApiServerFlags).toMatchObject({ collected: false });
    const fromCluster = buildSnapshot([], {
      ...opts,
      notCollected: { Role: { collected: false, reason: 'forbidden' } },
      serverVersion: { gitVersion: 'v1.33.1-eks-1a2b3c', major: '1', minor: '33' },
    }).snapshot;
    expect(fromCluster.collection.Node).toEqual({ collected: true, count: 0 });
    expect(fromCluster.collection.Role).toEqual({ collected: false, reason: 'forbidden' });
    expect(fromCluster.cluster.managed).toBe('eks');
  });

  it('recognises managed control planes by their version strings', () => {
    expect(managedControlPlane('v1.30.4-gke.1348000')).toBe('gke');
    expect(managedControlPlane('v1.31.2')).toBeUndefined();
  });
});
