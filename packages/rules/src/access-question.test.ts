import { parseAccess, parseSubject } from './access-question';

describe('who-can questions', () => {
  it('accepts what kubectl auth can-i accepts', () => {
    expect(parseAccess({ verb: 'create', resource: 'pods/exec', namespace: 'shop' })).toEqual({
      verb: 'create',
      resource: 'pods/exec',
      apiGroup: '',
      namespace: 'shop',
    });
    expect(parseAccess({ verb: '*', resource: 'clusterroles', apiGroup: 'rbac.authorization.k8s.io' })).toEqual({
      verb: '*',
      resource: 'clusterroles',
      apiGroup: 'rbac.authorization.k8s.io',
    });
  });

  it.each([
    [{ verb: 'get pods', resource: 'pods' }, /^verb: "get pods" is not a Kubernetes verb/],
    [{ verb: 'get', resource: 'Pods' }, /^resource: "Pods" is not a resource/],
    [{ verb: 'get', resource: 'pods/exec/x' }, /^resource: /],
    [{ verb: 'get', resource: 'pods', apiGroup: 'apps/v1' }, /^apiGroup: "apps\/v1" is not an API group/],
    [{ verb: 'get', resource: 'pods', namespace: 'Shop_1' }, /^namespace: "Shop_1" is not a namespace name/],
    [{ verb: 'x'.repeat(500), resource: 'pods' }, /^verb: "x{64}…" is not/],
  ])('refuses %j, naming the field', (input, message) => {
    expect(() => parseAccess(input)).toThrow(message);
  });
});

describe('subjects', () => {
  it('names service accounts with their namespace, and users and groups without', () => {
    expect(parseSubject({ kind: 'ServiceAccount', name: 'ci', namespace: 'tools' })).toEqual({
      kind: 'ServiceAccount',
      name: 'ci',
      namespace: 'tools',
    });
    expect(parseSubject({ kind: 'User', name: 'alice@example.com' })).toEqual({
      kind: 'User',
      name: 'alice@example.com',
    });
    expect(() => parseSubject({ kind: 'ServiceAccount', name: 'ci' })).toThrow(/^subject.namespace: /);
    expect(() => parseSubject({ kind: 'Group', name: 'ops', namespace: 'x' })).toThrow(/a Group has no namespace/);
    expect(() => parseSubject({ kind: 'Robot', name: 'r2' })).toThrow(/^subject.kind: must be one of/);
    expect(() => parseSubject({ kind: 'User', name: '' })).toThrow(/^subject.name: /);
  });
});
