import { buildSnapshot, diffObjects, trackedObjects } from '../src';

const opts = { snapshotId: 'snap-drift-1', collectedAt: '2026-11-01T00:00:00Z', agentVersion: 'test' };
const deployment = (privileged: boolean, env: string[]) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'api', namespace: 'payments' },
  spec: {
    template: {
      spec: {
        initContainers: [{ name: 'migrate', image: 'ghcr.io/acme/migrate:1.0' }],
        containers: [
          {
            name: 'api',
            image: 'ghcr.io/acme/api:1.0',
            env: env.map((name) => ({ name, value: 'x' })),
            securityContext: { privileged },
          },
        ],
      },
    },
  },
});
const workload = (o: object) => trackedObjects(buildSnapshot([o], opts).snapshot).find((t) => t.kind === 'Deployment')!;

describe('drift', () => {
  it('keys every object and hashes its content', () => {
    const { snapshot } = buildSnapshot(
      [
        deployment(false, ['A']),
        { kind: 'Namespace', metadata: { name: 'payments' } },
        { kind: 'ClusterRole', metadata: { name: 'ops' }, rules: [] },
      ],
      opts,
    );
    const objects = trackedObjects(snapshot);
    expect(objects.map((o) => o.key).sort()).toEqual([
      'ClusterRole//ops',
      'Deployment/payments/api',
      'Namespace//payments',
    ]);
    expect(workload(deployment(false, ['A'])).hash).toBe(objects.find((o) => o.kind === 'Deployment')!.hash);
    expect(workload(deployment(true, ['A'])).hash).not.toBe(objects.find((o) => o.kind === 'Deployment')!.hash);
  });

  it('says which field changed, before and after, in the Kubernetes object’s own path', () => {
    const before = workload(deployment(false, ['A', 'B'])).body;
    const after = workload(deployment(true, ['A', 'NEW', 'B'])).body;
    expect(diffObjects('Deployment', before, after)).toEqual([
      {
        path: 'spec.template.spec.containers[0].env[name=NEW]',
        after: { name: 'NEW', source: 'literal', looksSecret: false },
      },
      { path: 'spec.template.spec.containers[0].securityContext.privileged', before: false, after: true },
    ]);
    expect(diffObjects('Deployment', before, before)).toEqual([]);
  });
});
