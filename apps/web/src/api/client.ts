import type { TypedDocumentString } from '../gql/graphql';

/** What the API refused, with its error code (`extensions.code`) and, for bad input, the field. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface GraphQLBody<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; field?: string } }[];
}

// Cookie-authenticated requests must carry this header (a cross-site form cannot): the API's CSRF check.
const HEADERS = { 'content-type': 'application/json', accept: 'application/json', 'x-kubeward-csrf': '1' };

async function send(path: string, body: unknown, signal?: AbortSignal): Promise<Response> {
  try {
    return await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: HEADERS,
      body: JSON.stringify(body),
      signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError('NETWORK', 'Kubeward could not be reached. Check your connection and try again.');
  }
}

/** One GraphQL operation: its data, or an ApiError for its first error. */
export async function gql<R, V>(
  document: TypedDocumentString<R, V>,
  ...[variables, signal]: V extends Record<string, never> ? [V?, AbortSignal?] : [V, AbortSignal?]
): Promise<R> {
  const res = await send('/graphql', { query: document.toString(), variables }, signal);
  const body = (await res.json().catch(() => null)) as GraphQLBody<R> | null;
  if (!body) throw new ApiError('UNAVAILABLE', `Kubeward answered ${res.status} without a readable body.`);
  const error = body.errors?.[0];
  if (error) throw new ApiError(error.extensions?.code ?? 'INTERNAL', error.message, error.extensions?.field);
  return body.data as R;
}

/**
 * An operation whose answer is worth having in part: its data, and the errors of the fields that
 * failed (registerCluster registers the cluster even when its manifests cannot be rendered).
 */
export async function gqlPartial<R, V>(
  document: TypedDocumentString<R, V>,
  variables: V,
): Promise<{ data: R; errors: ApiError[] }> {
  const res = await send('/graphql', { query: document.toString(), variables });
  const body = (await res.json().catch(() => null)) as GraphQLBody<R> | null;
  const errors = (body?.errors ?? []).map(
    (e) => new ApiError(e.extensions?.code ?? 'INTERNAL', e.message, e.extensions?.field),
  );
  if (!body?.data) throw errors[0] ?? new ApiError('UNAVAILABLE', `Kubeward answered ${res.status} without data.`);
  return { data: body.data, errors };
}

/** A JSON request to the sign-in endpoints (/auth/…). */
export async function auth<T>(path: string, body: unknown = {}): Promise<T> {
  const res = await send(`/auth/${path}`, body);
  const json = (await res.json().catch(() => null)) as (T & { error?: string; message?: string }) | null;
  if (res.ok && json) return json;
  throw new ApiError(json?.error ?? 'INTERNAL', json?.message ?? `Kubeward answered ${res.status}.`);
}
