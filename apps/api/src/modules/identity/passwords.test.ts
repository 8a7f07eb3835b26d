import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from './passwords';

describe('passwordProblem', () => {
  const email = 'alice.smith@example.com';
  it('accepts a long passphrase, spaces and any script included', () => {
    expect(passwordProblem('correct horse battery staple', email)).toBeNull();
    expect(passwordProblem('пароль-очень-длинный', email)).toBeNull();
  });
  it('counts characters, not bytes', () => {
    expect(passwordProblem('ééééééééééé1', email)).toMatch(/so few/);
    expect(passwordProblem('😀😃😄😁😆😅😂🤣', email)).toMatch(/at least 12/);
  });
  it('refuses short, long, monotonous and email-based passwords', () => {
    expect(passwordProblem('short pass', email)).toMatch(/at least 12/);
    expect(passwordProblem('a'.repeat(40) + 'bcd' + 'x'.repeat(100), email)).toMatch(/at most 128/);
    expect(passwordProblem('abababababababab', email)).toMatch(/so few/);
    expect(passwordProblem('Alice.Smith-2026!', email)).toMatch(/email/);
  });
});

describe('argon2id', () => {
  it('hashes to a PHC argon2id string that verifies only the same password', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(stored, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(stored, 'correct horse battery stapl')).toBe(false);
  });
  it('says no without a stored hash, or with a broken one', async () => {
    expect(await verifyPassword(null, 'not the password of anyone at all')).toBe(false);
    expect(await verifyPassword('$argon2id$garbage', 'x')).toBe(false);
  });
});
