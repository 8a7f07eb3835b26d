import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { FakeKube } from '@kubeward/fake-kube';
import { run } from '../src/main';

async function whoCan(...args: string[]) {
  let out = '';
  let err = '';
  const code = await run(['who-can', ...args], { out: (s) => ((out += s), true), err: (s) => ((err += s), true) });
  return { code, out, err };
}

const CASES = path.resolve(__dirname, '../../../packages/rules/src/rules/rbac-escalation-path/cases');

describe('kubeward who-can', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubeward-who-can-'));
  const manifests = path.join(dir, 'rbac.yaml');
  writeFileSync(
    manifests,
    ['fail.mint-token-then-webhooks.yaml', 'fail.deploy-as-admin-account.yaml']
      .map((f) => readFileSync(path.join(CASES, f), 'utf8'))
      .join('---\n'),
  );

  it('lists who may do something in a namespace, through which binding, and who reaches cluster-admin', async () => {
    const { code, out, err } = await whoCan('create', 'serviceaccounts/token', '-n', 'tools', '-f', manifests);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out.split('\n').slice(0, 5)).toEqual([
      'Who can create serviceaccounts/token in namespace tools: 2 subjects',
      '',
      'SUBJECT                      WHERE          THROUGH',
      'ServiceAccount ci/pipeline   cluster-wide   ClusterRoleBinding pipeline-admin → ClusterRole cluster-admin',
      'User dave                    tools          RoleBinding tools/support-tokens → Role token-minter',
    ]);
    // Elsewhere dave's namespaced grant does not apply.
    const ci = await whoCan('create', 'serviceaccounts/token', '-n', 'ci', '-f', manifests);
    expect(ci.out).not.toContain('dave');
  });

  it("shows one subject's grants, dangerous powers and path to cluster-admin, as text and JSON", async () => {
    const { code, out } = await whoCan('--subject', 'User:dave', '-f', manifests);
    expect(code).toBe(0);
    expect(out).toContain('Dangerous powers:\n  mint service account tokens in namespace tools');
    expect(out).toContain(
      'Reaches cluster-admin in 2 steps:\n  1) User dave can mint a token of ServiceAccount tools/operator',
    );
    const json = await whoCan('--subject', 'system:serviceaccount:tools:operator', '-f', manifests, '--format', 'json');
    const parsed = JSON.parse(json.out) as {
      subject: unknown;
      powers: { power: string }[];
      pathToClusterAdmin: string[];
    };
    expect(parsed.subject).toEqual({ kind: 'ServiceAccount', name: 'operator', namespace: 'tools' });
    expect(parsed.powers.map((p) => p.power)).toEqual(['write-webhooks']);
    expect(parsed.pathToClusterAdmin).toHaveLength(1);
  });

  it('asks a live cluster through the agent collector, never reading Secrets', async () => {
    const kube = new FakeKube();
    kube.load(parseAllDocuments(readFileSync(manifests, 'utf8')).map((d) => d.toJS() as Record<string, unknown>));
    await kube.start();
    try {
      const kubeconfig = path.join(dir, 'kubeconfig');
      writeFileSync(kubeconfig, kube.kubeconfig());
      const { code, out } = await whoCan('--subject', 'Group:developers', '--kubeconfig', kubeconfig);
      expect(code).toBe(0);
      expect(out).toContain('Reaches cluster-admin in 2 steps:');
      expect(kube.requests.some((r) => r.path.includes('secrets'))).toBe(false);
    } finally {
      await kube.stop();
    }
  });

  it.each([
    [['create', 'pods'], 'give manifests with -f <file|dir|-> or a cluster with --kubeconfig <path>'],
    [['create', '-f', 'x.yaml'], 'ask either who-can <verb> <resource> or who-can --subject <Kind:name>, not both'],
    [['get', 'pods', '--subject', 'User:a', '-f', 'x.yaml'], 'ask either who-can'],
    [['get pods', 'pods', '-f', 'x.yaml'], 'verb: "get pods" is not a Kubernetes verb'],
    [['--subject', 'alice', '-f', 'x.yaml'], '--subject: "alice" is not Kind:name'],
    [
      ['--subject', 'ServiceAccount:ci', '-f', 'x.yaml'],
      'subject.namespace: a ServiceAccount is named with its namespace',
    ],
  ])('refuses %j with exit 2, saying why', async (args, message) => {
    const { code, err, out } = await whoCan(...args);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain(message);
  });
});
