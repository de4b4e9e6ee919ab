/**
 * The outcome of an operation that can fail on bad input. Parsers of wire
 * data return this instead of throwing (STYLE §4.1).
 */
export type Result<T, E = ParseError> = { ok: true; value: T } | { ok: false; error: E };

/** A failure to parse wire input: a stable code, the byte offset and a detail. */
export interface ParseError {
  readonly code: string;
  readonly offset: number;
  readonly detail: string;
}

/** Wraps a value as a successful Result. */
export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

/** Wraps an error as a failed Result. */
export function err<E>(error: E): { ok: false; error: E } {
  return { ok: false, error };
}

/** Builds a failed Result carrying a ParseError. */
export function parseError(
  code: string,
  offset: number,
  detail: string,
): { ok: false; error: ParseError } {
  return { ok: false, error: { code, offset, detail } };
}
