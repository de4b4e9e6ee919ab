import { randomBytes, randomUUID } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A random token of `length` lower-case letters and digits (≈5.2 bits each). */
export function randomToken(length = 16): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i]! % ALPHABET.length];
  return out;
}

/** A UUID v4, for ids that leave the process (calls, CDRs, API objects). */
export function uuid(): string {
  return randomUUID();
}

/**
 * A password made of letters and digits, for generated SIP secrets and the
 * first admin password.
 */
export function randomPassword(length = 20): string {
  const chars = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += chars[bytes[i]! % chars.length];
  return out;
}
