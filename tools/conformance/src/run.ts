import { evaluate, type Finding, type RuleSettings } from '@kubeward/rules';
import { buildSnapshot, type SecretDetection, type Snapshot } from '@kubeward/snapshot';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type CorpusCase, readCorpus, readInputs, readPeerConfig } from './corpus';

/** How a corpus check (and variant) maps to our rules; see mapping.json. */
export interface MappingEntry {
  rules?: string[];
  /** Organisation settings the peer's test assumed (e.g. its registry allow-list). */
  settings?: Partial<RuleSettings>;
  /** Read the settings from the case's peer configuration with this adapter. */
  settingsFrom?: keyof typeof PEER_SETTINGS;
  /** The peer's own secret patterns, given to the normaliser as an organisation would give them to its agent. */
  detectionFrom?: keyof typeof PEER_DETECTION;
  /** Why this variant is deliberately not mapped. */
  skip?: string;
  note?: string;
  /** Per peer source (e.g. `kyverno-policies`): the settings its tests assumed, or why its cases are left out. */
  bySource?: Record<string, Pick<MappingEntry, 'settings' | 'settingsFrom' | 'skip' | 'detectionFrom'>>;
}

export interface Mapping {
  /** The date rules see as "now", so version verdicts do not drift with the calendar. */
  now: string;
  checks: Record<string, Record<string, MappingEntry>>;
}

/** Translators from a peer's test configuration to our settings. */
const PEER_SETTINGS = {
  kubescape: (config: unknown): Partial<RuleSettings> => {
    const inputs = (
      config as {
        postureControlInputs?: { imageRepositoryAllowList?: string[]; imageDigestExemptRepositories?: string[] };
      }
    )?.postureControlInputs;
    return {
      ...(inputs?.imageRepositoryAllowList ? { trustedRegistries: inputs.imageRepositoryAllowList } : {}),
      ...(inputs?.imageDigestExemptRepositories ? { immutableTagImages: inputs.imageDigestExemptRepositories } : {}),
    };
  },
  'trivy-registries': (config: unknown): Partial<RuleSettings> => {
    const ksv = (config as { ksv0125?: { trusted_registries?: string[] } })?.ksv0125;
    return ksv?.trusted_registries ? { trustedRegistries: ksv.trusted_registries } : {};
  },
};

const PEER_DETECTION = {
  kubescape: (config: unknown): SecretDetection => {
    const inputs = (config as { postureControlInputs?: { sensitiveValues?: string[]; sensitiveKeyNames?: string[] } })
      ?.postureControlInputs;
    return {
      values: (inputs?.sensitiveValues ?? []).map((p) => new RegExp(p)),
      names: (inputs?.sensitiveKeyNames ?? []).map((p) => new RegExp(p, 'i')),
    };
  },
};

/** A peer's default configuration shipped with the corpus (peer-config/<source>/…). */
function readDefaultConfig(root: string, peer: keyof typeof PEER_DETECTION): unknown {
  const file = path.join(root, 'peer-config', `${peer}-regolibrary`, 'default-config-inputs.json');
  if (!existsSync(file)) return undefined;
  const json = JSON.parse(readFileSync(file, 'utf8')) as { settings?: unknown };
  return json.settings ?? json;
}

export type Verdict = 'fail' | 'pass';

export interface CaseResult {
  case: CorpusCase;
  variant: string;
  mapped: boolean;
  expected: Verdict;
  actual: Verdict;
  agrees: boolean;
  /** Why we disagree, for the report. */
  detail?: string;
  findings: Pick<Finding, 'ruleId' | 'resource' | 'container' | 'message'>[];
}

export interface CheckStats {
  check: string;
  cases: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  precision: number;
  recall: number;
  accuracy: number;
}

export interface Report {
  corpus: string;
  totalCases: number;
  mappedCases: number;
  accuracy: number;
  checks: CheckStats[];
  skipped: { check: string; variant: string; cases: number; reason: string }[];
  unmapped: { check: string; variant: string; cases: number }[];
  disagreements: CaseResult[];
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);

/**
 * Whether one of our findings is about an object the peer names: the object itself, or for a peer
 * that reports RBAC per subject, the binding it names or the role that binding grants.
 */
function aboutExpectedObject(f: Finding, expected: CorpusCase['failingObjects'], snapshot: Snapshot): boolean {
  if (expected.length === 0) return true;
  const roleOf = (binding: string) => snapshot.bindings.find((b) => b.name === binding)?.roleRef.name;
  return expected.some(
    (o) =>
      f.resource.name === o.name ||
      (o.via ?? []).some((v) => v.name === f.resource.name || roleOf(v.name) === f.resource.name) ||
      (o.kind === 'ServiceAccount' && f.message.includes(o.name)),
  );
}

