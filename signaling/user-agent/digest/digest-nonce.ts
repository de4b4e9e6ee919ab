import { createHmac, timingSafeEqual } from 'node:crypto';
import { fillRandom, type Clock } from '../../../core/index.ts';

/** What a nonce check found. */
export type NonceCheck =
  | { readonly status: 'valid' | 'expired'; readonly issuedAtMs: number }
  | { readonly status: 'invalid' };

/** Options of DigestNonceCodec. */
export interface DigestNonceCodecOptions {
  /** The HMAC key; every worker that must accept the nonces shares it. */
  readonly secret: Uint8Array;
  readonly lifetimeMs: number;
  readonly clock: Clock;
}

/*
 * Nonce layout before base64url (72 characters after encoding):
 *
 *   0            6                      22                              54
 *   +------------+----------------------+-------------------------------+
 *   | issued-at  | random               | HMAC-SHA256(secret,           |
 *   | ms, 48 bit | 16 bytes             |   bytes 0..21 || realm)       |
 *   +------------+----------------------+-------------------------------+
 */
const TIME_BYTES = 6;
const RANDOM_BYTES = 16;
const MAC_BYTES = 32;
const BODY_BYTES = TIME_BYTES + RANDOM_BYTES;
const NONCE_BYTES = BODY_BYTES + MAC_BYTES;
const NONCE_CHARS = Math.ceil((NONCE_BYTES * 4) / 3);

/** Workers' clocks differ a little; a nonce from further ahead is forged. */
const MAX_FUTURE_SKEW_MS = 5_000;

/**
 * Mints and checks stateless nonces. RFC 7616 §5.4 leaves the nonce format
 * to the server; signing the issue time lets any worker holding the secret
 * check a nonce and its age without shared state, and binding the realm
 * keeps a nonce of one tenant from being answered in another.
 */
export class DigestNonceCodec {
  readonly #secret: Uint8Array;
  readonly #lifetimeMs: number;
  readonly #clock: Clock;

  constructor(options: DigestNonceCodecOptions) {
    this.#secret = options.secret;
    this.#lifetimeMs = options.lifetimeMs;
    this.#clock = options.clock;
  }

  /** A fresh nonce for `realm`. */
  issue(realm: string): string {
    const bytes = Buffer.allocUnsafe(NONCE_BYTES);
    bytes.writeUIntBE(Math.max(0, Math.floor(this.#clock.now())), 0, TIME_BYTES);
    fillRandom(bytes, TIME_BYTES, RANDOM_BYTES);
    this.#mac(bytes.subarray(0, BODY_BYTES), realm).copy(bytes, BODY_BYTES);
    return bytes.toString('base64url');
  }

  /** Whether we minted `nonce` for `realm`, and whether it is fresh. */
  check(nonce: string, realm: string): NonceCheck {
    if (nonce.length !== NONCE_CHARS) return { status: 'invalid' };
    const bytes = Buffer.from(nonce, 'base64url');
    // Buffer's decoder skips stray characters; insist on the canonical text.
    if (bytes.length !== NONCE_BYTES || bytes.toString('base64url') !== nonce) {
      return { status: 'invalid' };
    }
    const expected = this.#mac(bytes.subarray(0, BODY_BYTES), realm);
    if (!timingSafeEqual(expected, bytes.subarray(BODY_BYTES))) return { status: 'invalid' };
    const issuedAtMs = bytes.readUIntBE(0, TIME_BYTES);
    const ageMs = this.#clock.now() - issuedAtMs;
    if (ageMs < -MAX_FUTURE_SKEW_MS) return { status: 'invalid' };
    return { status: ageMs > this.#lifetimeMs ? 'expired' : 'valid', issuedAtMs };
  }

  #mac(body: Uint8Array, realm: string): Buffer {
    return createHmac('sha256', this.#secret).update(body).update(realm, 'utf8').digest();
  }
}
