import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { buildSnapshot, type Snapshot } from '@kubeward/snapshot';
import type { RuleSettings } from '../src';

export const RULES_DIR = path.resolve(__dirname, '../src/rules');

export interface RuleCase {
  ruleDir: string;
  file: string;
  expect: 'pass' | 'fail';
}

export function ruleCases(ruleDir: string): RuleCase[] {
  const dir = path.join(RULES_DIR, ruleDir, 'cases');
  return readdirSync(dir)
    .filter((f) => /^(pass|fail)\..+\.ya?ml$/.test(f))
    .sort()
    .map((file) => ({ ruleDir, file: path.join(dir, file), expect: file.startsWith('pass.') ? 'pass' : 'fail' }));
}

/**
 * A case file is manifests, plus two fixture conventions for what manifests cannot say: a
 * `kind: KubewardClusterFacts` document (server version) and a leading `# settings: {…}` comment
 * (organisation settings such as trusted registries).
 */
export function loadCase(file: string): { snapshot: Snapshot; settings: Partial<RuleSettings> } {
  const text = readFileSync(file, 'utf8');
  const settingsLine = text.match(/^# settings: (.*)$/m);
  const docs = parseAllDocuments(text).map((d) => d.toJS() as Record<string, unknown> | null);
  const facts = docs.find((d) => d?.kind === 'KubewardClusterFacts') as
    { serverVersion?: Snapshot['cluster']['serverVersion'] } | undefined;
  const snapshot = buildSnapshot(
    docs.filter((d) => d && d.kind !== 'KubewardClusterFacts'),
    {
      snapshotId: 'case-snapshot',
      collectedAt: '2026-01-01T00:00:00Z',
      agentVersion: 'test',
      source: 'manifests',
      serverVersion: facts?.serverVersion,
    },
  ).snapshot;
  return { snapshot, settings: settingsLine ? (parse(settingsLine[1]!) as Partial<RuleSettings>) : {} };
}
