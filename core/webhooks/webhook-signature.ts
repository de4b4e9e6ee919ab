import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header that carries the signature of a webhook body. */
export const SIGNATURE_HEADER = 'x-switchyard-signature';

/**
 * The signature header value of `body` sent at `unixSec`:
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` keyed by the
 * team's verification string (TM-11, D47). The time is signed with the
 * body, as Stripe does, so a receiver can refuse a replayed event.
 */
export function signWebhook(body: string, secret: string, unixSec: number): string {
  const t = Math.floor(unixSec);
  return `t=${t},v1=${hmacHex(secret, `${t}.${body}`)}`;
}

/** Why a signature header was not accepted. */
export type SignatureRejection = 'malformed' | 'mismatch' | 'stale';

/**
 * Checks a signature header the way a receiver should: the HMAC matches
 * (in constant time) and `t` lies within `toleranceSec` of `nowUnixSec`.
 * Our tests use it; it is exported as the reference for integrators.
 */
export function verifyWebhookSignature(
  header: string,
  body: string,
  secret: string,
  nowUnixSec: number,
  toleranceSec = 300,
): { readonly isValid: true } | { readonly isValid: false; readonly reason: SignatureRejection } {
  const fields = new Map(
    header.split(',').map((part): [string, string] => {
      const eq = part.indexOf('=');
      return eq < 0 ? [part.trim(), ''] : [part.slice(0, eq).trim(), part.slice(eq + 1).trim()];
    }),
  );
  const tText = fields.get('t') ?? '';
  const v1 = fields.get('v1') ?? '';
  if (!/^\d{1,12}$/.test(tText) || !/^[0-9a-f]{64}$/.test(v1)) {
    return { isValid: false, reason: 'malformed' };
  }
  const expected = Buffer.from(hmacHex(secret, `${tText}.${body}`), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(v1, 'hex'))) {
    return { isValid: false, reason: 'mismatch' };
  }
  if (Math.abs(nowUnixSec - Number(tText)) > toleranceSec) {
    return { isValid: false, reason: 'stale' };
  }
  return { isValid: true };
}

function hmacHex(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload, 'utf8').digest('hex');
}
