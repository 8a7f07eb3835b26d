import { childOf, type LineIndex, type SourceNode } from './yaml-source';

/** Where an object was read: its file and line, and what is needed to find a field in it. */
export interface Source {
  file: string;
  line: number;
  /** The object's node in its parsed document, and the file's lines. */
  node?: SourceNode;
  lines?: LineIndex;
}

export interface Position {
  file: string;
  line: number;
  column: number;
}

/**
 * A finding's path (`spec.template.spec.containers[0].securityContext.privileged`,
 * `metadata.labels["pod-security.kubernetes.io/enforce"]`) as keys and indexes. Undefined for
 * what is not a path into the object (API server flags: `--anonymous-auth`).
 */
export function pathSegments(path: string): (string | number)[] | undefined {
  const segments: (string | number)[] = [];
  const token = /\.?([A-Za-z_$][\w$-]*)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/y;
  let at = 0;
  while (at < path.length) {
    token.lastIndex = at;
    const m = token.exec(path);
    if (!m || (at === 0 && path.startsWith('.'))) return undefined;
    segments.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : JSON.parse(`"${m[3]}"`)));
    at = token.lastIndex;
  }
  return segments.length > 0 ? segments : undefined;
}

/**
 * The position of the field a path names, or of its deepest part that is written (a missing
 * `securityContext` points at its container): 1-based line and column, as editors and SARIF count.
 */
export function positionOf(source: Source, path: string | undefined): Position {
  const fallback = { file: source.file, line: source.line, column: 1 };
  const segments = path === undefined ? undefined : pathSegments(path);
  if (!source.node || !source.lines || !segments) return fallback;
  let node = source.node;
  let offset = node.start;
  for (const key of segments) {
    const next = childOf(node, key);
    if (!next) break;
    // A key where it is written (`privileged: true` is pointed at `privileged`); an item where it starts.
    offset = next.at;
    node = next.node;
  }
  const { line, column } = source.lines.position(offset);
  return { file: source.file, line, column };
}
