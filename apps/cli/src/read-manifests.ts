import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Source } from './source-position';
import { childOf, LineIndex, parseYamlDocuments, type SourceNode } from './yaml-source';

export interface Located extends Source {
  object: unknown;
}

export interface InputProblem {
  file: string;
  line?: number;
  message: string;
}

export const MANIFEST = /\.(ya?ml|json)$/i;

/** Files to read: each argument as given, directories walked for .yaml/.yml/.json, `-` for stdin. */
export function expandPaths(args: string[]): { files: string[]; problems: InputProblem[] } {
  const files: string[] = [];
  const problems: InputProblem[] = [];
  const walk = (p: string) => {
    let stat;
    try {
      stat = statSync(p);
    } catch {
      problems.push({ file: p, message: 'no such file or directory' });
      return;
    }
    if (stat.isDirectory()) {
      for (const entry of readdirSync(p).sort()) {
        // A walk never descends into dependencies or hidden directories (.git, .github workflows);
        // name them to scan them.
        if (entry.startsWith('.') || entry === 'node_modules') continue;
        const child = path.join(p, entry);
        if (statSync(child).isDirectory() || MANIFEST.test(entry)) walk(child);
      }
    } else files.push(p);
  };
  for (const arg of args) {
    if (arg === '-') files.push('-');
    else walk(arg);
  }
  return { files, problems };
}

/** Why a parsed document is not a Kubernetes object, naming the usual suspects; undefined when it is one. */
export function notAnObject(value: unknown): string | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'not a Kubernetes object (not a mapping)';
  const o = value as Record<string, unknown>;
  if (typeof o.apiVersion === 'string' && typeof o.kind === 'string') return undefined;
  if ('jobs' in o && 'on' in o) return 'a GitHub Actions workflow, not a Kubernetes object';
  if (typeof o.apiVersion === 'string' && 'name' in o && 'version' in o && !('kind' in o))
    return 'Helm chart metadata (Chart.yaml), not a Kubernetes object: render the chart with helm template';
  return 'not a Kubernetes object (no apiVersion and kind), e.g. Helm values: render the chart with helm template';
}

/** Every Kubernetes object in the files (see readTexts), `-` read from stdin. */
export function readManifests(
  files: string[],
  stdin: () => string,
): { objects: Located[]; problems: InputProblem[]; skipped: InputProblem[] } {
  const texts: { name: string; text: string }[] = [];
  const problems: InputProblem[] = [];
  for (const file of files) {
    const name = file === '-' ? '<stdin>' : file;
    try {
      texts.push({ name, text: file === '-' ? stdin() : readFileSync(file, 'utf8') });
    } catch (err) {
      problems.push({ file: name, message: (err as Error).message });
    }
  }
  const read = readTexts(texts);
  return { ...read, problems: [...problems, ...read.problems] };
}

/**
 * Every Kubernetes object in some YAML or JSON texts (multi-document, `List`s flattened), with
 * where it starts. A document that does not parse is a problem (reported with its line, the rest
 * still read); a document that is not a Kubernetes object is skipped, with why.
 */
export function readTexts(texts: { name: string; text: string }[]): {
  objects: Located[];
  problems: InputProblem[];
  skipped: InputProblem[];
} {
  const objects: Located[] = [];
  const problems: InputProblem[] = [];
  const skipped: InputProblem[] = [];
  for (const { name, text } of texts) {
    const lines = new LineIndex(text);
    for (const doc of parseYamlDocuments(text)) {
      if (doc.error) {
        problems.push({ file: name, line: doc.error.line, message: doc.error.message });
        continue;
      }
      const { value, node: root } = doc;
      // An empty document (a leading or trailing `---`, a comment) is nothing, not something skipped.
      if (value === null || value === undefined) continue;
      const line = root ? lines.position(root.start).line : 1;
      const o = value as { kind?: unknown; items?: unknown[] };
      // The items and their nodes side by side: a List's are under `items`, an array's are its own.
      const listed = o.kind === 'List' && root ? childOf(root, 'items')?.node : undefined;
      const [items, nodes]: [unknown[], (SourceNode | undefined)[]] = Array.isArray(value)
        ? [value, root?.children ?? []]
        : o.kind === 'List' && Array.isArray(o.items)
          ? [o.items, listed?.children ?? []]
          : [[value], [root]];
      items.forEach((item, i) => {
        const why = notAnObject(item);
        const node = nodes[i];
        const at = node ? lines.position(node.start).line : line;
        if (why) skipped.push({ file: name, line: at, message: why });
        else objects.push({ object: item, file: name, line: at, ...(node ? { node, lines } : {}) });
      });
    }
  }
  return { objects, problems, skipped };
}
