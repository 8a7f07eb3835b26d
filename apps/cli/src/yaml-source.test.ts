import { positionOf } from './source-position';
import { LineIndex, parseYamlDocuments } from './yaml-source';

const at = (text: string, path: string, doc = 0) =>
  positionOf({ file: 'f.yaml', line: 1, node: parseYamlDocuments(text)[doc]!.node, lines: new LineIndex(text) }, path);

describe('YAML documents with their source nodes', () => {
  const manifests = `# a comment before anything
apiVersion: v1
kind: Pod
metadata:
  name: web   # trailing comment
  annotations:
  labels: {app: web, "tier": front}
spec:
  containers:
    # the first container
    - name: web
      image: nginx
      ports: [{containerPort: 80}, {containerPort: 443}]
    -
      name: sidecar
      securityContext:
        privileged:
          true
---
---
{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop"}}
`;

  it('points at keys, items and flow collections, past comments and blank values', () => {
    expect(at(manifests, 'metadata.name')).toMatchObject({ line: 5, column: 3 });
    expect(at(manifests, 'metadata.labels["tier"]')).toMatchObject({ line: 7, column: 22 });
    expect(at(manifests, 'spec.containers[0].image')).toMatchObject({ line: 12, column: 7 });
    expect(at(manifests, 'spec.containers[0].ports[1].containerPort')).toMatchObject({ line: 13, column: 37 });
    expect(at(manifests, 'spec.containers[1].securityContext.privileged')).toMatchObject({ line: 17, column: 9 });
    // A key with no value still has a place; what is not written points at its deepest written part.
    expect(at(manifests, 'metadata.annotations["x"]')).toMatchObject({ line: 6, column: 3 });
    expect(at(manifests, 'spec.containers[1].resources.limits')).toMatchObject({ line: 15, column: 7 });
    expect(at(manifests, 'metadata.name', 2)).toMatchObject({ line: 21, column: 56 });
  });

  it('reads every document, empty ones included, as the careful parser does', () => {
    const docs = parseYamlDocuments(manifests);
    expect(docs.map((d) => (d.value as { kind?: string } | null)?.kind ?? null)).toEqual(['Pod', null, 'Namespace']);
    // The same values and positions when the careful path reads it (an alias sends it there).
    const careful = `${manifests}---\nx: &a 1\ny: *a\n`;
    const fast = parseYamlDocuments(manifests).map((d) => d.value);
    expect(
      parseYamlDocuments(careful)
        .slice(0, 3)
        .map((d) => d.value),
    ).toEqual(fast);
    for (const path of ['metadata.name', 'metadata.labels["tier"]', 'spec.containers[0].ports[1].containerPort']) {
      expect(at(careful, path)).toEqual(at(manifests, path));
    }
  });

  it('keeps the good documents of a file with a broken one, naming the broken line', () => {
    const docs = parseYamlDocuments('a: 1\n---\nb: [1, 2\n---\nc: 3\n');
    expect(docs.map((d) => d.value)).toEqual([{ a: 1 }, undefined, { c: 3 }]);
    expect(docs[1]!.error).toMatchObject({ line: expect.any(Number), message: expect.any(String) });
    expect(parseYamlDocuments('a: 1\na: 2\n')[0]!.error?.message).toMatch(/unique/i);
  });

  it('refuses a document whose aliases expand too far, rather than expanding it', () => {
    const laughs = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++)
      laughs.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    const [doc] = parseYamlDocuments(laughs.join('\n'));
    expect(doc!.value).toBeUndefined();
    expect(doc!.error?.message).toMatch(/alias/i);
  });

  it('reads plain scalars as YAML 1.2 does (no timestamps, no yes/no booleans)', () => {
    expect(parseYamlDocuments('d: 2026-12-02\ny: yes\nn: 0x1F\n')[0]!.value).toEqual({
      d: '2026-12-02',
      y: 'yes',
      n: 31,
    });
  });
});
