import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';

export interface Located {
  object: unknown;
  file: string;
  line: number;
}

export interface InputProblem {
  file: string;
  line?: number;
  message: string;
}

const MANIFEST = /\.(ya?ml|json)$/i;

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

/**
 * Every Kubernetes object in the files (multi-document YAML or JSON, `List`s flattened), with
 * where it starts. A file that does not parse is reported with its line and the rest still read.
 */
export function readManifests(files: string[], stdin: () => string): { objects: Located[]; problems: InputProblem[] } {
  const objects: Located[] = [];
  const problems: InputProblem[] = [];
  for (const file of files) {
    const name = file === '-' ? '<stdin>' : file;
    let text: string;
    try {
      text = file === '-' ? stdin() : readFileSync(file, 'utf8');
    } catch (err) {
      problems.push({ file: name, message: (err as Error).message });
      continue;
    }
    const lines = new LineCounter();
    const docs = parseAllDocuments(text, { lineCounter: lines });
    for (const doc of docs) {
      if (doc.errors.length > 0) {
        const e = doc.errors[0]!;
        problems.push({ file: name, line: e.linePos?.[0]?.line, message: e.message.split('\n')[0]! });
        continue;
      }
      const value = doc.toJS() as unknown;
      const line = lines.linePos(doc.contents?.range?.[0] ?? 0).line;
      const items = Array.isArray(value) ? value : [value];
      for (const item of items) {
        if (!item || typeof item !== 'object') continue;
        const o = item as { kind?: unknown; items?: unknown[] };
        if (o.kind === 'List' && Array.isArray(o.items)) {
          for (const inner of o.items) objects.push({ object: inner, file: name, line });
        } else objects.push({ object: item, file: name, line });
      }
    }
  }
  return { objects, problems };
}
