import { describe, expect, it } from 'vitest';
import { domainOf, normaliseEmail } from './emails';

describe('normaliseEmail', () => {
  it('trims and lower-cases', () => {
    expect(normaliseEmail('  Alice.Smith@Example.COM ')).toBe('alice.smith@example.com');
  });
  it('refuses what is not one address', () => {
    for (const bad of [
      'alice',
      'alice@',
      '@example.com',
      'a@b',
      'a b@example.com',
      'a@b@example.com',
      'Alice <a@x.io>',
    ]) {
      expect(normaliseEmail(bad)).toBeNull();
    }
    expect(normaliseEmail(`${'a'.repeat(250)}@x.io`)).toBeNull();
  });
  it('gives the domain', () => {
    expect(domainOf('alice@corp.example.com')).toBe('corp.example.com');
  });
});
