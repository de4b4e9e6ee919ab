import { ValidationError } from '../index.ts';

/*
 * Checks of the invariants the repositories own. The admin API validates
 * shapes with zod at the edge (STYLE §4.6); these guard what any caller,
 * including provisioning and tests, writes into the store.
 */

/** Throws ValidationError unless `value` matches `pattern`. */
export function requireMatch(field: string, value: string, pattern: RegExp, rule: string): void {
  if (!pattern.test(value)) {
    throw new ValidationError(field, `${field} ${JSON.stringify(value)} must be ${rule}`);
  }
}

/** Throws ValidationError unless `value` is an integer within [min, max]. */
export function requireIntInRange(field: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ValidationError(field, `${field} ${value} must be an integer in ${min}..${max}`);
  }
}

/** Throws ValidationError if `value` is blank. */
export function requireNonBlank(field: string, value: string): void {
  if (value.trim().length === 0) throw new ValidationError(field, `${field} must not be empty`);
}

/** Team uid: letters and digits only (TM-1). */
export const TEAM_UID_PATTERN = /^[A-Za-z0-9]{1,32}$/;
/** An extension's internal number: digits only (spec §2.2). */
export const EXTENSION_NUMBER_PATTERN = /^[0-9]{1,15}$/;
/** Any internal number: digits, `*` and `#` for feature codes (spec §2.10). */
export const INTERNAL_NUMBER_PATTERN = /^[0-9*#]{1,20}$/;
/** A DID: digits with an optional leading `+` (E.164, ITU-T E.164 §6). */
export const DID_NUMBER_PATTERN = /^\+?[0-9]{1,20}$/;
/**
 * A DNS name for a team's SIP domain (RFC 3261 §25.1 `hostname`), stored in
 * lower case because host names compare case-insensitively (§19.1.4).
 */
export const SIP_DOMAIN_PATTERN =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;
/** Account usernames: letters (any script), digits, `_` and `@` (AC-1). */
export const USERNAME_PATTERN = /^[\p{L}\p{N}_@]{1,64}$/u;
/**
 * A caller-number pattern of inbound routes and screening lists: a number,
 * matched exactly (IR-3, BL-2), or a prefix ending in `*` for a range.
 */
export const CALLER_NUMBER_PATTERN = /^\+?[0-9]{1,32}\*?$/;
