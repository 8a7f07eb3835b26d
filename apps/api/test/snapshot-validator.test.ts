import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSnapshot, canonicalJson, validateSnapshot } from '@kubeward/snapshot';
import { generateCluster } from '@kubeward/synthetic';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { SnapshotValidator } from '../src/modules/ingest/snapshot-validator';

const validator = new SnapshotValidator();
const CLUSTERS = path.resolve(__dirname, '../../../../shared/clusters');
const meta = { snapshotId: 'differential-1', collectedAt: '2026-11-27T00:00:00Z', agentVersion: 'test' };

/**
 * The compiled check and zod, each on its own copy, must agree on the verdict and (when both
 * accept) on the completed value; and what a client is told when it rejects comes from zod.
 */
function agree(input: unknown): boolean {
  const copy = structuredClone(input);
  const accepted = validator.accepts(copy);
  const zod = validateSnapshot(structuredClone(input));
  expect(accepted).toBe(zod.ok);
  if (zod.ok) expect(canonicalJson(copy)).toBe(canonicalJson(zod.snapshot));
  else expect(validator.validate(structuredClone(input))).toEqual(zod);
  return accepted;
}

/** A seeded generator, so a failure names a reproducible case. */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/** Every [parent, key] in the value, depth first. */
function slots(value: unknown, out: [Record<string, unknown> | unknown[], string | number][] = []) {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push([value, i]);
      slots(v, out);
    });
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push([value as Record<string, unknown>, k]);
      slots(v, out);
    }
  }
  return out;
}

// 40 emoji are 40 code points but 80 UTF-16 units: lengths must be counted as zod counts them
// (code points; so does ajv by default).
const ODD_VALUES: unknown[] = [
  undefined,
  null,
  7,
  -1,
  1.5,
  'x',
  '',
  'y'.repeat(5000),
  '😀'.repeat(40),
  true,
  [],
  {},
  [1],
  { a: 1 },
];

describe('the compiled snapshot validator', () => {
  it('agrees with the zod contract on every bundled real-world cluster', () => {
    const files = readdirSync(CLUSTERS).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const file of files) {
      const objects = parseAllDocuments(readFileSync(path.join(CLUSTERS, file), 'utf8'))
        .map((d) => d.toJS() as unknown)
        .filter((o) => o && typeof o === 'object');
      const { snapshot } = buildSnapshot(objects as Record<string, unknown>[], meta);
      expect(agree(JSON.parse(JSON.stringify(snapshot))), file).toBe(true);
    }
  });

  it('agrees with zod on 1,500 mutated snapshots: removed fields, unknown fields, wrong types', () => {
    const { snapshot } = buildSnapshot(generateCluster({ workloads: 12 }), meta);
    const base = JSON.parse(JSON.stringify(snapshot)) as unknown;
    const next = random(42);
    let accepted = 0;
    for (let i = 0; i < 1500; i++) {
      const input = structuredClone(base);
      const targets = slots(input);
      for (let m = 0; m < 1 + Math.floor(next() * 3); m++) {
        const [parent, key] = targets[Math.floor(next() * targets.length)]!;
        const roll = next();
        if (roll < 0.3 && !Array.isArray(parent)) delete parent[key as string];
        else if (roll < 0.45 && !Array.isArray(parent)) parent[`unknown${m}`] = { nested: [m] };
        else (parent as Record<string | number, unknown>)[key] = ODD_VALUES[Math.floor(next() * ODD_VALUES.length)];
      }
      if (agree(input)) accepted++;
    }
    // Both outcomes must be well represented, or the comparison proves little.
    expect(accepted).toBeGreaterThan(150);
    expect(accepted).toBeLessThan(1350);
  });

  it('fills defaults and drops unknown fields in place, as zod does', () => {
    const { snapshot } = buildSnapshot(generateCluster({ workloads: 2 }), meta);
    const input = JSON.parse(JSON.stringify(snapshot)) as { workloads: Record<string, unknown>[]; junk?: unknown };
    input.junk = 'x';
    delete input.workloads[0]!['annotations'];
    const result = validator.validate(input);
    expect(result.ok).toBe(true);
    expect(input.junk).toBeUndefined();
    expect(input.workloads[0]!['annotations']).toEqual({});
  });
});
