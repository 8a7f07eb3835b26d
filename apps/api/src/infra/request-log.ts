/**
 * What a request log line may say about a request: an allow-list, because credentials come in
 * headers of any name (`token`, `x-api-key`, `proxy-authorization`, …) and a deny-list always
 * misses one. Query strings are dropped for the same reason.
 */
const REQUEST_HEADERS = new Set([
  'host',
  'user-agent',
  'accept',
  'content-type',
  'content-length',
  'content-encoding',
  'transfer-encoding',
  'x-request-id',
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-forwarded-host',
  'traceparent',
]);
const RESPONSE_HEADERS = new Set(['content-type', 'content-length', 'retry-after', 'connection']);

type Headers = Record<string, unknown>;

function pick(headers: Headers | undefined, allowed: Set<string>): Headers {
  const out: Headers = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (allowed.has(name.toLowerCase())) out[name] = value;
  }
  return out;
}

interface SerialisedRequest {
  id?: unknown;
  method?: string;
  url?: string;
  headers?: Headers;
  remoteAddress?: string;
  remotePort?: number;
}

/** pino-http's `req` serializer: method, path, allowed headers and the peer, nothing else. */
export function logRequest(req: SerialisedRequest) {
  return {
    id: req.id,
    method: req.method,
    path: req.url?.split('?')[0],
    headers: pick(req.headers, REQUEST_HEADERS),
    remoteAddress: req.remoteAddress,
  };
}

/** pino-http's `res` serializer. */
export function logResponse(res: { statusCode?: number; headers?: Headers }) {
  return { statusCode: res.statusCode, headers: pick(res.headers, RESPONSE_HEADERS) };
}
