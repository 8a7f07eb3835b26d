import { pathSegments, positionOf } from './source-position';
import { LineIndex, parseYamlDocuments } from './yaml-source';

const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: { "pod-security.kubernetes.io/enforce": baseline }
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx:1.27.3
        - name: sidecar
          securityContext:
            privileged: true
`;

describe('source positions', () => {
  const source = { file: 'web.yaml', line: 1, node: parseYamlDocuments(text)[0]!.node, lines: new LineIndex(text) };

  it('reads paths as the rules write them', () => {
    expect(pathSegments('spec.template.spec.containers[1].securityContext.privileged')).toEqual([
      'spec',
      'template',
      'spec',
      'containers',
      1,
      'securityContext',
      'privileged',
    ]);
    expect(pathSegments('metadata.labels["pod-security.kubernetes.io/enforce"]')).toEqual([
      'metadata',
      'labels',
      'pod-security.kubernetes.io/enforce',
    ]);
    expect(pathSegments('--anonymous-auth')).toBeUndefined();
  });

  it('points at the key of the field, or at the deepest part written', () => {
    expect(positionOf(source, 'spec.template.spec.containers[1].securityContext.privileged')).toEqual({
      file: 'web.yaml',
      line: 14,
      column: 13,
    });
    expect(positionOf(source, 'metadata.labels["pod-security.kubernetes.io/enforce"]')).toMatchObject({
      line: 5,
      column: 13,
    });
    // Not written: the container it would belong to.
    expect(positionOf(source, 'spec.template.spec.containers[0].securityContext.runAsNonRoot')).toMatchObject({
      line: 10,
      column: 11,
    });
    expect(positionOf(source, '--anonymous-auth')).toEqual({ file: 'web.yaml', line: 1, column: 1 });
    expect(positionOf({ file: 'x.yaml', line: 7 }, 'spec')).toEqual({ file: 'x.yaml', line: 7, column: 1 });
  });
});
