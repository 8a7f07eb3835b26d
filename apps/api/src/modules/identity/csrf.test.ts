import { describe, expect, it } from 'vitest';
import { csrfProblem, originOf } from './csrf';

const console = 'https://kubeward.example.com';

describe('csrfProblem', () => {
  it('accepts the console origin with the header', () => {
    expect(csrfProblem({ origin: console, hasHeader: true }, console)).toBeNull();
  });
  it('accepts a same-origin fetch that left Origin out', () => {
    expect(csrfProblem({ fetchSite: 'same-origin', hasHeader: true }, console)).toBeNull();
  });
  it('refuses another origin, a lookalike, or an opaque one', () => {
    expect(csrfProblem({ origin: 'https://evil.example', hasHeader: true }, console)).toMatch(/only from/);
    expect(csrfProblem({ origin: 'https://kubeward.example.com.evil.example', hasHeader: true }, console)).toMatch(
      /only from/,
    );
    expect(csrfProblem({ origin: 'http://kubeward.example.com', hasHeader: true }, console)).toMatch(/only from/);
    expect(csrfProblem({ origin: 'null', fetchSite: 'cross-site', hasHeader: true }, console)).toMatch(/come from/);
  });
  it('refuses without the header, even from the console', () => {
    expect(csrfProblem({ origin: console, hasHeader: false }, console)).toMatch(/x-kubeward-csrf/);
  });
  it('refuses when nothing says where it came from', () => {
    expect(csrfProblem({ hasHeader: true }, console)).toMatch(/come from/);
    expect(csrfProblem({ fetchSite: 'same-site', hasHeader: true }, console)).toMatch(/come from/);
  });
  it('writes origins as browsers do', () => {
    expect(originOf('https://kubeward.example.com/console/')).toBe(console);
    expect(originOf('https://kubeward.example.com:443/')).toBe(console);
    expect(originOf('http://127.0.0.1:8080/x')).toBe('http://127.0.0.1:8080');
  });
});
