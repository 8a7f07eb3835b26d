import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Opaque credentials: a readable kind prefix (API key, agent token, session, invitation, reset)
 * and 32 random bytes. Only their sha256 is stored.
 */
export function newToken(kind: 'kwk' | 'kwa' | 'kws' | 'kwi' | 'kwr' | 'whsec'): string {
  const body = randomBytes(32);
  return kind === 'whsec' ? `whsec_${body.toString('base64')}` : `${kind}_${body.toString('base64url')}`;
}

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** First characters of a credential, safe to show and log, to tell credentials apart. */
export const tokenPrefix = (token: string): string => token.slice(0, 10);

/** Equality in constant time, whatever the inputs' lengths: digests are compared, so not even the length leaks. */
export function safeEqual(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** AES-256-GCM for secrets we must be able to read back (webhook signing secrets). */
export function encrypt(key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join('.');
}

export function decrypt(key: Buffer, ciphertext: string): string {
  const [version, iv, tag, data] = ciphertext.split('.');
  if (version !== 'v1' || !iv || !tag || !data) throw new Error('Unknown ciphertext format');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
}
