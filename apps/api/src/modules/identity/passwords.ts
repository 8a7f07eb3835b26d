import { Algorithm, hash, verify } from '@node-rs/argon2';

/**
 * argon2id at OWASP's recommended floor (19 MiB, two passes, one lane): 48 ms a check on a busy core
 * here, paid once per sign-in, and a guess costs an attacker with the hash as much.
 */
const ARGON2ID = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

/**
 * What is wrong with a new password, or null (ASVS 2.1: length over composition rules; no
 * truncation; any printable characters). `email` is the account's: a password equal to or
 * containing its local part is refused.
 */
export function passwordProblem(password: string, email: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return `must be at least ${PASSWORD_MIN} characters`;
  if (length > PASSWORD_MAX) return `must be at most ${PASSWORD_MAX} characters`;
  if (new Set(password).size < 4) return 'must not repeat so few characters';
  const local = email.split('@')[0]?.toLowerCase() ?? '';
  if (local.length >= 4 && password.toLowerCase().includes(local)) return 'must not contain your email address';
  return null;
}

export const hashPassword = (password: string): Promise<string> => hash(password, ARGON2ID);

/**
 * Whether the password matches. Without a hash (unknown user, or one who signs in only through an
 * identity provider) a dummy hash is checked all the same, so the answer takes as long.
 */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  const ok = await verify(stored ?? (await dummyHash()), password).catch(() => false);
  return stored !== null && ok;
}

let dummy: Promise<string> | undefined;
const dummyHash = (): Promise<string> => (dummy ??= hashPassword('not the password of anyone at all'));
