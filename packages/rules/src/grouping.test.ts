import { buildSnapshot } from '@kubeward/snapshot';
import { evaluate } from './engine';
import { groupByCause } from './grouping';
import type { Finding, Severity } from './types';

const controller = (name: string, account: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'ingress' },
  spec: {
    template: {
      spec: {
        serviceAccountName: account,
        containers: [{ name: 'c', image: 'registry.k8s.io/ingress-nginx/controller:v1.12.0' }],
      },
    },
  },
});

describe('groupByCause', () => {
  it("groups an ingress controller's secret access, reported by three rules, under the most severe", () => {
    const { snapshot } = buildSnapshot(
      [
        controller('controller', 'ingress-nginx'),
        controller('unrelated', 'plain'),
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRole',
          metadata: { name: 'ingress-nginx' },
          rules: [{ apiGroups: [''], resources: ['secrets', 'configmaps'], verbs: ['get', 'list', 'watch'] }],
        },
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRoleBinding',
          metadata: { name: 'ingress-nginx' },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'ingress-nginx' },
          subjects: [{ kind: 'ServiceAccount', name: 'ingress-nginx', namespace: 'ingress' }],
        },
      ],
      { snapshotId: 'grouping', collectedAt: '2026-01-01T00:00:00Z', agentVersion: 'test', source: 'cluster' },
    );
    const { findings } = evaluate(snapshot, { now: snapshot.collectedAt });
    const of = (ruleId: string, name: string) => findings.find((f) => f.ruleId === ruleId && f.resource.name === name)!;
    const primary = of('workload-sa-privileged-rbac', 'controller');
    expect(primary.severity).toBe('CRITICAL');
    expect(primary.primary).toBeUndefined();
    for (const related of [of('sa-token-automounted', 'controller'), of('secrets-readable-broadly', 'ingress-nginx')])
      expect(related.primary).toBe(primary.fingerprint);
    // Another cause (a token that can do nothing) and other faults of the same workload stay apart.
    expect(of('sa-token-automounted', 'unrelated').primary).toBeUndefined();
    expect(findings.filter((f) => f.resource.name === 'controller' && !f.primary).map((f) => f.ruleId)).toContain(
      'workload-sa-privileged-rbac',
    );
  });

  const f = (fingerprint: string, severity: Severity, kind: string, causes?: string[]) =>
    ({ fingerprint, severity, resource: { kind, name: fingerprint }, causes }) as Finding & { causes?: string[] };

  it('joins causes transitively, prefers the binding on a tie, and leaves single findings alone', () => {
    const findings = [
      f('w1', 'HIGH', 'Deployment', ['sa/a']),
      f('b', 'HIGH', 'ClusterRoleBinding', ['sa/a', 'sa/b']),
      f('w2', 'MEDIUM', 'Deployment', ['sa/b']),
      f('alone', 'HIGH', 'Deployment', ['sa/c']),
      f('none', 'LOW', 'Deployment'),
    ];
    groupByCause(findings);
    expect(findings.map((x) => x.primary)).toEqual(['b', undefined, 'b', undefined, undefined]);
  });
});
