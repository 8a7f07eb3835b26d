import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { buildSnapshot, type Snapshot } from '@kubeward/snapshot';

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

export function snapshotFromYaml(file: string): Snapshot {
  const objects = parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS() as unknown);
  return buildSnapshot(objects, {
    snapshotId: 'case-snapshot',
    collectedAt: '2026-01-01T00:00:00Z',
    agentVersion: 'test',
  }).snapshot;
}
