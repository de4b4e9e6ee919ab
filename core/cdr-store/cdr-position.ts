import { and, eq, lt, or, type SQL } from 'drizzle-orm';
import { cdrs } from './cdr-schema.ts';

/*
 * Where a page of call records ends (D108). Records list newest first by
 * start time, and calls often share a millisecond (at 500 calls/s about a
 * third of them do), so the start time alone cannot be a cursor: the rows
 * sharing the last row's millisecond beyond the page would be skipped. The
 * call id, the table's key, breaks the tie.
 */

/** A record's place in the newest-first order: start time, then call id, both descending. */
export interface CdrPosition {
  startedAtMs: number;
  callId: string;
}

/** The WHERE term of the rows after `position` in the newest-first order. */
export function afterPosition(position: CdrPosition): SQL {
  return or(
    lt(cdrs.startedAtMs, position.startedAtMs),
    and(eq(cdrs.startedAtMs, position.startedAtMs), lt(cdrs.callId, position.callId)),
  )!;
}

/** The API's opaque cursor of the page after `position`: base64url of `[startedAtMs, callId]`. */
export function encodeCdrCursor(position: CdrPosition): string {
  return Buffer.from(JSON.stringify([position.startedAtMs, position.callId])).toString('base64url');
}

/**
 * Reads a cursor of encodeCdrCursor(), or undefined if it is not one. A
 * cursor of digits only is the start time the API gave before D108; it
 * reads as the place before every call of that millisecond, as it did then.
 */
export function decodeCdrCursor(cursor: string): CdrPosition | undefined {
  if (/^\d{1,15}$/.test(cursor)) return { startedAtMs: Number(cursor), callId: '' };
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      Number.isSafeInteger(parsed[0]) &&
      typeof parsed[1] === 'string'
    ) {
      return { startedAtMs: parsed[0] as number, callId: parsed[1] };
    }
  } catch {
    // Not JSON: not a cursor of ours.
  }
  return undefined;
}
