import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/** One case of a conformance corpus (layout: cases/<source>/<check>/<case>/expected.json + inputs). */
export interface CorpusCase {
  /** Path relative to the corpus root, e.g. `cases/checkov/host-network/…`. */
  dir: string;
  source: string;
  check: string;
  variant: string | null;
  peerCheckId?: string;
  expect: 'fail' | 'pass';
  failingObjects: {
    kind: string;
    name: string;
    namespace?: string;
    container?: string;
    via?: { kind: string; name: string }[];
  }[];
  inputs: string[];
  peerConfig?: string | null;
  notes?: string;
}

export function readCorpus(root: string): CorpusCase[] {
  const casesDir = path.join(root, 'cases');
  if (!existsSync(casesDir)) throw new Error(`${root} is not a conformance corpus: it has no cases/ folder`);
  const out: CorpusCase[] = [];
  for (const source of readdirSync(casesDir).sort()) {
    for (const check of readdirSync(path.join(casesDir, source)).sort()) {
      for (const name of readdirSync(path.join(casesDir, source, check)).sort()) {
        const file = path.join(casesDir, source, check, name, 'expected.json');
        if (!existsSync(file)) continue;
        const e = JSON.parse(readFileSync(file, 'utf8')) as Omit<CorpusCase, 'dir'>;
        out.push({ ...e, failingObjects: e.failingObjects ?? [], dir: path.relative(root, path.dirname(file)) });
      }
    }
  }
  return out;
}

/** The Kubernetes objects of a case's inputs (multi-document YAML or JSON, `List`s flattened). */
export function readInputs(root: string, c: CorpusCase): unknown[] {
  const objects: unknown[] = [];
  for (const input of c.inputs) {
    const text = readFileSync(path.join(root, c.dir, input), 'utf8');
    for (const doc of parseAllDocuments(text)) {
      const value = doc.toJS() as unknown;
      const items = Array.isArray(value) ? value : [value];
      for (const item of items) {
        if (item && typeof item === 'object' && (item as { kind?: unknown }).kind === 'List') {
          objects.push(...(((item as { items?: unknown[] }).items ?? []) as unknown[]));
        } else if (item && typeof item === 'object') objects.push(item);
      }
    }
  }
  return objects;
}

export function readPeerConfig(root: string, c: CorpusCase): unknown {
  if (!c.peerConfig) return undefined;
  const file = path.join(root, c.dir, c.peerConfig);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as unknown) : undefined;
}
