import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { kubernetesProblems, RESTRICTED_CONTAINER } from '../../apps/agent/test/support/kube-validate';
import { loadConfig } from '../../apps/api/src/config/config';
import { run } from '../../apps/cli/src/main';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ROOT = path.resolve(__dirname, '../..');
/** What the Secret `kubeward-secrets` gives each process, in shape. */
const SECRETS = {
  DATABASE_URL: 'postgresql://kubeward@postgres/kubeward',
  REDIS_URL: 'redis://redis:6379',
  ENCRYPTION_KEY: Buffer.alloc(32).toString('base64'),
};
const OVERLAYS = ['overlays/production', 'overlays/production/migrate', 'overlays/keda'];

/** The overlay as `kubectl kustomize` renders it (Debian's kubernetes-client, installed by .ci/run). */
function render(overlay: string): Doc[] {
  const yaml = execFileSync('kubectl', ['kustomize', path.join(__dirname, overlay)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return parseAllDocuments(yaml).map((d) => d.toJS() as Doc);
}

const rendered = Object.fromEntries(OVERLAYS.map((o) => [o, render(o)]));
const production = rendered['overlays/production']!;
const everything = Object.values(rendered).flat();
const workloads = everything.filter((d) => d.kind === 'Deployment' || d.kind === 'Job');
const podOf = (w: Doc) => w.spec.template.spec;
const named = (docs: Doc[], kind: string, name: string) =>
  docs.find((d) => d.kind === kind && d.metadata.name === name);

describe('deploy/kubernetes', () => {
  it('renders every overlay into objects the Kubernetes API accepts, all in kubeward-system', () => {
    for (const doc of everything) {
      if (doc.apiVersion === 'keda.sh/v1alpha1') continue; // a CRD: checked below
      expect(kubernetesProblems(doc)).toEqual([]);
      if (doc.kind !== 'Namespace') expect(doc.metadata.namespace).toBe('kubeward-system');
    }
    expect(production.map((d) => `${d.kind}/${d.metadata.name}`).sort()).toEqual(
      [
        'ConfigMap/kubeward-config',
        'Deployment/kubeward-api',
        'Deployment/kubeward-worker',
        'HorizontalPodAutoscaler/kubeward-api',
        'Ingress/kubeward-api',
        'Namespace/kubeward-system',
        'NetworkPolicy/default-deny',
        'NetworkPolicy/kubeward-api',
        'NetworkPolicy/kubeward-migrate',
        'NetworkPolicy/kubeward-worker',
        'PodDisruptionBudget/kubeward-api',
        'PodDisruptionBudget/kubeward-worker',
        'Service/kubeward-api',
        'ServiceAccount/kubeward-api',
        'ServiceAccount/kubeward-migrate',
        'ServiceAccount/kubeward-worker',
      ].sort(),
    );
    expect(rendered['overlays/production/migrate']!.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual([
      'Job/kubeward-migrate',
    ]);
    const scaled = named(rendered['overlays/keda']!, 'ScaledObject', 'kubeward-worker')!;
    expect(named(rendered['overlays/keda']!, 'Deployment', scaled.spec.scaleTargetRef.name)).toBeDefined();
    expect(scaled.spec.triggers[0].metadata.query).toContain('kubeward_queue_jobs');
  });

  it('runs every process restricted: non-root, read-only, no privileges, no API token, with requests and limits', () => {
    expect(workloads.map((w) => w.metadata.name).sort()).toEqual(
      ['kubeward-api', 'kubeward-api', 'kubeward-migrate', 'kubeward-worker', 'kubeward-worker'].sort(),
    );
    expect(named(production, 'Namespace', 'kubeward-system')!.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
    });
    for (const w of workloads) {
      const pod = podOf(w);
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(named(everything, 'ServiceAccount', pod.serviceAccountName)?.automountServiceAccountToken).toBe(false);
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      for (const c of pod.containers) {
        expect(c.securityContext).toEqual(RESTRICTED_CONTAINER);
        expect(c.resources.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
        expect(c.resources.limits).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
        // The image's entrypoint is node; each runs a script the build produces.
        expect(c.image).toMatch(/^registry\.example\.com\/kubeward\/api@sha256:[0-9a-f]{64}$/);
        expect(existsSync(path.join(ROOT, c.args[0]))).toBe(true);
      }
    }
  });

  it('probes, spreads and protects each Deployment, scales the API, and denies traffic not allowed', () => {
    for (const d of production.filter((x) => x.kind === 'Deployment')) {
      const [c] = podOf(d).containers;
      expect(c.livenessProbe.httpGet.path).toBe('/healthz');
      expect(c.startupProbe).toBeDefined();
      const labels = d.spec.template.metadata.labels;
      const selects = (selector: Doc) =>
        Object.entries(selector.matchLabels as Record<string, string>).every(([k, v]) => labels[k] === v);
      expect(production.filter((x) => x.kind === 'PodDisruptionBudget' && selects(x.spec.selector))).toHaveLength(1);
      expect(
        production.filter(
          (x) => x.kind === 'NetworkPolicy' && x.metadata.name !== 'default-deny' && selects(x.spec.podSelector),
        ),
      ).toHaveLength(1);
    }
    expect(podOf(named(production, 'Deployment', 'kubeward-api')!).containers[0].readinessProbe.httpGet.path).toBe(
      '/readyz',
    );
    expect(named(production, 'HorizontalPodAutoscaler', 'kubeward-api')!.spec.scaleTargetRef.name).toBe('kubeward-api');
    expect(named(production, 'NetworkPolicy', 'default-deny')!.spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
    });
    const ingress = named(production, 'Ingress', 'kubeward-api')!;
    expect(ingress.spec.tls[0].secretName).toBe('kubeward-tls');
    expect(ingress.spec.rules[0].http.paths[0].backend.service.name).toBe('kubeward-api');
  });

  it('configures the processes with settings the API accepts, the secrets from a Secret that is not in git', () => {
    const config = named(production, 'ConfigMap', 'kubeward-config')!.data as Record<string, string>;
    expect(everything.filter((d) => d.kind === 'Secret')).toEqual([]);
    for (const w of workloads) {
      const c = podOf(w).containers[0];
      const secretRefs = [
        ...(c.envFrom ?? []).map((e: Doc) => e.secretRef?.name),
        ...(c.env ?? []).map((e: Doc) => e.valueFrom?.secretKeyRef?.name),
      ].filter(Boolean);
      expect(new Set(secretRefs)).toEqual(new Set(['kubeward-secrets']));
    }
    // Each process exits on its own before the kubelet's grace period ends.
    for (const d of production.filter((x) => x.kind === 'Deployment')) {
      const pod = podOf(d);
      const own = Object.fromEntries((pod.containers[0].env ?? []).map((e: Doc) => [e.name, e.value]));
      const { shutdownGraceMs } = loadConfig({ ...config, ...own, ...SECRETS });
      expect(shutdownGraceMs).toBeLessThan(pod.terminationGracePeriodSeconds * 1000);
    }
    const loaded = loadConfig({
      ...config,
      ...SECRETS,
    });
    expect(loaded.agent.publicApiUrl).toBe(
      `https://${named(production, 'Ingress', 'kubeward-api')!.spec.rules[0].host}`,
    );
    expect(loaded.http.port).toBe(3000);
    expect(loaded.env).toBe('production');
  });

  it('raises nothing above LOW in Kubeward’s own scan', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kw-deploy-'));
    everything.forEach((d, i) => writeFileSync(path.join(dir, `${i}.yaml`), JSON.stringify(d)));
    let out = '';
    await run(['scan', '-f', dir, '--format', 'json'], { out: (s) => ((out += s), true), err: () => true });
    const findings = (JSON.parse(out) as { findings: { ruleId: string; severity: string; resource: Doc }[] }).findings;
    expect(findings.filter((f) => !['LOW', 'INFO'].includes(f.severity))).toEqual([]);
  });
});
