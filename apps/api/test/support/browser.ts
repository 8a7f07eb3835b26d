import { parseSetCookie } from 'cookie';

export interface BrowserResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
  setCookie: string | null;
}

/**
 * What a browser on the console sends: its Origin, the CSRF header, and the session cookie the
 * API last set (kept as a browser would: replaced by each Set-Cookie, dropped at Max-Age=0).
 */
export class Browser {
  cookie: string | null = null;

  constructor(
    private readonly url: string,
    private readonly origin: string = url,
  ) {}

  async post<T = Record<string, unknown>>(
    path: string,
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<BrowserResponse<T>> {
    const res = await fetch(`${this.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: this.origin,
        'x-kubeward-csrf': '1',
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...headers,
      },
      body: JSON.stringify(body),
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const parsed = parseSetCookie(setCookie);
      this.cookie = parsed.maxAge === 0 ? null : `${parsed.name}=${parsed.value}`;
    }
    return { status: res.status, body: (await res.json()) as T, setCookie };
  }

  /** A GraphQL operation; resolves to its data, or rejects with `CODE: message` of its first error. */
  async graphql<T>(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
    const res = await this.post<{ data?: T; errors?: { message: string; extensions: { code: string } }[] }>(
      '/graphql',
      { query, variables },
      headers,
    );
    const error = res.body.errors?.[0];
    if (error) throw new Error(`${error.extensions.code}: ${error.message}`);
    return res.body.data as T;
  }
}

/** `CODE: message` of a rejected Browser.graphql, or 'no error'. */
export const refusal = (request: Promise<unknown>): Promise<string> =>
  request.then(
    () => 'no error',
    (err: Error) => err.message,
  );

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
