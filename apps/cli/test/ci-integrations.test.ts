import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { PRIVILEGED_POD as privileged } from './fixtures';

/**
 * The ways the CLI reaches CI besides npx: the GitHub Action (action.yml), the pre-commit hooks
 * and the container image. Their scripts run for real here, against the packed CLI.
 */
const ROOT = path.resolve(__dirname, '../../..');
const PACKAGE = path.join(ROOT, 'apps/cli/dist/npm');

interface Step {
  name: string;
  id?: string;
  shell?: string;
  run?: string;
  env?: Record<string, string>;
  uses?: string;
}
const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default?: string }>;
  runs: { using: string; steps: Step[] };
};

describe('the GitHub Action', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubeward-action-'));
  // `npx --yes kubeward@<version> …` as the runner would run it, served by this build's package.
  const bin = path.join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(
    path.join(bin, 'npx'),
    `#!/bin/sh\n[ "$1" = --yes ] && case "$2" in kubeward@*) shift 2; exec "${process.execPath}" "${PACKAGE}/bin/kubeward.js" "$@";; esac\nexit 127\n`,
  );
  chmodSync(path.join(bin, 'npx'), 0o755);

  /** The scan step's script, its inputs given as the runner gives them (defaults, then `with`). */
  function runScan(workspace: string, withInputs: Record<string, string>) {
    const step = action.runs.steps.find((s) => s.id === 'scan')!;
    const inputs = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default ?? '']));
    Object.assign(inputs, withInputs);
    const env = Object.fromEntries(
      Object.entries(step.env!).map(([k, v]) => [k, v.replace(/^\$\{\{ inputs\.([\w-]+) \}\}$/, (_, n) => inputs[n]!)]),
    );
    const output = path.join(workspace, 'github-output');
    writeFileSync(output, '');
    // As the runner runs a `shell: bash` step.
    const script = path.join(workspace, 'step.sh');
    writeFileSync(script, step.run!);
    const run = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd: workspace,
      env: { PATH: `${bin}:${process.env.PATH}`, GITHUB_OUTPUT: output, ...env },
      encoding: 'utf8',
    });
    return { ...run, outputs: readFileSync(output, 'utf8') };
  }

  it('is a composite action whose inputs reach the shell only through the environment', () => {
    expect(action.runs.using).toBe('composite');
    for (const step of action.runs.steps.filter((s) => s.run)) {
      // ${{ … }} inside a script is spliced into it before bash runs: an injection from a PR.
      expect(step.run, step.name).not.toMatch(/\$\{\{/);
    }
    const scan = action.runs.steps.find((s) => s.id === 'scan')!;
    for (const value of Object.values(scan.env!)) {
      const input = /^\$\{\{ inputs\.([\w-]+) \}\}$/.exec(value)?.[1];
      expect(input && input in action.inputs, value).toBe(true);
    }
  });

  it('writes SARIF, logs the table and reports exit 1 at the threshold; paths with spaces and shell text stay data', () => {
    const workspace = mkdtempSync(path.join(dir, 'ws-'));
    mkdirSync(path.join(workspace, 'my k8s'));
    writeFileSync(path.join(workspace, 'my k8s/pod.yaml'), privileged);
    const hostile = runScan(workspace, { path: '$(touch pwned) ;touch pwned2', 'fail-on': 'high' });
    expect(existsSync(path.join(workspace, 'pwned'))).toBe(false);
    expect(existsSync(path.join(workspace, 'pwned2'))).toBe(false);
    expect(hostile.outputs).toBe('exit-code=2\n');

    // One path per line, so a directory may have a space in its name.
    const found = runScan(workspace, { path: 'my k8s\n', 'fail-on': 'high' });
    expect(found.stderr).toBe('');
    expect(found.outputs).toBe('exit-code=1\n');
    expect(found.stdout).toMatch(/CRITICAL +privileged-container/);
    const sarif = JSON.parse(readFileSync(path.join(workspace, 'kubeward.sarif'), 'utf8'));
    expect(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toContain('privileged-container');
    // Relative to the workspace, as code scanning resolves it, and a URI reference.
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('my%20k8s/pod.yaml');

    const lenient = runScan(workspace, { path: 'my k8s\n', 'fail-on': '' });
    expect(lenient.outputs).toBe('exit-code=0\n');
  });
});

describe('the pre-commit hooks', () => {
  const hooks = parse(readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as {
    id: string;
    entry: string;
    language: string;
    args: string[];
    pass_filenames: boolean;
  }[];

  it('scan the whole set (cross-object rules need it), from Node or the image', () => {
    expect(hooks.map((h) => [h.id, h.language])).toEqual([
      ['kubeward-scan', 'system'],
      ['kubeward-scan-docker', 'docker_image'],
    ]);
    for (const h of hooks) expect(h.pass_filenames).toBe(false);
    // The image hook names the image and runs the same command.
    expect(hooks[1]!.entry.split(' ').slice(1)).toEqual(hooks[0]!.entry.split(' ').slice(1));
    const dockerfile = readFileSync(path.join(ROOT, 'apps/cli/Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^COPY --from=build \/src\/apps\/cli\/dist\/npm \/opt\/kubeward$/m);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["\/nodejs\/bin\/node", "\/opt\/kubeward\/bin\/kubeward\.js"\]$/m);
  });

  it('runs as pre-commit runs it: entry then args, in the repository, skipping .git and node_modules', () => {
    const repo = mkdtempSync(path.join(os.tmpdir(), 'kubeward-hook-'));
    const [command, ...entry] = hooks[0]!.entry.split(' ');
    expect(command).toBe('kubeward');
    const hook = () =>
      spawnSync(process.execPath, [path.join(PACKAGE, 'bin/kubeward.js'), ...entry, ...hooks[0]!.args], {
        cwd: repo,
        encoding: 'utf8',
      });
    // Nothing to judge yet, only workflows and dependencies: passes (--allow-empty).
    mkdirSync(path.join(repo, '.github/workflows'), { recursive: true });
    writeFileSync(path.join(repo, '.github/workflows/ci.yml'), 'on: push\njobs: {}\n');
    mkdirSync(path.join(repo, 'node_modules/dep'), { recursive: true });
    writeFileSync(path.join(repo, 'node_modules/dep/pod.yaml'), privileged);
    expect(hook().status).toBe(0);
    writeFileSync(path.join(repo, 'pod.yaml'), privileged);
    const failing = hook();
    expect(failing.status).toBe(1);
    expect(failing.stdout).toMatch(/^Pod shop\/web +pod\.yaml:1$/m);
  });
});
