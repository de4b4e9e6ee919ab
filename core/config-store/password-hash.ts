import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';
import { ValidationError } from '../index.ts';

/*
 * Login passwords are stored as `scrypt$<log2 N>$<r>$<p>$<salt>$<hash>`
 * (salt and hash in base64url). N = 2^15, r = 8, p = 3 is one of OWASP's
 * equivalent scrypt settings: 32 MiB per hash instead of the 128 MiB of
 * N = 2^17, p = 1, which matters on a small box where several logins may
 * hash at once. The parameters travel with each hash, so they can be raised
 * later without invalidating stored ones.
 */

const PREFIX = 'scrypt';
const LOG2_N = 15;
const R = 8;
const P = 3;
const SALT_BYTES = 16;
const HASH_BYTES = 32;

const PARAMS = { N: 2 ** LOG2_N, r: R, p: P, maxmem: 2 * 128 * 2 ** LOG2_N * R };

/** Bounds on parameters read back from a stored hash, to cap work and memory. */
const MAX_LOG2_N = 20;
const MAX_P = 16;
const MAX_R = 32;

function scryptAsync(
  password: string,
  salt: Buffer,
  keyBytes: number,
  options: { N: number; r: number; p: number },
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // scrypt needs 128 * N * r bytes; Node's default cap (32 MiB) is too tight.
    const maxmem = 128 * options.N * options.r * 2;
    scrypt(password, salt, keyBytes, { ...options, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/**
 * Hashes a login password with scrypt on the libuv thread pool, so the
 * event loop that carries SIP and RTP never blocks on it.
 */
export async function hashPassword(password: string): Promise<string> {
  if (password.length === 0) throw new ValidationError('password', 'the password is empty');
  const salt = randomBytes(SALT_BYTES);
  const hash = await scryptAsync(password, salt, HASH_BYTES, PARAMS);
  return formatHash(salt, hash);
}

/**
 * The blocking twin of hashPassword(), for start-up paths (first admin,
 * demo provisioning) that run before any call is up.
 */
export function hashPasswordSync(password: string): string {
  if (password.length === 0) throw new ValidationError('password', 'the password is empty');
  const salt = randomBytes(SALT_BYTES);
  const hash = scryptSync(password, salt, HASH_BYTES, PARAMS);
  return formatHash(salt, hash);
}

function formatHash(salt: Buffer, hash: Buffer): string {
  return [PREFIX, LOG2_N, R, P, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

interface ParsedHash {
  log2N: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

function parseHash(stored: string): ParsedHash | undefined {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== PREFIX) return undefined;
  const [, nText, rText, pText, saltText, hashText] = parts as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const log2N = Number(nText);
  const r = Number(rText);
  const p = Number(pText);
  const isInRange = (v: number, max: number) => Number.isInteger(v) && v >= 1 && v <= max;
  if (!isInRange(log2N, MAX_LOG2_N) || !isInRange(r, MAX_R) || !isInRange(p, MAX_P)) {
    return undefined;
  }
  const salt = Buffer.from(saltText, 'base64url');
  const hash = Buffer.from(hashText, 'base64url');
  if (salt.length < 8 || hash.length < 16) return undefined;
  return { log2N, r, p, salt, hash };
}

/** Whether `stored` has the shape hashPassword() produces. */
export function isPasswordHash(stored: string): boolean {
  return parseHash(stored) !== undefined;
}

/**
 * Checks a password against a stored hash in constant time. A malformed
 * stored value verifies nothing (false) rather than throwing at login.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (parsed === undefined) return false;
  const candidate = await scryptAsync(password, parsed.salt, parsed.hash.length, {
    N: 2 ** parsed.log2N,
    r: parsed.r,
    p: parsed.p,
  });
  return timingSafeEqual(candidate, parsed.hash);
}
