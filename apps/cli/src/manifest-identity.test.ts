import { NAMESPACE_NOT_SET } from '@kubeward/snapshot';
import { completeIdentity } from './manifest-identity';

describe('completeIdentity', () => {
  it('leaves a complete object alone, the very same object', () => {
    const pod = { kind: 'Pod', metadata: { name: 'a', namespace: 'shop' } };
    expect(completeIdentity(pod, 1)).toBe(pod);
    const role = { kind: 'ClusterRole', metadata: { name: 'r' } };
    expect(completeIdentity(role, 1)).toBe(role);
  });

  it('names by generateName, else by place in the file; a namespaced kind without a namespace has none set', () => {
    const generated = { kind: 'Pod', metadata: { generateName: 'debug-', labels: { a: 'b' } } };
    expect(completeIdentity(generated, 4)).toEqual({
      kind: 'Pod',
      metadata: { generateName: 'debug-', labels: { a: 'b' }, name: 'debug-(generated)', namespace: NAMESPACE_NOT_SET },
    });
    expect(generated.metadata).not.toHaveProperty('name');
    expect(completeIdentity({ kind: 'ClusterRoleBinding' }, 3)).toEqual({
      kind: 'ClusterRoleBinding',
      metadata: { name: '(unnamed #3)' },
    });
    expect(completeIdentity({ kind: 'Service', metadata: { name: 's' } }, 1)).toEqual({
      kind: 'Service',
      metadata: { name: 's', namespace: NAMESPACE_NOT_SET },
    });
  });

  it('passes what is not an object with a kind through, for the builder to report', () => {
    expect(completeIdentity('text', 1)).toBe('text');
    expect(completeIdentity({ metadata: {} }, 1)).toEqual({ metadata: {} });
  });
});
