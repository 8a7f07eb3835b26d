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

/** Binds a single sign-on flow to the browser that started it (its state), for ten minutes. */
export const FLOW_COOKIE = '__Host-kubeward_sso';

export const flowStateOf = (cookieHeader: string | undefined): string | undefined =>
  cookieHeader ? parseCookie(cookieHeader)[FLOW_COOKIE] : undefined;

/** Lax: the provider's redirect back is a top-level GET, on which Lax cookies are sent. Empty: cleared. */
export const flowSetCookie = (state: string): string =>
  stringifySetCookie({
    name: FLOW_COOKIE,
    value: state,
    path: '/',
    httpOnly: true,
    secure: true,
    sameSite: 'lax',
    maxAge: state ? 600 : 0,
  });
