import { hash } from 'node:crypto';
import type { DigestAlgorithm } from '../../../core/index.ts';

/**
 * The algorithms we can compute (RFC 7616 §3.3 and RFC 8760 §2.1). The -sess
 * variants exist only because some trunks still challenge with MD5-sess.
 */
export type DigestAlgorithmName = 'MD5' | 'MD5-sess' | 'SHA-256' | 'SHA-256-sess';

/** The qop values we implement (RFC 7616 §3.3). */
export type DigestQop = 'auth' | 'auth-int';

const ALGORITHMS: ReadonlyMap<string, DigestAlgorithmName> = new Map([
  ['md5', 'MD5'],
  ['md5-sess', 'MD5-sess'],
  ['sha-256', 'SHA-256'],
  ['sha-256-sess', 'SHA-256-sess'],
]);

/**
 * Maps an algorithm token to its canonical name, case-insensitively
 * (RFC 7616 §3.3 compares algorithm values that way); undefined when we do
 * not implement it.
 */
export function toDigestAlgorithm(token: string): DigestAlgorithmName | undefined {
  return ALGORITHMS.get(token.toLowerCase());
}

/** The hash function under an algorithm, without the -sess suffix. */
export function baseDigestAlgorithm(algorithm: DigestAlgorithmName): DigestAlgorithm {
  return algorithm === 'MD5' || algorithm === 'MD5-sess' ? 'MD5' : 'SHA-256';
}

/** Whether an algorithm is a -sess variant (RFC 7616 §3.4.2). */
export function isSessionAlgorithm(algorithm: DigestAlgorithmName): boolean {
  return algorithm.endsWith('-sess');
}

/** Hex digits in a hash of the algorithm: 32 for MD5, 64 for SHA-256. */
export function digestHexLength(algorithm: DigestAlgorithmName): number {
  return baseDigestAlgorithm(algorithm) === 'MD5' ? 32 : 64;
}

/**
 * H(data) as lower-case hex; strings are hashed as UTF-8. The one-shot
 * crypto.hash() (Node 20.12) costs about a third of createHash() here.
 */
export function digestHash(algorithm: DigestAlgorithmName, data: string | Uint8Array): string {
  return hash(baseDigestAlgorithm(algorithm) === 'MD5' ? 'md5' : 'sha256', data, 'hex');
}

/** What a request-digest is computed over. */
export interface DigestResponseInput {
  readonly algorithm: DigestAlgorithmName;
  /** H(username ":" realm ":" password) in hex, as `computeHa1` gives. */
  readonly ha1: string;
  readonly nonce: string;
  readonly method: string;
  /** The digest-uri exactly as sent in the `uri` parameter. */
  readonly uri: string;
  /** Absent for the RFC 2069 form. */
  readonly qop?: DigestQop | undefined;
  /** The nc value as sent: eight lower-case hex digits. */
  readonly nc?: string | undefined;
  readonly cnonce?: string | undefined;
  /** The message body, hashed into A2 for qop=auth-int. */
  readonly entityBody?: string | Uint8Array | undefined;
}

/**
 * Computes the request-digest (RFC 7616 §3.4.1, RFC 2617 §3.2.2.1):
 *
 *   response = KD(H(A1), nonce ":" nc ":" cnonce ":" qop ":" H(A2))
 *   KD(secret, data) = H(secret ":" data)
 *
 * and, without qop, the RFC 2069 form H(H(A1) ":" nonce ":" H(A2)).
 */
export function computeDigestResponse(input: DigestResponseInput): string {
  const { algorithm, nonce, method, uri, qop } = input;
  const cnonce = input.cnonce ?? '';
  // RFC 7616 §3.4.2: for -sess, A1 = H(user:realm:pass) ":" nonce ":" cnonce.
  const ha1 = isSessionAlgorithm(algorithm)
    ? digestHash(algorithm, `${input.ha1}:${nonce}:${cnonce}`)
    : input.ha1;
  // RFC 7616 §3.4.3: A2 = Method ":" request-uri [":" H(entity-body)].
  const a2 =
    qop === 'auth-int'
      ? `${method}:${uri}:${digestHash(algorithm, input.entityBody ?? '')}`
      : `${method}:${uri}`;
  const ha2 = digestHash(algorithm, a2);
  if (qop === undefined) return digestHash(algorithm, `${ha1}:${nonce}:${ha2}`);
  return digestHash(algorithm, `${ha1}:${nonce}:${input.nc ?? ''}:${cnonce}:${qop}:${ha2}`);
}

/** Formats a nonce-count as the 8 hex digits of nc-value (RFC 7616 §3.4). */
export function formatNonceCount(count: number): string {
  return count.toString(16).padStart(8, '0');
}
