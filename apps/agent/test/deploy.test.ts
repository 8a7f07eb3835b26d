import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { run } from '../../cli/src/main';
import { COLLECTED } from '../src/collect/kinds';
import { DEPLOY_DIR, loadManifests, renderManifests } from '../src/manifests';
import { kubernetesProblems, RESTRICTED_CONTAINER } from './support/kube-validate';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function scan(...args: string[]): Promise<{ ruleId: string; message: string }[]> {
  let out = '';
  await run(['scan', ...args, '--format', 'json'], { out: (s) => ((out += s), true), err: () => true });
  return (JSON.parse(out) as { findings: { ruleId: string; message: string }[] }).findings;
}

const docs = loadManifests();
const byKind = (kind: string) => docs.find((d) => d.kind === kind)!;
const AGENT_DOC = readFileSync(path.join(__dirname, '../../../docs/agent.md'), 'utf8');

describe('install manifests (apps/agent/deploy)', () => {
  it('grant get/list/watch on exactly the kinds collected, and nothing on Secrets', () => {
    const role = byKind('ClusterRole');
    const granted = new Set<string>();
    for (const rule of role.rules as Doc[]) {
      expect(rule.verbs).toEqual(['get', 'list', 'watch']);
      expect(rule.nonResourceURLs).toBeUndefined();
      expect(rule.resourceNames).toBeUndefined();
      for (const group of rule.apiGroups) for (const r of rule.resources) granted.add(`${group}/${r}`);
    }
    expect([...granted].sort()).toEqual(COLLECTED.map((k) => `${k.group}/${k.plural}`).sort());
    expect([...granted].some((g) => /secret|\*/.test(g))).toBe(false);
    expect(docs.filter((d) => d.kind === 'Role' || d.kind === 'RoleBinding')).toEqual([]);
  });

  it('run the agent distroless, non-root, read-only, without privileges, with limits and the token from its Secret', () => {
    const pod = byKind('Deployment').spec.template.spec;
    const [c] = pod.containers;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(c.securityContext).toEqual(RESTRICTED_CONTAINER);
    expect(c.resources.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
    expect(c.resources.limits).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
    const token = c.env.find((e: Doc) => e.name === 'KUBEWARD_TOKEN');
    expect(token.valueFrom.secretKeyRef).toEqual({ name: 'kubeward-agent-token', key: 'token' });
    expect(pod.volumes.find((v: Doc) => v.name === 'token').secret.secretName).toBe('kubeward-agent-token');
    expect(c.livenessProbe.httpGet.path).toBe('/livez');
    expect(c.readinessProbe.httpGet.path).toBe('/readyz');
    // The image the Dockerfile builds is distroless and runs as its nonroot user.
    const dockerfile = readFileSync(path.join(__dirname, '../Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^FROM gcr\.io\/distroless\/nodejs24-debian12:nonroot/m);
    expect(dockerfile).toMatch(/^USER nonroot/m);
  });

  it('raise only the finding docs/agent.md explains (the digest until a release pins it), and none once rendered', async () => {
    const findings = await scan('-f', DEPLOY_DIR);
    expect(findings.map((f) => f.ruleId).sort()).toEqual(['image-not-pinned-by-digest']);
    for (const f of findings) expect(AGENT_DOC).toContain(`\`${f.ruleId}\``);

    // Rendered with a pinned image, as registerCluster does with AGENT_IMAGE set: nothing.
    const rendered = renderManifests({
      clusterName: 'prod-eu',
      apiUrl: 'https://kubeward.acme.example',
      token: 'kwa_rendered-token',
      image: `ghcr.io/kubeward/agent:0.1.0-distroless@sha256:${'ab'.repeat(32)}`,
    });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kw-rendered-'));
    writeFileSync(path.join(dir, 'agent.yaml'), rendered);
    expect((await scan('-f', dir)).map((f) => f.ruleId)).toEqual([]);
  });

  it('are objects the Kubernetes API accepts, field by field, as files and as rendered', () => {
    const rendered = parseAllDocuments(
      renderManifests({ clusterName: 'prod-eu', apiUrl: 'http://kubeward.internal:3000', token: 'kwa_t' }),
    ).map((d) => d.toJS() as Doc);
    for (const doc of [...docs, ...rendered]) expect(kubernetesProblems(doc)).toEqual([]);
    // The check can fail: a misspelt field, a port as text, a missing container image.
    const broken = structuredClone(byKind('Deployment'));
    const [c] = broken.spec.template.spec.containers;
    c.imagePullPolcy = 'Always';
    c.ports[0].containerPort = '8080';
    delete c.image;
    const problems = kubernetesProblems(broken).join('\n');
    expect(problems).toContain(
      'Deployment/kubeward-agent.spec.template.spec.containers[0].imagePullPolcy: unknown field',
    );
    expect(problems).toMatch(/containerPort must be integer/);
    expect(kubernetesProblems({ apiVersion: 'apps/v1', kind: 'Deploymnet', metadata: { name: 'x' } })).toEqual([
      'Deploymnet/x: no apps/v1 Deploymnet in the Kubernetes API',
    ]);
  });

  it("open the agent's egress to the port of the API's URL, and let it use http only when the URL is http", () => {
    const render = (apiUrl: string) => {
      const out = parseAllDocuments(renderManifests({ clusterName: 'c', apiUrl, token: 'kwa_t' })).map(
        (d) => d.toJS() as Doc,
      );
      const policy = out.find((d) => d.kind === 'NetworkPolicy')!;
      const env = out.find((d) => d.kind === 'Deployment')!.spec.template.spec.containers[0].env as Doc[];
      return {
        egress: (policy.spec.egress as Doc[]).map((r) => (r.ports as Doc[]).map((p) => `${p.protocol}/${p.port}`)),
        allowHttp: env.find((e) => e.name === 'KUBEWARD_ALLOW_HTTP')?.value,
      };
    };
    const kubernetesApi = ['TCP/443', 'TCP/6443'];
    const dns = ['UDP/53', 'TCP/53'];
    expect(render('https://kubeward.acme.example')).toEqual({ egress: [kubernetesApi, dns], allowHttp: undefined });
    expect(render('https://kubeward.acme.example:8443')).toEqual({
      egress: [kubernetesApi, ['TCP/8443'], dns],
      allowHttp: undefined,
    });
    expect(render('http://kubeward.internal:3000')).toEqual({
      egress: [kubernetesApi, ['TCP/3000'], dns],
      allowHttp: 'true',
    });
    expect(render('http://kubeward.internal')).toEqual({ egress: [kubernetesApi, ['TCP/80'], dns], allowHttp: 'true' });
  });

  it('render for one cluster: the token only in the Secret, the API URL and image in the Deployment', () => {
    const rendered = renderManifests({
      clusterName: 'prod-eu',
      apiUrl: 'https://kubeward.acme.example',
      token: 'kwa_rendered-token',
    });
    const out = parseAllDocuments(rendered).map((d) => d.toJS() as Doc);
    expect(out.map((d) => d.kind)).toEqual(docs.map((d) => d.kind));
    const secret = out.find((d) => d.kind === 'Secret')!;
    expect(secret.stringData).toEqual({ token: 'kwa_rendered-token' });
    expect(rendered.split('kwa_rendered-token')).toHaveLength(2);
    const deployment = out.find((d) => d.kind === 'Deployment')!;
    expect(deployment.metadata.annotations['kubeward.io/cluster']).toBe('prod-eu');
    const env = deployment.spec.template.spec.containers[0].env;
    expect(env.find((e: Doc) => e.name === 'KUBEWARD_API_URL').value).toBe('https://kubeward.acme.example');
    expect(rendered).not.toContain('REPLACE_WITH_CLUSTER_TOKEN');
  });
});
