/** What a person reads when the API refuses: a headline from the error code, the API's own words below. */
const HEADLINES: Record<string, string> = {
  UNAUTHENTICATED: 'You are signed out',
  FORBIDDEN: 'Your role does not allow this',
  NOT_FOUND: 'Not found',
  BAD_USER_INPUT: 'Check what you entered',
  CONFLICT: 'That changed in the meantime',
  PAYLOAD_TOO_LARGE: 'Too large',
  RATE_LIMITED: 'Too many attempts: wait a moment',
  UNAVAILABLE: 'Kubeward is unavailable right now',
  NETWORK: 'No connection',
  INTERNAL: 'Something went wrong on our side',
};

export interface Explained {
  title: string;
  message: string;
}

export function explain(err: unknown): Explained {
  const code = (err as { code?: unknown })?.code;
  const message = err instanceof Error ? err.message : String(err);
  if (typeof code === 'string' && code in HEADLINES) return { title: HEADLINES[code]!, message };
  return { title: HEADLINES.INTERNAL!, message };
}