export function runCase(
  root: string,
  c: CorpusCase,
  entry: MappingEntry,
  now: string,
): Omit<CaseResult, 'variant' | 'mapped'> {
  const source = c.dir.split('/')[1] ?? '';
  const configured = { ...entry, ...entry.bySource?.[source] };
  const settings: RuleSettings = {
    now,
    ...configured.settings,
    ...(configured.settingsFrom ? PEER_SETTINGS[configured.settingsFrom](readPeerConfig(root, c)) : {}),
  };
  const { snapshot } = buildSnapshot(
    readInputs(root, c),
    { snapshotId: 'conformance', collectedAt: now, agentVersion: 'conformance', source: 'manifests' },
    configured.detectionFrom
      ? PEER_DETECTION[configured.detectionFrom](
          readPeerConfig(root, c) ?? readDefaultConfig(root, configured.detectionFrom),
        )
      : {},
  );
  const result = evaluate(snapshot, { ...settings, include: entry.rules ?? [] });
  // The verdict is what Kubeward alerts on: findings on platform components are shown, not alerted.
  const findings = result.findings.filter((f) => !f.platform);
  const expected = c.expect;
  let actual: Verdict = findings.length > 0 ? 'fail' : 'pass';
  let detail: string | undefined;
  if (
    expected === 'fail' &&
    actual === 'fail' &&
    !findings.some((f) => aboutExpectedObject(f, c.failingObjects, snapshot))
  ) {
    actual = 'pass';
    detail = `we fail other objects than the peer (${findings.map((f) => f.resource.name).join(', ')})`;
  }
  if (result.notEvaluable.length > 0 && findings.length === 0) {
    detail = `not evaluable: ${result.notEvaluable.map((n) => `${n.ruleId}: ${n.reason}`).join('; ')}`;
  }
  if (result.errors.length > 0)
    detail = `rule errors: ${result.errors.map((e) => `${e.ruleId}: ${e.message}`).join('; ')}`;
  return {
    case: c,
    expected,
    actual,
    agrees: expected === actual,
    detail,
    findings: findings.map(({ ruleId, resource, container, message }) => ({ ruleId, resource, container, message })),
  };
}

export function runCorpus(root: string, mapping: Mapping): Report {
  const cases = readCorpus(root);
  const results: CaseResult[] = [];
  const skipped = new Map<string, { check: string; variant: string; cases: number; reason: string }>();
  const unmapped = new Map<string, { check: string; variant: string; cases: number }>();
  for (const c of cases) {
    const variant = c.variant ?? '(default)';
    const entry = mapping.checks[c.check]?.[variant];
    const key = `${c.check} ${variant}`;
    if (!entry) {
      const u = unmapped.get(key) ?? { check: c.check, variant, cases: 0 };
      u.cases++;
      unmapped.set(key, u);
      continue;
    }
    const source = c.dir.split('/')[1] ?? '';
    const skip = entry.skip ?? entry.bySource?.[source]?.skip;
    if (skip) {
      const label = entry.skip ? variant : `${variant} (${source} only)`;
      const s = skipped.get(`${key} ${label}`) ?? { check: c.check, variant: label, cases: 0, reason: skip };
      s.cases++;
      skipped.set(`${key} ${label}`, s);
      continue;
    }
    results.push({ ...runCase(root, c, entry, mapping.now), variant, mapped: true });
  }

  const byCheck = new Map<string, CaseResult[]>();
  for (const r of results) byCheck.set(r.case.check, [...(byCheck.get(r.case.check) ?? []), r]);
  const checks: CheckStats[] = [...byCheck]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([check, rs]) => {
      const tp = rs.filter((r) => r.expected === 'fail' && r.actual === 'fail').length;
      const fp = rs.filter((r) => r.expected === 'pass' && r.actual === 'fail').length;
      const tn = rs.filter((r) => r.expected === 'pass' && r.actual === 'pass').length;
      const fn = rs.filter((r) => r.expected === 'fail' && r.actual === 'pass').length;
      return {
        check,
        cases: rs.length,
        tp,
        fp,
        tn,
        fn,
        precision: ratio(tp, tp + fp),
        recall: ratio(tp, tp + fn),
        accuracy: ratio(tp + tn, rs.length),
      };
    });
  return {
    corpus: root,
    totalCases: cases.length,
    mappedCases: results.length,
    accuracy: ratio(results.filter((r) => r.agrees).length, results.length),
    checks,
    skipped: [...skipped.values()],
    unmapped: [...unmapped.values()],
    disagreements: results.filter((r) => !r.agrees),
  };
}
