import { createHash } from 'node:crypto';

/** Digest algorithms we store HA1 values for (RFC 7616 §3.4.2, RFC 8760). */
export type DigestAlgorithm = 'MD5' | 'SHA-256';

/**
 * HA1 = H(username ":" realm ":" password), RFC 7616 §3.4.2. Storing HA1 per
 * realm instead of the password lets the registrar check digests while the
 * plain secret never rests in the store.
 */
export function computeHa1(
  algorithm: DigestAlgorithm,
  username: string,
  realm: string,
  password: string,
): string {
  const hash = algorithm === 'MD5' ? 'md5' : 'sha256';
  return createHash(hash).update(`${username}:${realm}:${password}`, 'utf8').digest('hex');
}
