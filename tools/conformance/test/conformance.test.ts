import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RULES_BY_ID } from '@kubeward/rules';
import { DEFAULT_MAPPING } from '../src/paths';
import { type Mapping, runCorpus } from '../src/run';

const ROOT = path.resolve(__dirname, '../../..');
/** The peers' corpus lives beside the repository (shared/), or wherever this points. */
const CORPUS = process.env.KUBEWARD_CONFORMANCE_CORPUS ?? path.resolve(ROOT, '../shared/conformance');
const mapping = JSON.parse(readFileSync(DEFAULT_MAPPING, 'utf8')) as Mapping;

describe('conformance against peers', () => {
  it('maps only rules that exist', () => {
    for (const variants of Object.values(mapping.checks)) {
      for (const entry of Object.values(variants)) {
        if (entry.skip) continue;
        expect(entry.rules?.length).toBeGreaterThan(0);
        for (const id of entry.rules ?? []) expect(RULES_BY_ID.has(id), `unknown rule ${id}`).toBe(true);
      }
    }
  });

  it('agrees with ≥ 98% of mapped cases, and ≥ 95% in every mapped check', () => {
    const report = runCorpus(CORPUS, mapping);
    expect(report.totalCases).toBeGreaterThan(900);
    expect(report.unmapped).toEqual([]);
    expect(report.mappedCases).toBeGreaterThan(500);
    expect(report.accuracy).toBeGreaterThanOrEqual(0.98);
    const weak = report.checks
      .filter((c) => c.accuracy < 0.95)
      .map((c) => `${c.check}: ${(100 * c.accuracy).toFixed(1)}%`);
    expect(weak).toEqual([]);
  });

  it('works on any corpus of the same layout', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'corpus-'));
    const add = (source: string, name: string, expected: object, manifest: string) => {
      const dir = path.join(root, 'cases', source, 'host-network', name);
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'pod.yaml'), manifest);
      writeFileSync(
        path.join(dir, 'expected.json'),
        JSON.stringify({ check: 'host-network', variant: null, inputs: ['pod.yaml'], ...expected }),
      );
    };
    const pod = (hostNetwork: boolean) =>
      `apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec:\n  hostNetwork: ${hostNetwork}\n  containers: [{ name: c, image: nginx }]\n`;
    add('peer-a', 'bad', { expect: 'fail', failingObjects: [{ kind: 'Pod', name: 'p' }] }, pod(true));
    add('peer-a', 'good', { expect: 'pass' }, pod(false));
    add('peer-b', 'wrong', { expect: 'pass' }, pod(true));
    const report = runCorpus(root, {
      now: '2026-01-01T00:00:00Z',
      checks: { 'host-network': { '(default)': { rules: ['host-network'] } } },
    });
    expect(report.checks).toEqual([
      { check: 'host-network', cases: 3, tp: 1, fp: 1, tn: 1, fn: 0, precision: 0.5, recall: 1, accuracy: 2 / 3 },
    ]);
    expect(report.disagreements.map((d) => d.case.dir)).toEqual([
      path.join('cases', 'peer-b', 'host-network', 'wrong'),
    ]);
  });
});
