import type { SipResponse } from '../message/index.ts';

/**
 * The RSeq of a reliable provisional response (RFC 3262 §7.1): a 1xx
 * other than 100 with `100rel` in Require and an RSeq of 1 to 2**31 - 1.
 * Undefined for an ordinary provisional response.
 */
export function reliableRseq(r: SipResponse): number | undefined {
  if (r.status <= 100 || r.status >= 200) return undefined;
  const isReliable = r.getHeaderValues('Require').some((v) => v.trim().toLowerCase() === '100rel');
  const rseq = r.getHeader('RSeq')?.trim();
  if (!isReliable || rseq === undefined || !/^\d{1,10}$/.test(rseq)) return undefined;
  const n = Number(rseq);
  return n >= 1 && n <= 2 ** 31 - 1 ? n : undefined;
}
