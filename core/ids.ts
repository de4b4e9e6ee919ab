import { randomBytes, randomUUID } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

const POOL_BYTES = 4096;
let pool = randomBytes(POOL_BYTES);
let poolOffset = 0;

/**
 * Random bytes from a pool refilled 4 KiB at a time: SIP tags, branches and
 * Call-IDs are made for every message, and one randomBytes() call per token
 * was a visible share of the REGISTER path's profile.
 */
function pooledBytes(n: number): { buf: Buffer; offset: number } {
  if (poolOffset + n > POOL_BYTES) {
    pool = randomBytes(POOL_BYTES);
    poolOffset = 0;
  }
  const offset = poolOffset;
  poolOffset += n;
  return { buf: pool, offset };
}

/**
 * Fills `target[offset, offset + length)` with random bytes from the pool:
 * for nonces and ids made per message, where a getrandom() call each would
 * show in the profile.
 */
export function fillRandom(target: Uint8Array, offset: number, length: number): void {
  if (length > 256) {
    target.set(randomBytes(length), offset);
    return;
  }
  const { buf, offset: from } = pooledBytes(length);
  target.set(buf.subarray(from, from + length), offset);
}

/** A random token of `length` lower-case letters and digits (≈5.2 bits each). */
export function randomToken(length = 16): string {
  const { buf, offset } =
    length <= 256 ? pooledBytes(length) : { buf: randomBytes(length), offset: 0 };
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[buf[offset + i]! % ALPHABET.length];
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
