import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { buildSnapshot, type Snapshot } from '@kubeward/snapshot';
import { previousStateOf, type AccountUse, type RuleSettings, type StandingFinding } from '../src';

export const RULES_DIR = path.resolve(__dirname, '../src/rules');

/** Beside each fail case, the findings it must give: `fail.x.yaml` → `fail.x.expected.yaml`. */
export const EXPECTED = '.expected.yaml';
export const expectedFile = (caseFile: string) => caseFile.replace(/\.ya?ml$/, EXPECTED);

export interface RuleCase {
  ruleDir: string;
  file: string;
  expect: 'pass' | 'fail';
}

export function ruleCases(ruleDir: string): RuleCase[] {
  const dir = path.join(RULES_DIR, ruleDir, 'cases');
  return readdirSync(dir)
    .filter((f) => /^(pass|fail)\..+\.ya?ml$/.test(f) && !f.endsWith(EXPECTED))
    .sort()
    .map((file) => ({ ruleDir, file: path.join(dir, file), expect: file.startsWith('pass.') ? 'pass' : 'fail' }));
}

/** What a case file holds besides the rule under test: its manifests, cluster facts and settings. */
export interface CaseInput {
  objects: Record<string, unknown>[];
  /** The cluster before, for drift rules: a `kind: KubewardPrevious` document. */
  previous?: {
    collectedAt: string;
    objects: Record<string, unknown>[];
    standing?: StandingFinding[];
    accounts?: AccountUse[];
  };
  serverVersion?: Snapshot['cluster']['serverVersion'];
  settings: Partial<RuleSettings>;
}

/**
 * A case file is manifests, plus fixture conventions for what manifests cannot say: a
 * `kind: KubewardClusterFacts` document (server version), a `kind: KubewardPrevious` document (the
 * previous snapshot's manifests and the drift findings standing) and a leading `# settings: {…}`
 * comment (organisation settings such as trusted registries).
 */
export function readCase(file: string): CaseInput {
  const text = readFileSync(file, 'utf8');
  const settingsLine = text.match(/^# settings: (.*)$/m);
  const docs = parseAllDocuments(text)
    .map((d) => d.toJS() as Record<string, unknown> | null)
    .filter((d): d is Record<string, unknown> => d !== null);
  const facts = docs.find((d) => d.kind === 'KubewardClusterFacts') as
    { serverVersion?: Snapshot['cluster']['serverVersion'] } | undefined;
  const previous = docs.find((d) => d.kind === 'KubewardPrevious') as CaseInput['previous'];
  return {
    objects: docs.filter((d) => d.kind !== 'KubewardClusterFacts' && d.kind !== 'KubewardPrevious'),
    ...(previous ? { previous } : {}),
    serverVersion: facts?.serverVersion,
    settings: settingsLine ? (parse(settingsLine[1]!) as Partial<RuleSettings>) : {},
  };
}

const build = (
  objects: Record<string, unknown>[],
  collectedAt: string,
  serverVersion?: Snapshot['cluster']['serverVersion'],
) =>
  buildSnapshot(objects, {
    snapshotId: 'case-snapshot',
    collectedAt,
    agentVersion: 'test',
    source: 'manifests',
    serverVersion,
  }).snapshot;

export function loadCase(file: string): { snapshot: Snapshot; settings: Partial<RuleSettings> } {
  const { objects, serverVersion, settings, previous } = readCase(file);
  const snapshot = build(objects, '2026-01-01T00:00:00Z', serverVersion);
  if (previous) {
    settings.history = {
      previousAt: previous.collectedAt,
      previous: previousStateOf(build(previous.objects, previous.collectedAt, serverVersion)),
      standing: previous.standing ?? [],
      ...(previous.accounts ? { accounts: previous.accounts } : {}),
    };
  }
  return { snapshot, settings };
}
