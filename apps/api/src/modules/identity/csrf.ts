/** The header every cookie-authenticated request must carry: a cross-site form cannot send one. */
export const CSRF_HEADER = 'x-kubeward-csrf';

export interface RequestOrigin {
  /** The Origin header, if any. */
  origin?: string;
  /** The Sec-Fetch-Site header, if any. */
  fetchSite?: string;
  /** Whether CSRF_HEADER was sent (any value). */
  hasHeader: boolean;
}

/**
 * Why a request that a browser's cookie authenticates may have been forged, or null. Two checks
 * (ASVS 4.2.2 and OWASP's defence in depth): it comes from the console's origin, by Origin or,
 * where a browser leaves Origin out, Sec-Fetch-Site; and it carries a custom header, which a page
 * of another origin can only send after a CORS preflight we never grant.
 */
export function csrfProblem(req: RequestOrigin, allowedOrigin: string): string | null {
  if (!req.hasHeader) return `a request signed in by cookie must send the ${CSRF_HEADER} header`;
  if (req.origin !== undefined && req.origin !== 'null') {
    return req.origin === allowedOrigin ? null : `requests signed in by cookie are accepted only from ${allowedOrigin}`;
  }
  if (req.fetchSite === 'same-origin') return null;
  return 'a request signed in by cookie must come from the console (no Origin or Sec-Fetch-Site header says so)';
}

/** scheme://host[:port] of a URL, as browsers write Origin. */
export const originOf = (url: string): string => new URL(url).origin;
