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
