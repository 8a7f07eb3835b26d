import { buildSnapshot, type Snapshot } from '@kubeward/snapshot';
import { evaluate, RULES, type Rule } from '../src';

const base = { snapshotId: 'snap-0001', collectedAt: '2026-01-01T00:00:00Z', agentVersion: 'test' };
const settings = { now: '2026-01-01T00:00:00Z', include: ['host-network', 'host-path-volume', 'privileged-container'] };

const container = (name: string, extra: Record<string, unknown> = {}) => ({ name, image: 'nginx:1.27', ...extra });
const deployment = (namespace: string, name: string, spec: Record<string, unknown>) => ({
  kind: 'Deployment',
  metadata: { name, namespace, uid: `uid-${name}` },
  spec: { template: { spec } },
});

function snapshotOf(objects: unknown[], notCollected?: Parameters<typeof buildSnapshot>[1]['notCollected']): Snapshot {
  return buildSnapshot(objects, { ...base, notCollected }).snapshot;
}

describe('evaluate', () => {
  const objects = [
    deployment('shop', 'web', { containers: [container('web', { securityContext: { privileged: true } })] }),
    deployment('shop', 'api', { hostNetwork: true, containers: [container('api')] }),
    {
      kind: 'DaemonSet',
      metadata: { name: 'kube-proxy', namespace: 'kube-system' },
      spec: {
        template: {
          spec: {
            hostNetwork: true,
            containers: [container('kube-proxy', { securityContext: { privileged: true } })],
            volumes: [
              { name: 'modules', hostPath: { path: '/lib/modules' } },
              { name: 'root', hostPath: { path: '/' } },
            ],
          },
        },
      },
    },
  ];

  it('is deterministic: same input, same output, same order', () => {
    const a = evaluate(snapshotOf(objects), settings);
    const b = evaluate(snapshotOf([...objects].reverse()), settings);
    expect(b).toEqual(a);
    expect(a.findings.map((f) => `${f.ruleId} ${f.resource.namespace}/${f.resource.name}`)).toEqual([
      'host-network kube-system/kube-proxy',
      'host-network shop/api',
      'host-path-volume kube-system/kube-proxy',
      'privileged-container kube-system/kube-proxy',
      'privileged-container shop/web',
    ]);
  });

  it('merges several offending fields of one resource into one finding, at the worst severity found', () => {
    const hostPath = evaluate(snapshotOf(objects), settings).findings.find((f) => f.ruleId === 'host-path-volume')!;
    expect(hostPath.paths).toEqual([
      'spec.template.spec.volumes[0].hostPath',
      'spec.template.spec.volumes[1].hostPath',
    ]);
  });

  it('marks platform components and keeps fingerprints stable', () => {
    const { findings } = evaluate(snapshotOf(objects), settings);
    expect(findings.filter((f) => f.platform).map((f) => f.resource.name)).toEqual([
      'kube-proxy',
      'kube-proxy',
      'kube-proxy',
    ]);
    const web = findings.find((f) => f.resource.name === 'web')!;
    expect(web.fingerprint).toBe('privileged-container:Deployment:shop:web:web');
    expect(web.container).toBe('web');
    expect(web.paths).toEqual(['spec.template.spec.containers[0].securityContext.privileged']);
    const again = evaluate(snapshotOf([objects[0]]), settings).findings[0]!;
    expect(again.fingerprint).toBe(web.fingerprint);
  });

  it('attaches findings to the owning workload, not to each pod', () => {
    const spec = { containers: [container('web', { securityContext: { privileged: true } })] };
    const rs = {
      kind: 'ReplicaSet',
      metadata: {
        name: 'web-5d4f',
        namespace: 'shop',
        ownerReferences: [{ kind: 'Deployment', name: 'web', controller: true }],
      },
      spec: { template: { spec } },
    };
    const pods = [1, 2, 3].map((i) => ({
      kind: 'Pod',
      metadata: {
        name: `web-5d4f-${i}`,
        namespace: 'shop',
        ownerReferences: [{ kind: 'ReplicaSet', name: 'web-5d4f', controller: true }],
      },
      spec,
    }));
    const { findings } = evaluate(snapshotOf([deployment('shop', 'web', spec), rs, ...pods]), settings);
    expect(findings.map((f) => `${f.resource.kind}/${f.resource.name}`)).toEqual(['Deployment/web']);
  });

  it('applies the severity of the result, then the organisation override', () => {
    const { findings } = evaluate(snapshotOf(objects), settings);
    expect(findings.find((f) => f.ruleId === 'host-path-volume')!.severity).toBe('CRITICAL');
    expect(findings.find((f) => f.ruleId === 'host-network')!.severity).toBe('HIGH');
    const overridden = evaluate(snapshotOf(objects), { ...settings, severityOverrides: { 'host-network': 'LOW' } });
    expect(overridden.findings.filter((f) => f.ruleId === 'host-network').map((f) => f.severity)).toEqual([
      'LOW',
      'LOW',
    ]);
  });

  it('reports a rule whose input was not collected as not evaluable, never as passing', () => {
    const result = evaluate(
      snapshotOf(objects, { Pod: { collected: false, reason: 'forbidden', message: 'pods is forbidden' } }),
      settings,
    );
    expect(result.findings).toEqual([]);
    expect(result.notEvaluable.map((n) => n.ruleId).sort()).toEqual([
      'host-network',
      'host-path-volume',
      'privileged-container',
    ]);
    expect(result.notEvaluable[0]!.reason).toContain('Pod (forbidden)');
  });

  it('reports a throwing rule as an error and runs the others', () => {
    const broken: Rule = {
      id: 'broken',
      title: 'Broken',
      area: 'pods',
      practice: 'test',
      severity: 'LOW',
      rationale: 'test',
      remediation: { text: 'none', yaml: '' },
      references: [],
      needs: ['workloads'],
      evaluate: () => {
        throw new Error('boom');
      },
    };
    const result = evaluate(snapshotOf(objects), { ...settings, include: [...settings.include, 'broken'] }, [
      broken,
      ...RULES,
    ]);
    expect(result.errors).toEqual([{ ruleId: 'broken', message: 'boom' }]);
    expect(result.findings.length).toBe(5);
    expect(result.evaluated).not.toContain('broken');
  });
});
