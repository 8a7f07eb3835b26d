import { parseSetCookie } from 'cookie';

/**
 * A browser's top-level navigation across sites: follows redirects, keeps each site's cookies (by
 * origin), and submits forms. For single sign-on through a real provider.
 */
export class Navigator {
  private readonly jars = new Map<string, Map<string, string>>();

  /** The cookies this browser holds for an origin, as a Cookie header. */
  cookieFor(origin: string): string {
    return [...(this.jars.get(origin) ?? new Map<string, string>())].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(url: URL, res: Response): void {
    const jar = this.jars.get(url.origin) ?? new Map<string, string>();
    this.jars.set(url.origin, jar);
    for (const header of res.headers.getSetCookie()) {
      const c = parseSetCookie(header);
      if (c.maxAge === 0 || c.value === '') jar.delete(c.name);
      else jar.set(c.name, c.value ?? '');
    }
  }

  private async request(url: URL, init: RequestInit): Promise<Response> {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: this.cookieFor(url.origin) },
    });
    this.keep(url, res);
    return res;
  }

  /**
   * GETs the URL and follows redirects until a page answers, or `stop` says a redirect's target
   * is where to stop; the last URL and its response.
   */
  async go(start: string, stop: (url: URL) => boolean = () => false): Promise<{ url: URL; res: Response }> {
    let url = new URL(start);
    let res = await this.request(url, { method: 'GET' });
    for (let hops = 0; res.status >= 300 && res.status < 400; hops++) {
      if (hops > 20) throw new Error(`too many redirects from ${start}`);
      url = new URL(res.headers.get('location')!, url);
      if (stop(url)) return { url, res };
      res = await this.request(url, { method: 'GET' });
    }
    return { url, res };
  }

  /** Submits a form (urlencoded) and follows where it leads, as `go`. */
  async submit(action: URL, fields: Record<string, string>, stop?: (url: URL) => boolean) {
    const res = await this.request(action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: action.origin },
      body: new URLSearchParams(fields).toString(),
    });
    if (res.status < 300 || res.status >= 400) return { url: action, res };
    return this.go(new URL(res.headers.get('location')!, action).href, stop);
  }
}

/**
 * Signs `login` in through a single sign-on link, with the harness provider's login and consent
 * forms (startOidcProvider), up to the provider's redirect back to `callbackPath`; the callback
 * URL, not yet followed.
 */
export async function throughProvider(
  nav: Navigator,
  signInUrl: string,
  login: string,
  callbackPath = '/auth/oidc/callback',
) {
  const origin = new URL(signInUrl).origin;
  const isCallback = (u: URL) => u.origin === origin && u.pathname === callbackPath;
  const atLogin = await nav.go(signInUrl, isCallback);
  if (!atLogin.url.pathname.startsWith('/interaction/')) {
    throw new Error(`expected the provider's login form, got ${atLogin.url.href} (${atLogin.res.status})`);
  }
  const afterLogin = await nav.submit(atLogin.url, { prompt: 'login', login, password: 'any' }, isCallback);
  if (isCallback(afterLogin.url)) return afterLogin.url;
  const afterConsent = await nav.submit(afterLogin.url, { prompt: 'consent' }, isCallback);
  if (!isCallback(afterConsent.url))
    throw new Error(`the provider did not send the browser back (${afterConsent.url.href})`);
  return afterConsent.url;
}
