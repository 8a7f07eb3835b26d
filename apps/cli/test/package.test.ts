import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PRIVILEGED_POD as privileged, withFakeCluster } from './fixtures';

/**
 * The CLI as people install it: `npm pack` of apps/cli/dist/npm (written by `npm run build`), run
 * with `npx` from the tarball, offline and from an empty npm cache, outside the repository, so
 * nothing of the workspace's node_modules can be reached.
 */
const PACKAGE = path.resolve(__dirname, '../dist/npm');
const execFileAsync = promisify(execFile);

describe('the kubeward package', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubeward-package-'));
  let tarball = '';
  // Offline, with a cache of its own: the tarball must hold everything the CLI runs.
  const env = { ...process.env, npm_config_cache: path.join(dir, 'npm-cache'), npm_config_offline: 'true' };
  const npx = (args: string[], input?: string) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(
        'npx',
        ['--yes', '--package', tarball, '--', 'kubeward', ...args],
        { cwd: dir, env, encoding: 'utf8', maxBuffer: 1 << 26 },
        (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
      child.stdin!.end(input ?? '');
    });

  beforeAll(async () => {
    expect(existsSync(path.join(PACKAGE, 'package.json')), `${PACKAGE} is missing: run \`npm run build\``).toBe(true);
    const [packed] = JSON.parse(
      (await execFileAsync('npm', ['pack', PACKAGE, '--pack-destination', dir, '--json'], { encoding: 'utf8' })).stdout,
    ) as { filename: string; size: number; unpackedSize: number; files: { path: string }[] }[];
    tarball = path.join(dir, packed!.filename);
  }, 60_000);

  it('has no runtime dependency tree and weighs a few MB at most', () => {
    const manifest = JSON.parse(readFileSync(path.join(PACKAGE, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({ name: 'kubeward', bin: { kubeward: 'bin/kubeward.js' } });
    expect(manifest.dependencies).toBeUndefined();
    expect(statSync(tarball).size).toBeLessThan(2 * 1024 * 1024);
    // The bundled packages' licences travel with them.
    expect(readFileSync(path.join(PACKAGE, 'THIRD-PARTY-NOTICES.txt'), 'utf8')).toMatch(/^commander@\S+ \(MIT\)/m);
  });

  it('runs with npx from the packed tarball: --version, and a scan that fails the build', async () => {
    const version = await npx(['--version']);
    expect(version).toMatchObject({
      code: 0,
      stdout: `${JSON.parse(readFileSync(path.join(PACKAGE, 'package.json'), 'utf8')).version}\n`,
    });

    const scan = await npx(['scan', '-f', '-', '--fail-on', 'high', '--format', 'json'], privileged);
    expect(scan.code, scan.stderr).toBe(1);
    const report = JSON.parse(scan.stdout);
    expect(report.findings.find((f: { ruleId: string }) => f.ruleId === 'privileged-container')?.location).toEqual({
      file: '<stdin>',
      line: 9,
      column: 9,
    });
    // Bad usage is 2, with the closest rule id suggested.
    const usage = await npx(['scan', '-f', '-', '--rules', 'privileged'], privileged);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/privileged-container/);
  }, 60_000);

  it('scans a live cluster with the Kubernetes client it loads only for --kubeconfig', async () => {
    await withFakeCluster([privileged], async (kubeconfig) => {
      const scan = await npx([
        'scan',
        '--kubeconfig',
        kubeconfig,
        '--rules',
        'privileged-container',
        '--fail-on',
        'high',
      ]);
      expect(scan.stdout).toMatch(
        /^Pod shop\/web\n {2}CRITICAL +privileged-container +container "web" runs privileged/,
      );
      expect(scan.code).toBe(1);
    });
  }, 60_000);

  it('is what the build writes from the sources, not a stale copy', () => {
    // The workspace bin and the bundle print the same help: one CLI, two ways to install it.
    const fromWorkspace = execFileSync(process.execPath, [path.resolve(__dirname, '../dist/bin.js'), '--help'], {
      encoding: 'utf8',
    });
    const fromBundle = execFileSync(process.execPath, [path.join(PACKAGE, 'bin/kubeward.js'), '--help'], {
      encoding: 'utf8',
    });
    expect(fromBundle).toBe(fromWorkspace);
  });
});
