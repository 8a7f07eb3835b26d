import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run } from '../src/main';

async function kubeward(...args: string[]) {
  let out = '';
  let err = '';
  const code = await run(args, { out: (s) => ((out += s), true), err: (s) => ((err += s), true) });
  return { code, out, err };
}

const namespace = (level: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: { pod-security.kubernetes.io/enforce: ${level} }
`;
const web = (privileged: boolean) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    spec:
      containers:
        - name: web
          image: ghcr.io/acme/web:1.0@sha256:${'a'.repeat(64)}
          securityContext: { privileged: ${privileged} }
`;
const deny = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: default-deny, namespace: shop }
spec: { podSelector: {}, policyTypes: [Ingress] }
`;
const admin = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: debug-admin }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: [{ kind: User, name: mallory@example.com, apiGroup: rbac.authorization.k8s.io }]
`;
const view = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: auditors }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }
subjects: [{ kind: Group, name: auditors, apiGroup: rbac.authorization.k8s.io }]
`;

describe('kubeward diff', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'kubeward-diff-'));
  const side = (name: string, files: Record<string, string>) => {
    const dir = path.join(root, name);
    mkdirSync(dir);
    for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
    return dir;
  };
  const before = side('before', {
    'ns.yaml': namespace('restricted'),
    'web.yaml': web(false),
    'np.yaml': deny,
    'rbac.yaml': view,
  });
  const after = side('after', {
    'ns.yaml': namespace('baseline'),
    'web.yaml': web(true),
    'rbac.yaml': `${view}---\n${admin}`,
  });
  const RULES = [
    'privileged-container',
    'pod-security-enforce-lowered',
    'network-policy-last-removed',
    'cluster-admin-binding-added',
    'cluster-admin-binding',
  ].join(',');

  it('lists what a change opens, each with the fields that did it, and judges the change itself', async () => {
    const { code, out } = await kubeward(
      'diff',
      before,
      after,
      '--rules',
      RULES,
      '--fail-on',
      'high',
      '--format',
      'json',
    );
    expect(code).toBe(1);
    const report = JSON.parse(out);
    expect(
      report.opened.map((o: { ruleId: string; resource: { name: string }; newObject: boolean }) => [
        o.ruleId,
        o.resource.name,
        o.newObject,
      ]),
    ).toEqual([
      ['cluster-admin-binding-added', 'debug-admin', true],
      ['privileged-container', 'web', false],
      ['cluster-admin-binding', 'debug-admin', true],
      ['network-policy-last-removed', 'shop', false],
      ['pod-security-enforce-lowered', 'shop', false],
    ]);
    const privileged = report.opened.find((o: { ruleId: string }) => o.ruleId === 'privileged-container');
    expect(privileged.changes).toEqual([
      { path: 'spec.template.spec.containers[0].securityContext.privileged', before: false, after: true },
    ]);
    expect(report.resolved).toEqual([]);
  });

  it('writes markdown for a pull-request comment, and resolves what the reverse change fixes', async () => {
    const { code, out } = await kubeward(
      'diff',
      after,
      before,
      '--rules',
      RULES,
      '--format',
      'markdown',
      '--fail-on',
      'low',
    );
    expect(code).toBe(0);
    expect(out).toContain('### Kubeward: 0 findings opened, 2 findings resolved');
    expect(out).toContain('- CRITICAL `privileged-container` Deployment shop/web');
    const forward = await kubeward('diff', before, after, '--rules', 'privileged-container', '--format', 'markdown');
    expect(forward.out).toContain(
      '| CRITICAL | `privileged-container` | Deployment shop/web (' +
        path.join(after, 'web.yaml') +
        ':10) | `spec.template.spec.containers[0].securityContext.privileged: false → true` |',
    );
  });

  it('refuses unknown rule ids and unreadable input with exit 2', async () => {
    expect((await kubeward('diff', before, after, '--rules', 'privileged')).code).toBe(2);
    const broken = side('broken', { 'bad.yaml': 'kind: Pod\nmetadata: { name: x\n' });
    const result = await kubeward('diff', before, broken);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/bad\.yaml/);
  });

  it('reads either side from git, <ref>:<path>, without a checkout, as the built binary', () => {
    const bin = path.resolve(__dirname, '../dist/bin.js');
    const repo = mkdtempSync(path.join(os.tmpdir(), 'kubeward-diff-git-'));
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: repo });
    git('init', '-q', '-b', 'main');
    mkdirSync(path.join(repo, 'k8s'));
    writeFileSync(path.join(repo, 'k8s/ns.yaml'), namespace('restricted'));
    writeFileSync(path.join(repo, 'k8s/web.yaml'), web(false));
    writeFileSync(path.join(repo, 'README.md'), '# not a manifest');
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    writeFileSync(path.join(repo, 'k8s/web.yaml'), web(true));
    writeFileSync(path.join(repo, 'k8s/ns.yaml'), namespace('privileged'));
    git('commit', '-q', '-am', 'loosen');
    const diff = (...args: string[]) =>
      spawnSync(process.execPath, [bin, 'diff', ...args, '--rules', RULES, '--format', 'json', '--fail-on', 'high'], {
        cwd: path.join(repo, 'k8s'),
        encoding: 'utf8',
      });

    // As in git: `./` from the current directory (here k8s/), otherwise from the repository's root.
    const pr = diff('HEAD~1:./', 'HEAD:k8s');
    expect(pr.status, pr.stderr).toBe(1);
    const opened = JSON.parse(pr.stdout).opened as { ruleId: string; location: { file: string; line: number } }[];
    expect(opened.map((o) => o.ruleId).sort()).toEqual(['pod-security-enforce-lowered', 'privileged-container']);
    expect(opened.find((o) => o.ruleId === 'privileged-container')!.location).toMatchObject({
      file: 'HEAD:k8s/web.yaml',
      line: 10,
    });
    // A ref against the working tree: nothing changed since the last commit.
    expect(diff('main:k8s', '.').status).toBe(0);
    // A ref that does not exist is an input error, in git's words.
    const wrong = diff('no-such-branch:k8s', '.');
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/kubeward diff: no-such-branch:k8s: fatal: Not a valid object name no-such-branch/);
  });
});
