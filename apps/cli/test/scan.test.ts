import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { run } from '../src/main';
import { withFakeCluster } from './fixtures';

/** The lines of the table under one object's header, up to the blank line that ends them. */
function group(out: string, header: string): string {
  const start = out.split('\n').findIndex((l) => l === header || l.startsWith(`${header}  `));
  expect(start, `no group for ${header} in:\n${out}`).toBeGreaterThanOrEqual(0);
  const lines = out.split('\n').slice(start);
  return lines.slice(0, lines.indexOf('')).join('\n');
}

async function scan(...args: string[]) {
  let out = '';
  let err = '';
  const code = await run(['scan', ...args], { out: (s) => ((out += s), true), err: (s) => ((err += s), true) });
  return { code, out, err };
}

const privileged = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx:1.27.3
          securityContext: { privileged: true }
`;
const clean = `apiVersion: v1
kind: Pod
metadata: { name: ok, namespace: shop }
spec:
  hostNetwork: false
  containers: [{ name: app, image: nginx:1.27.3 }]
`;

describe('kubeward scan', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubeward-scan-'));
  writeFileSync(path.join(dir, 'a-web.yaml'), `# leading comment\n---\n${clean}---\n${privileged}`);
  writeFileSync(path.join(dir, 'b-broken.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: { name: x\n  oops: [\n');
  writeFileSync(
    path.join(dir, 'c-list.json'),
    JSON.stringify({
      kind: 'List',
      items: [
        JSON.parse(
          JSON.stringify({
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name: 'from-json', namespace: 'shop' },
            spec: { hostPID: true, containers: [{ name: 'c', image: 'busybox:1.36' }] },
          }),
        ),
      ],
    }),
  );
  writeFileSync(path.join(dir, 'README.md'), '# not a manifest');

  it('scans a directory, names each finding with its file and line, and reports a broken file without stopping', async () => {
    const { code, out, err } = await scan('-f', dir, '--rules', 'privileged-container,host-pid-ipc');
    // Grouped by object (its header says where it starts), each finding at its field's line:column.
    expect(group(out, 'Deployment shop/web')).toMatch(
      /^Deployment shop\/web +.*a-web\.yaml:\d+\n +19:30 +CRITICAL +privileged-container +container "web" runs privileged/,
    );
    expect(group(out, 'Pod shop/from-json')).toMatch(
      /^Pod shop\/from-json +.*c-list\.json:1\n +1:116 +HIGH +host-pid-ipc +Pod shop\/from-json shares/,
    );
    expect(out).toContain('2 findings (1 critical, 1 high');
    expect(err).toMatch(/b-broken\.yaml:3: /);
    // Unreadable input makes the exit code 2 even without --fail-on.
    expect(code).toBe(2);
  });

  it('sets the exit code with --fail-on', async () => {
    const file = path.join(dir, 'a-web.yaml');
    expect((await scan('-f', file, '--rules', 'privileged-container', '--fail-on', 'critical')).code).toBe(1);
    expect((await scan('-f', file, '--rules', 'host-network', '--fail-on', 'low')).code).toBe(0);
    expect(
      (
        await scan(
          '-f',
          file,
          '--skip-rules',
          'privileged-container',
          '--rules',
          'privileged-container',
          '--fail-on',
          'low',
        )
      ).code,
    ).toBe(0);
    const bad = await scan('-f', file, '--fail-on', 'severe');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--fail-on must be one of info, low, medium, high, critical (got "severe")');
  });

  it('refuses unknown rule ids, suggesting what was meant', async () => {
    const file = path.join(dir, 'a-web.yaml');
    const typo = await scan(
      '-f',
      file,
      '--rules',
      'privileged',
      '--skip-rules',
      'host-netwrk',
      '--fail-on',
      'critical',
    );
    expect(typo.code).toBe(2);
    expect(typo.out).toBe('');
    expect(typo.err).toBe(
      'kubeward scan: --rules: "privileged" is not a rule id (did you mean privileged-container, workload-sa-privileged-rbac?)\n' +
        'kubeward scan: --skip-rules: "host-netwrk" is not a rule id (did you mean host-network?)\n',
    );
  });

  it('fails an input with no Kubernetes object (a failed helm template), unless --allow-empty', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'kubeward-empty-'));
    writeFileSync(path.join(empty, 'empty.yaml'), '# nothing rendered\n---\n');
    writeFileSync(path.join(empty, 'Chart.yaml'), 'apiVersion: v2\nname: shop\nversion: 1.2.3\n');
    writeFileSync(path.join(empty, 'values.yaml'), 'replicaCount: 2\nimage: { repository: nginx }\n');
    writeFileSync(
      path.join(empty, 'ci.yml'),
      'name: ci\non: [push]\njobs:\n  scan:\n    runs-on: ubuntu-latest\n    steps: [{ run: kubeward scan -f . }]\n',
    );
    const refused = await scan('-f', empty, '--format', 'json');
    expect(refused.code).toBe(2);
    expect(refused.err).toContain(
      '4 files: no Kubernetes object found (pass --allow-empty if an empty input is expected)',
    );
    const skipped = JSON.parse(refused.out).skipped.map((s: { file: string; message: string }) => [
      path.basename(s.file),
      s.message.split(',')[0],
    ]);
    expect(skipped).toEqual([
      ['Chart.yaml', 'Helm chart metadata (Chart.yaml)'],
      ['ci.yml', 'a GitHub Actions workflow'],
      ['values.yaml', 'not a Kubernetes object (no apiVersion and kind)'],
    ]);
    expect(refused.err).toMatch(/ci\.yml:1: skipped: a GitHub Actions workflow, not a Kubernetes object/);
    const allowed = await scan('-f', empty, '--allow-empty');
    expect(allowed.code).toBe(0);
    const sarif = JSON.parse((await scan('-f', empty, '--format', 'sarif')).out);
    expect(sarif.runs[0].invocations[0].executionSuccessful).toBe(false);
    expect(sarif.runs[0].invocations[0].toolExecutionNotifications.map((n: { level: string }) => n.level)).toEqual([
      'error',
      'note',
      'note',
      'note',
    ]);
  });

  it('exits 2 for unreadable input even when it also found something', async () => {
    const { code, out } = await scan('-f', dir, '--rules', 'privileged-container', '--fail-on', 'low');
    expect(out).toMatch(/privileged-container/);
    expect(code).toBe(2);
  });

  it('counts in words a person reads, and says what was not judged only when it matters', async () => {
    const file = path.join(dir, 'a-web.yaml');
    const all = await scan('-f', file);
    expect(all.out).toMatch(/\n\d+ findings \([^)]*\) in 2 workloads\.\n/);
    expect(all.out).toMatch(
      /\d+ rules need what these files do not hold \(a live cluster's nodes, API server flags, history\)/,
    );
    const one = await scan('-f', file, '--rules', 'privileged-container,node-public-ip');
    expect(one.out).toContain('\n1 finding (1 critical) in 2 workloads.\n');
    expect(one.out).toContain('not judged: node-public-ip: input not collected: Node (not-found)');
  });

  it('honours kubeward.io/ignore with its reason in every format, and refuses one without a reason or rule', async () => {
    const accepted = mkdtempSync(path.join(os.tmpdir(), 'kubeward-ignore-'));
    const annotated = privileged.replace(
      'metadata: { name: web, namespace: shop }',
      'metadata:\n  name: web\n  namespace: shop\n  annotations:\n    kubeward.io/ignore: "privileged-container: node debugger, removed after INC-42"',
    );
    writeFileSync(path.join(accepted, 'web.yaml'), annotated);
    const table = await scan('-f', accepted, '--rules', 'privileged-container', '--fail-on', 'low');
    expect(table.code).toBe(0);
    expect(table.out).toContain('accepted (kubeward.io/ignore): node debugger, removed after INC-42');
    const json = JSON.parse((await scan('-f', accepted, '--rules', 'privileged-container', '--format', 'json')).out);
    expect(json.findings[0].accepted).toEqual({ reason: 'node debugger, removed after INC-42' });
    const sarif = JSON.parse((await scan('-f', accepted, '--rules', 'privileged-container', '--format', 'sarif')).out);
    expect(sarif.runs[0].results[0].suppressions).toEqual([
      { kind: 'inSource', justification: 'node debugger, removed after INC-42' },
    ]);
    writeFileSync(path.join(accepted, 'web.yaml'), annotated.replace('privileged-container: node', 'privileged node'));
    const wrong = await scan('-f', accepted, '--rules', 'privileged-container', '--fail-on', 'low');
    expect(wrong.code).toBe(2);
    expect(wrong.err).toMatch(
      /web\.yaml:7: kubeward\.io\/ignore: "privileged node debugger, removed after INC-42" is not a rule id/,
    );
  });

  it('writes JUnit XML a CI test report reads: failures at --fail-on, accepted risks skipped, input errors as errors', async () => {
    const accepted = mkdtempSync(path.join(os.tmpdir(), 'kubeward-junit-'));
    writeFileSync(
      path.join(accepted, 'web.yaml'),
      privileged.replace(
        'metadata: { name: web, namespace: shop }',
        'metadata:\n  name: web\n  namespace: shop\n  annotations:\n    kubeward.io/ignore: "run-as-root: <legacy> & \\"quoted\\""',
      ),
    );
    writeFileSync(path.join(accepted, 'broken.yaml'), 'a: [\n');
    const { code, out } = await scan('-f', accepted, '--format', 'junit', '--fail-on', 'high');
    expect(code).toBe(2);
    expect(XMLValidator.validate(out)).toBe(true);
    const suite = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(out).testsuites.testsuite;
    const cases = [suite.testcase].flat() as Record<string, unknown>[];
    expect(cases.find((c) => c.name === 'CRITICAL privileged-container')).toMatchObject({
      classname: 'Deployment shop/web',
      line: '14',
      failure: { type: 'CRITICAL', message: expect.stringMatching(/container "web" runs privileged/) },
    });
    expect(cases.find((c) => String(c.name).endsWith(' run-as-root'))).toMatchObject({
      skipped: { message: 'accepted: <legacy> & "quoted"' },
    });
    // Below --fail-on: reported, not failed.
    const low = cases.filter((c) => String(c.name).startsWith('LOW '));
    expect(low.length).toBeGreaterThan(0);
    for (const c of low) expect(c.failure).toBeUndefined();
    expect(cases.find((c) => c.classname === 'kubeward.input')).toMatchObject({ error: { type: 'InputError' } });
    expect(Number(suite.failures)).toBe(cases.filter((c) => c.failure).length);
    expect(Number(suite.tests)).toBe(cases.length);
  });

  it('writes markdown for a pull-request comment', async () => {
    const repo = mkdtempSync(path.join(os.tmpdir(), 'kubeward-markdown-'));
    writeFileSync(path.join(repo, 'a-web.yaml'), `${clean}---\n${privileged}`);
    writeFileSync(path.join(repo, 'ci.yml'), 'on: push\njobs: { test: { runs-on: ubuntu-latest } }\n');
    const { out } = await scan('-f', repo, '--format', 'markdown');
    expect(out).toMatch(/^### Kubeward: \d+ findings \(1 critical, /);
    expect(out).toMatch(
      /\n\| CRITICAL \| `privileged-container` \| Deployment shop\/web \| `.*a-web\.yaml:17` \| Deployment shop\/web: container "web" runs privileged/,
    );
    // A skipped document is said, folded away.
    expect(out).toMatch(/<details><summary>1 document skipped<\/summary>/);
  });

  it('colours the table only when asked or on a terminal, never under NO_COLOR', async () => {
    const file = path.join(dir, 'a-web.yaml');
    expect((await scan('-f', file)).out).not.toContain('\u001b[');
    const coloured = await scan('-f', file, '--color');
    expect(coloured.out).toContain('\u001b[1m\u001b[31mCRITICAL');
    let written = '';
    const tty = { out: (s: string) => void (written += s), err: () => undefined, isTTY: true };
    const previous = process.env.NO_COLOR;
    process.env.NO_COLOR = '1';
    try {
      await run(['scan', '-f', file], tty);
    } finally {
      if (previous === undefined) delete process.env.NO_COLOR;
      else process.env.NO_COLOR = previous;
    }
    expect(written).toContain('CRITICAL');
    expect(written).not.toContain('\u001b[');
  });

  it('writes JSON and SARIF 2.1.0', async () => {
    const file = path.join(dir, 'a-web.yaml');
    const json = JSON.parse((await scan('-f', file, '--rules', 'privileged-container', '--format', 'json')).out);
    expect(json.findings).toHaveLength(1);
    expect(json.findings[0]).toMatchObject({
      ruleId: 'privileged-container',
      container: 'web',
      location: { file, line: 19, column: 30 },
      fingerprint: 'privileged-container:Deployment:shop:web:web',
    });
    expect(json.findings[0].message).toMatch(/^Deployment shop\/web: container "web" /);
    expect(Object.keys(json.findings[0]).sort()).toEqual(
      ['container', 'fingerprint', 'location', 'message', 'paths', 'platform', 'resource', 'ruleId', 'severity'].sort(),
    );
    const sarif = JSON.parse((await scan('-f', file, '--rules', 'privileged-container', '--format', 'sarif')).out);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].tool.driver.version).toBe(
      JSON.parse(readFileSync(path.resolve(__dirname, '../package.json'), 'utf8')).version,
    );
    expect(sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(['privileged-container']);
    expect(sarif.runs[0].results[0]).toMatchObject({
      ruleId: 'privileged-container',
      level: 'error',
      locations: [
        { physicalLocation: { artifactLocation: { uri: file }, region: { startLine: 19, startColumn: 30 } } },
      ],
    });
  });

  it('scans a live cluster through the agent collector', async () => {
    await withFakeCluster([privileged], async (kubeconfig, kube) => {
      const { code, out } = await scan(
        '--kubeconfig',
        kubeconfig,
        '--rules',
        'privileged-container',
        '--fail-on',
        'high',
      );
      // A live cluster's objects have no file: no position column.
      expect(group(out, 'Deployment shop/web')).toMatch(
        /^Deployment shop\/web\n {2}CRITICAL +privileged-container +container "web"/,
      );
      expect(code).toBe(1);
      expect(kube.requests.some((r) => r.path.includes('secrets'))).toBe(false);
    });
  });

  it('reads manifests piped on stdin (helm template … | kubeward scan -f -), as the built binary', () => {
    const bin = path.resolve(__dirname, '../dist/bin.js');
    expect(existsSync(bin), `${bin} is missing: run \`npm run build\` first`).toBe(true);
    const run = spawnSync(
      process.execPath,
      [bin, 'scan', '-f', '-', '--rules', 'privileged-container', '--format', 'json', '--fail-on', 'critical'],
      {
        input: privileged,
        encoding: 'utf8',
      },
    );
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0].location).toEqual({ file: '<stdin>', line: 10, column: 30 });
  });

  it('writes a report larger than a pipe holds whole before exiting, as the built binary', () => {
    const bin = path.resolve(__dirname, '../dist/bin.js');
    const fixture = path.resolve(__dirname, '../../demo/fixtures/cluster.yaml');
    // Through a shell pipe, as `kubeward scan … --format json | jq` reads it.
    const run = spawnSync('sh', ['-c', `"${process.execPath}" "${bin}" scan -f "${fixture}" --format json | cat`], {
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(run.stdout.length).toBeGreaterThan(65_536);
    expect(JSON.parse(run.stdout).findings.length).toBeGreaterThan(100);
  });

  it('lists the findings of one cause under its primary', async () => {
    const fixture = path.resolve(__dirname, '../../demo/fixtures/third-party/ingress-nginx.yaml');
    const { out } = await scan('-f', fixture);
    const lines = out.split('\n');
    const at = lines.findIndex((l) => /^ +\d+:\d+ +CRITICAL +workload-sa-privileged-rbac /.test(l));
    expect(lines.slice(at + 1, at + 4).map((l) => l.trim())).toEqual([
      'same cause: HIGH sa-token-automounted on Deployment ingress-nginx/ingress-nginx-controller',
      'same cause: HIGH secrets-readable-broadly on ClusterRoleBinding ingress-nginx',
      'same cause: MEDIUM secrets-readable-in-namespace on RoleBinding ingress-nginx/ingress-nginx',
    ]);
    // Listed once, under the primary, not again under its own object.
    expect(lines.filter((l) => /^ +\d+:\d+ +HIGH +secrets-readable-broadly /.test(l))).toEqual([]);
  });

  it("prints a framework's control table with --framework, and refuses an unknown one", async () => {
    const { code, out } = await scan(
      '-f',
      path.join(dir, 'a-web.yaml'),
      path.join(dir, 'c-list.json'),
      '--framework',
      'cis-1.10',
    );
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines[0]).toBe('CIS Kubernetes Benchmark 1.10.0');
    const at = (id: string) => lines.findIndex((l) => l.split(/ +/)[1] === id);
    expect(lines[at('5.2.2')]).toMatch(/^FAIL +5\.2\.2 +Minimize the admission of privileged containers$/);
    expect(lines[at('5.2.2') + 1]).toMatch(/^ +failing: privileged-container \(1\)$/);
    expect(lines[at('5.2.3')]).toMatch(/^FAIL +5\.2\.3 /);
    expect(lines[at('5.2.5')]).toMatch(/^PASS +5\.2\.5 /);
    expect(lines[at('5.3.1')]).toMatch(/^MANUAL +5\.3\.1 /);
    expect(lines[at('5.3.1') + 1]).toContain('Whether the CNI enforces policies is a property of the plugin');
    // No RBAC among the files: the RBAC recommendations cannot be judged, and say so.
    expect(lines[at('5.1.9')]).toMatch(/^NOT_EVALUABLE +5\.1\.9 /);
    expect(out).toMatch(
      /\n\d+(\.\d+)?% compliant: \d+ pass, \d+ fail, \d+ not evaluable, \d+ manual \(of 41 controls\)\.\n$/,
    );

    const json = JSON.parse(
      (await scan('-f', path.join(dir, 'a-web.yaml'), '--framework', 'pss-baseline', '--format', 'json')).out,
    );
    expect(json.framework).toEqual({ id: 'pss-baseline', name: 'Pod Security Standards: Baseline', version: 'v1.31' });
    expect(json.controls.find((c: { id: string }) => c.id === 'baseline/privileged-containers')).toEqual({
      id: 'baseline/privileged-containers',
      title: 'Privileged Containers',
      status: 'FAIL',
      reason: null,
      rules: ['privileged-container'],
    });
    expect(json.summary.fail).toBeGreaterThan(0);

    const unknown = await scan('-f', dir, '--framework', 'soc2');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain(
      'unknown framework "soc2"; one of cis-1.10, nsa-cisa-1.2, pss-baseline, pss-restricted',
    );
    expect(unknown.out).toBe('');
  });

  it('judges and names objects without a name or a namespace, rather than dropping them', async () => {
    const partial = mkdtempSync(path.join(os.tmpdir(), 'kubeward-partial-'));
    writeFileSync(
      path.join(partial, 'snippets.yaml'),
      [
        // A pod as a Job controller or `kubectl create` would template it: generateName, no namespace.
        'apiVersion: v1\nkind: Pod\nmetadata: { generateName: debug- }\nspec:\n  hostPID: true\n  containers: [{ name: c, image: busybox:1.36 }]\n',
        // A snippet with no metadata at all.
        'apiVersion: v1\nkind: Pod\nspec:\n  hostPID: true\n  containers: [{ name: c, image: busybox:1.36 }]\n',
        // Explicitly in default.
        'apiVersion: v1\nkind: Pod\nmetadata: { name: explicit, namespace: default }\nspec:\n  containers: [{ name: c, image: busybox:1.36 }]\n',
      ].join('---\n'),
    );
    const { out, err } = await scan('-f', partial, '--rules', 'host-pid-ipc,workloads-in-default-namespace');
    expect(err).not.toContain('metadata.name is missing');
    expect(group(out, 'Pod debug-(generated) (namespace not set)')).toMatch(/\n +5:3 +HIGH +host-pid-ipc /);
    expect(group(out, 'Pod (unnamed #2) (namespace not set)')).toMatch(/\n +11:3 +HIGH +host-pid-ipc /);
    // Only the pod that says `default` is in the default namespace.
    expect(out.split('\n').filter((l) => l.includes('workloads-in-default-namespace'))).toHaveLength(1);
    expect(group(out, 'Pod default/explicit')).toContain('workloads-in-default-namespace');
  });

  it('prints its version, and help with examples and exit codes', async () => {
    let out = '';
    const io = { out: (s: string) => ((out += s), true), err: () => true };
    expect(await run(['--version'], io)).toBe(0);
    expect(out).toBe('0.1.0\n');
    out = '';
    expect(await run(['scan', '--help'], io)).toBe(0);
    expect(out).toContain('helm template my-chart | kubeward scan -f - --format sarif > kubeward.sarif');
    expect(out).toContain('Exit codes: 0 clean; 1 a finding at or above --fail-on; 2 a usage or input error');
  });

  it('asks for input when given none', async () => {
    const { code, err } = await scan();
    expect(code).toBe(2);
    expect(err).toContain('give manifests with -f');
  });
});
