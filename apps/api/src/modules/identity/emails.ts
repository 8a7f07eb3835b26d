/** An address as accounts are keyed: trimmed, lower-cased; null when it is not one. */
export function normaliseEmail(input: string): string | null {
  const email = input.trim().toLowerCase();
  if (email.length > 254) return null;
  // One @, something on each side, a dot in the domain, no spaces or angle brackets.
  if (!/^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/.test(email)) return null;
  return email;
}

/** The domain part of a normalised address. */
export const domainOf = (email: string): string => email.slice(email.lastIndexOf('@') + 1);
