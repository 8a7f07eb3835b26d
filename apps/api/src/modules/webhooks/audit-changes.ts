import { createHash } from 'node:crypto';

/**
 * A webhook URL as the audit log may keep it: the origin, and a digest to tell URLs apart. Paths
 * and query strings often are the secret (a Slack or Teams incoming-webhook URL is a bearer
 * credential), so they never reach the log.
 */
export function redactUrl(raw: string): string {
  const digest = createHash('sha256').update(raw).digest('hex').slice(0, 12);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `(not a URL, sha256 ${digest})`;
  }
  const hidden = url.pathname !== '/' || url.search !== '' || url.hash !== '';
  return `${url.origin}/${hidden ? '…' : ''} (sha256 ${digest})`;
}

/**
 * What an update changed, field by field, before → after; fields given with their current value
 * are left out, and the URL is redacted. Values compare as JSON (arrays by content).
 */
export function changesOf<T extends Record<string, unknown>>(
  before: T,
  given: Partial<T>,
): Record<string, { before: unknown; after: unknown }> {
  const out: Record<string, { before: unknown; after: unknown }> = {};
  for (const [field, after] of Object.entries(given)) {
    const was = before[field];
    if (JSON.stringify(was) === JSON.stringify(after)) continue;
    out[field] =
      field === 'url' ? { before: redactUrl(String(was)), after: redactUrl(String(after)) } : { before: was, after };
  }
  return out;
}
