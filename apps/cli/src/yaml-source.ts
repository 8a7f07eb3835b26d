import { CORE_SCHEMA, loadAll } from 'js-yaml';
import { isMap, isScalar, isSeq, LineCounter, type Node, parseAllDocuments } from 'yaml';

/**
 * A document's nodes as the parser met them: where each starts, and for mappings their keys and
 * values in turn. Enough to point a finding at `spec.containers[1].securityContext`.
 */
export interface SourceNode {
  /** Offset of the node's first character (its key, for a key; its content, for a value). */
  start: number;
  kind: 'mapping' | 'sequence' | 'scalar' | null;
  /** A scalar's value (a key's name). */
  value?: unknown;
  /** A mapping's keys and values alternately; a sequence's items. */
  children: SourceNode[];
}

export interface ParsedDocument {
  value: unknown;
  node: SourceNode | undefined;
  /** The document's error, when it has one (its line, 1-based); the file's others still count. */
  error?: { line?: number; message: string };
}

/** Offsets to 1-based lines and columns. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }
}

/** Thrown from the fast path's events when a document uses an alias. */
class AliasFound extends Error {}

/**
 * Every document of a YAML (or JSON) file, with its source nodes. js-yaml reads well-formed files
 * some fifteen times faster than the `yaml` package (what makes `kubeward scan` of 2,000 objects
 * fit in CI's seconds), and reports positions through its parse events; a file it rejects, or one
 * that uses aliases, is read by `yaml` instead, document by document, so one broken document
 * is reported with its line and the rest are still read.
 */
export function parseYamlDocuments(text: string): ParsedDocument[] {
  try {
    return fastParse(text);
  } catch {
    // Reported precisely (or its aliases bounded) by the careful path below.
  }
  return carefulParse(text);
}

function fastParse(text: string): ParsedDocument[] {
  const roots: SourceNode[] = [];
  const stack: SourceNode[] = [];
  const values: unknown[] = [];
  loadAll(text, (value) => values.push(value), {
    schema: CORE_SCHEMA,
    listener(event, state) {
      if (event === 'open') {
        const start = contentStart(text, state.position);
        // An alias (`*name`; no plain scalar starts with `*`) makes the document a graph: those take
        // the careful path, whose alias limit stops a "billion laughs" document.
        if (text.charCodeAt(start) === 0x2a) throw new AliasFound();
        const node: SourceNode = { start, kind: null, children: [] };
        (stack.length > 0 ? stack[stack.length - 1]!.children : roots).push(node);
        stack.push(node);
      } else {
        const node = stack.pop()!;
        node.kind = state.kind as SourceNode['kind'];
        if (state.kind === 'scalar') node.value = state.result;
      }
    },
  });
  // One root per document, in order (an empty document still has its root).
  return values.map((value, i) => ({ value, node: roots[i] }));
}

/** Past the spaces, line breaks and comments before a node's content. */
function contentStart(text: string, from: number): number {
  let i = from;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
    else if (c === 0x23 /* # */) {
      const eol = text.indexOf('\n', i);
      if (eol === -1) return text.length;
      i = eol + 1;
    } else return i;
  }
}

function carefulParse(text: string): ParsedDocument[] {
  const lines = new LineCounter();
  return parseAllDocuments(text, { lineCounter: lines }).map((doc) => {
    if (doc.errors.length > 0) {
      const e = doc.errors[0]!;
      return {
        value: undefined,
        node: undefined,
        error: { line: e.linePos?.[0]?.line, message: e.message.split('\n')[0]! },
      };
    }
    try {
      return { value: doc.toJS() as unknown, node: fromYamlNode(doc.contents as Node | null) };
    } catch (err) {
      // toJS refuses a document whose aliases expand too far.
      const line = doc.contents?.range ? lines.linePos(doc.contents.range[0]).line : undefined;
      return { value: undefined, node: undefined, error: { line, message: (err as Error).message } };
    }
  });
}

function fromYamlNode(node: Node | null | undefined): SourceNode | undefined {
  if (!node) return undefined;
  const start = node.range?.[0] ?? 0;
  if (isMap(node)) {
    const children: SourceNode[] = [];
    for (const pair of node.items) {
      const key = fromYamlNode(pair.key as Node | null);
      const value = fromYamlNode(pair.value as Node | null);
      if (!key) return { start, kind: 'mapping', children: [] };
      children.push(key, value ?? { start: key.start, kind: null, children: [] });
    }
    return { start, kind: 'mapping', children };
  }
  if (isSeq(node))
    return {
      start,
      kind: 'sequence',
      children: node.items.map((n) => fromYamlNode(n as Node) ?? { start, kind: null, children: [] }),
    };
  return { start, kind: 'scalar', value: isScalar(node) ? node.value : undefined, children: [] };
}

/**
 * The node a key or index leads to from `node`, and where that step is written (a key's own
 * position), or undefined when the document does not hold it.
 */
export function childOf(node: SourceNode, key: string | number): { at: number; node: SourceNode } | undefined {
  // A node read where a block mapping could have started (a flow collection or a scalar) is
  // reported inside a node of its own, at the same place.
  while (node.children.length === 1 && node.children[0]!.kind === node.kind && node.children[0]!.start === node.start)
    node = node.children[0]!;
  if (node.kind === 'mapping') {
    const pairs = node.children;
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      const k = pairs[i]!;
      if (k.kind === 'scalar' && String(k.value) === String(key)) return { at: k.start, node: pairs[i + 1]! };
    }
    return undefined;
  }
  if (node.kind === 'sequence' && typeof key === 'number') {
    const item = node.children[key];
    return item && { at: item.start, node: item };
  }
  return undefined;
}
