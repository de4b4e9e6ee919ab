import { ok, parseError } from '../../core/index.ts';
import type { Result } from '../../core/index.ts';
import { eventToDigit, isDtmfDigit } from './dtmf-digit.ts';
import type { DtmfDigit } from './dtmf-digit.ts';

/** A digit carried in a SIP INFO body. */
export interface DtmfInfo {
  readonly digit: DtmfDigit;
  /** Absent when the body gives none (application/dtmf has no duration). */
  readonly durationMs?: number;
}

/** The default key-down time when an INFO body gives none. */
export const DEFAULT_INFO_DURATION_MS = 250;

/**
 * Reads a Signal value: the key itself (`5`, `*`, `#`, `A`, `!` for flash)
 * or, as some gateways send, its RFC 4733 event code (`10` for `*`).
 */
function parseSignal(value: string): DtmfDigit | undefined {
  const upper = value.trim().toUpperCase();
  if (upper === '!') return 'F';
  if (upper.length === 1 && isDtmfDigit(upper)) return upper;
  if (/^1[0-6]$/.test(upper)) return eventToDigit(Number(upper));
  return undefined;
}

/**
 * Parses an `application/dtmf-relay` body (`Signal=5\r\nDuration=160\r\n`),
 * the de-facto format from Cisco and most PBXs. Lines may end in CRLF or LF
 * and the keys are case-insensitive.
 */
export function parseDtmfRelay(body: string): Result<DtmfInfo> {
  let digit: DtmfDigit | undefined;
  let durationMs: number | undefined;
  let offset = 0;
  for (const line of body.split('\n')) {
    const eq = line.indexOf('=');
    const key = line.slice(0, Math.max(0, eq)).trim().toLowerCase();
    const value = line
      .slice(eq + 1)
      .replace(/\r$/, '')
      .trim();
    if (key === 'signal') {
      digit = parseSignal(value);
      if (digit === undefined)
        return parseError('ERR_DTMF_BAD_SIGNAL', offset + eq + 1, `Signal="${value}"`);
    } else if (key === 'duration') {
      if (!/^\d{1,6}$/.test(value))
        return parseError('ERR_DTMF_BAD_DURATION', offset + eq + 1, `Duration="${value}"`);
      durationMs = Number(value);
    }
    offset += Buffer.byteLength(line, 'utf8') + 1;
  }
  if (digit === undefined) return parseError('ERR_DTMF_NO_SIGNAL', 0, 'no Signal= line');
  return ok(durationMs === undefined ? { digit } : { digit, durationMs });
}

/** Serializes an `application/dtmf-relay` body. */
export function serializeDtmfRelay(info: DtmfInfo): string {
  const signal = info.digit === 'F' ? '!' : info.digit;
  return `Signal=${signal}\r\nDuration=${Math.round(info.durationMs ?? DEFAULT_INFO_DURATION_MS)}\r\n`;
}

/**
 * Parses an `application/dtmf` body: the key alone (`5`), or its event
 * code as some endpoints send.
 */
export function parseApplicationDtmf(body: string): Result<DtmfInfo> {
  const digit = parseSignal(body.trim());
  if (digit === undefined)
    return parseError('ERR_DTMF_BAD_SIGNAL', 0, `body "${body.slice(0, 16)}"`);
  return ok({ digit });
}

/** Serializes an `application/dtmf` body. */
export function serializeApplicationDtmf(info: DtmfInfo): string {
  return info.digit === 'F' ? '16' : info.digit;
}
