import { describe, expect, it } from 'vitest';
import { clearSessionCookie, sessionSetCookie, sessionTokenOf } from './session-cookie';

describe('session cookie', () => {
  it('is HttpOnly, Secure, SameSite=Lax, host-only for the whole site', () => {
    const header = sessionSetCookie('kws_abc', 12 * 3_600_000);
    expect(header).toMatch(/^__Host-kubeward_session=kws_abc;/);
    expect(header).toContain('HttpOnly');
    expect(header).toContain('Secure');
    expect(header).toContain('SameSite=Lax');
    expect(header).toContain('Path=/');
    expect(header).toContain('Max-Age=43200');
    expect(header).not.toMatch(/Domain=/i);
  });
  it('is cleared with the same attributes', () => {
    expect(clearSessionCookie()).toMatch(/^__Host-kubeward_session=; Max-Age=0;.*HttpOnly.*Secure/);
  });
  it('is read from a Cookie header among others, and only under its own name', () => {
    expect(sessionTokenOf('a=1; __Host-kubeward_session=kws_x; b=2')).toBe('kws_x');
    expect(sessionTokenOf('kubeward_session=kws_x')).toBeUndefined();
    expect(sessionTokenOf(undefined)).toBeUndefined();
  });
});
