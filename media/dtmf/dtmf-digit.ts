/** A DTMF key, plus `F` for hook flash (RFC 4733 §3.2, event 16). */
export type DtmfDigit =
  | '0'
  | '1'
  | '2'
  | '3'
  | '4'
  | '5'
  | '6'
  | '7'
  | '8'
  | '9'
  | '*'
  | '#'
  | 'A'
  | 'B'
  | 'C'
  | 'D'
  | 'F';

/** The digits in RFC 4733 §3.2 Table 3 event-code order (0–16). */
export const DTMF_DIGITS: readonly DtmfDigit[] = [
  '0',
  '1',
  '2',
  '3',
  '4',
  '5',
  '6',
  '7',
  '8',
  '9',
  '*',
  '#',
  'A',
  'B',
  'C',
  'D',
  'F',
];

/** A digit seen or to be sent, with where it came from. */
export interface DtmfEvent {
  /** `begin` is reported once when the key goes down, `end` once when it is released. */
  readonly kind: 'begin' | 'end';
  readonly digit: DtmfDigit;
  /** How long the key was down; on `end` only. */
  readonly durationMs?: number;
}

/** Maps an RFC 4733 event code (0–16) to its digit. */
export function eventToDigit(event: number): DtmfDigit | undefined {
  return DTMF_DIGITS[event];
}

/** Maps a digit (case-insensitive for A–D and F) to its RFC 4733 event code. */
export function digitToEvent(digit: string): number | undefined {
  const index = DTMF_DIGITS.indexOf(digit.toUpperCase() as DtmfDigit);
  return index < 0 ? undefined : index;
}

/** Returns true if `text` is one digit we can signal. */
export function isDtmfDigit(text: string): text is DtmfDigit {
  return DTMF_DIGITS.includes(text as DtmfDigit);
}
