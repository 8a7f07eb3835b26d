import { parseCookie, stringifySetCookie } from 'cookie';

/**
 * `__Host-`: browsers accept it only Secure, for Path=/ and without Domain, so no subdomain can
 * set or shadow it.
 */
export const SESSION_COOKIE = '__Host-kubeward_session';

/** The session token a Cookie header carries, if any. */
export const sessionTokenOf = (cookieHeader: string | undefined): string | undefined =>
  cookieHeader ? parseCookie(cookieHeader)[SESSION_COOKIE] : undefined;

/** HttpOnly (no script reads it), Secure, SameSite=Lax (not sent on cross-site subrequests). */
export const sessionSetCookie = (token: string, maxAgeMs: number): string =>
  stringifySetCookie({
    name: SESSION_COOKIE,
    value: token,
    path: '/',
    httpOnly: true,
    secure: true,
    sameSite: 'lax',
    maxAge: Math.floor(maxAgeMs / 1000),
  });

export const clearSessionCookie = (): string =>
  stringifySetCookie({
    name: SESSION_COOKIE,
    value: '',
    path: '/',
    httpOnly: true,
    secure: true,
    sameSite: 'lax',
    maxAge: 0,
  });
