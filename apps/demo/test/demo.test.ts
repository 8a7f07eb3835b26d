import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const MAIN = path.join(ROOT, 'apps/demo/dist/main.js');

/** `npm run demo -- --once` as a newcomer runs it (after `npm run build`, which `npm test` does first). */
describe('the demo', () => {
  it('tells the whole story and leaks no credential into any log', () => {
    expect(existsSync(MAIN), `${MAIN} is missing: run \`npm run build\` first`).toBe(true);
    const run = spawnSync(process.execPath, [MAIN, '--once'], { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });
    expect(run.status, run.stderr).toBe(0);
    const out = run.stdout;
    expect(out).toContain('Posture score');
    expect(out).toMatch(/Drift: posture [\d.]+ → [\d.]+, \d+ findings opened/);
    // The regression is the worst the demo does: it costs points, and posture.degraded fires at the default threshold.
    const [, before, after] = out.match(/Drift: posture ([\d.]+) → ([\d.]+)/)!;
    expect(Number(before) - Number(after)).toBeGreaterThanOrEqual(5);
    expect(out).toMatch(/posture\.degraded \([\d.]+ → [\d.]+\)/);
    const percentages = /CIS Kubernetes Benchmark ([\d.]+)%, NSA-CISA hardening guide ([\d.]+)%/g;
    const [cisBefore, cisAfter] = [...out.matchAll(percentages)].slice(1, 3).map((m) => Number(m[1]));
    expect(out).toMatch(
      /Compliance before: CIS Kubernetes Benchmark [\d.]+%, NSA-CISA hardening guide [\d.]+%\n +after: +CIS/,
    );
    expect(cisAfter).toBeLessThan(cisBefore!);
    expect(out).toMatch(/CRITICAL privileged-container +DaemonSet shop\/node-debugger/);
    expect(out).toContain('signature verified (Standard Webhooks)');
    expect(out).toMatch(/API key: +kwk_/);

    const logFile = out.match(/process logs: (\S+)\)/)?.[1];
    expect(logFile).toBeDefined();
    const logs = readFileSync(logFile!, 'utf8');
    expect(logs).toContain('evaluated snapshot');
    for (const secret of ['kwk_', 'kwa_', 'whsec_', 'sk_live_', 'Bearer ']) expect(logs).not.toContain(secret);
  });
});
