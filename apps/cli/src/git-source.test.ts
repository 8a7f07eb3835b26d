import { parseGitPath } from './git-source';

describe('<ref>:<path> arguments', () => {
  const none = () => false;
  it('reads git revision syntax when no such file exists', () => {
    expect(parseGitPath('origin/main:k8s', none)).toEqual({ ref: 'origin/main', path: 'k8s' });
    expect(parseGitPath('HEAD~1:deploy/app.yaml', none)).toEqual({ ref: 'HEAD~1', path: 'deploy/app.yaml' });
    expect(parseGitPath('HEAD:', none)).toEqual({ ref: 'HEAD', path: '' });
  });
  it('leaves paths as paths: existing ones, ones without a ref, and drive letters', () => {
    expect(parseGitPath('weird:name.yaml', () => true)).toBeUndefined();
    expect(parseGitPath('k8s/', none)).toBeUndefined();
    expect(parseGitPath(':k8s', none)).toBeUndefined();
    expect(parseGitPath('C:\\\\k8s', none)).toBeUndefined();
  });
});
