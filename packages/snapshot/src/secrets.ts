/**
 * Decides in-cluster whether an env literal or ConfigMap entry looks like secret material, so that
 * only this flag (never the value) leaves the cluster.
 */
const SECRET_NAME =
  /(pass(word|wd)?|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential|auth|bearer|session[_-]?key|client[_-]?secret|signing[_-]?key|encryption[_-]?key|dsn|connection[_-]?string)/i;
// Names that contain a secret-ish word but name no secret.
const BENIGN_NAME =
  /(_FILE|_PATH|_DIR|_URL_PATH|_ENABLED|_TTL|_TIMEOUT|_EXPIRY|_LENGTH|_HEADER|_MODE|_TYPE|_ENDPOINT)$/i;

const SECRET_VALUE: RegExp[] = [
  /PRIVATE KEY/, // PEM and OpenSSH private keys, however the armour is cut
  /\beyJhbGciO[A-Za-z0-9_-]*/, // JWT headers
  /\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/i, // bearer tokens
  /\bAIza[0-9A-Za-z_-]{35}\b/, // Google API keys
  /\bAKIA[0-9A-Z]{16}\b/, // AWS access key ids
  /\bgh[pousr]_[A-Za-z0-9]{36,}\b/, // GitHub tokens
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/, // Slack tokens
  /\bsk_(live|test)_[A-Za-z0-9]{16,}/, // Stripe keys
  /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/, // JWTs
  /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i, // URLs with user:password@
];

/** Name segments that by themselves say "secret" (MY_KEY, api-key, db.pwd). */
const SECRET_SEGMENT = new Set([
  'key',
  'secret',
  'password',
  'passwd',
  'pwd',
  'pass',
  'token',
  'jwt',
  'bearer',
  'credential',
  'credentials',
  'apikey',
]);

export function secretLikeName(name: string): boolean {
  if (BENIGN_NAME.test(name)) return false;
  return (
    SECRET_NAME.test(name) ||
    name
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .some((segment) => SECRET_SEGMENT.has(segment))
  );
}

export function secretLikeValue(value: string): boolean {
  return SECRET_VALUE.some((pattern) => pattern.test(value));
}

/** A literal looks secret when its value has a secret's shape, or a secret-like name holds a non-trivial value. */
/**
 * Patterns of the organisation's own, on top of the built-in ones (its token formats, its naming).
 * They run where the values are, in the agent; the values still never leave.
 */
export interface SecretDetection {
  names?: readonly RegExp[];
  values?: readonly RegExp[];
}

export function looksSecret(name: string, value: string | undefined, extra: SecretDetection = {}): boolean {
  if (value === undefined || value === '') return false;
  // A file path names where a secret is, which is the right way to pass one.
  if (/^\/[\w./-]*$/.test(value)) return false;
  if (secretLikeValue(value) || extra.values?.some((re) => re.test(value))) return true;
  if (extra.names?.some((re) => re.test(name))) return !/^(true|false|yes|no|on|off|\d{1,6}|\/[\w./-]*)$/i.test(value);
  if (!secretLikeName(name)) return false;
  // "true", "8080", "/var/run/token" and the like are settings, not secrets.
  return !/^(true|false|yes|no|on|off|\d{1,6}|\/[\w./-]*)$/i.test(value);
}
