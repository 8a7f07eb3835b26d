import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { run } from '../../cli/src/main';
import { COLLECTED } from '../src/collect/kinds';
import { DEPLOY_DIR, loadManifests, renderManifests } from '../src/manifests';

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
    expect(c.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(c.resources.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
    expect(c.resources.limits).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
    const token = c.env.find((e: Doc) => e.name === 'KUBEWARD_TOKEN');
    expect(token.valueFrom.secretKeyRef).toEqual({ name: 'kubeward-agent-token', key: 'token' });
    expect(pod.volumes.find((v: Doc) => v.name === 'token').secret.secretName).toBe('kubeward-agent-token');
    expect(c.livenessProbe.httpGet.path).toBe('/livez');
    expect(c.readinessProbe.httpGet.path).toBe('/readyz');
    // The image the Dockerfile builds is distroless and runs as its nonroot user.
    const dockerfile = readFileSync(path.join(__dirname, '../Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^FROM gcr\.io\/distroless\/nodejs20-debian12:nonroot/m);
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
