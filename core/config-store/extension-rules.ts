import { and, eq, isNull, or } from 'drizzle-orm';
import { ValidationError } from '../index.ts';
import { parseHostRestriction } from './host-restriction.ts';
import { mohClasses } from './schema.ts';
import type { StoreDb } from './store-context.ts';

/*
 * Write-time checks of the extension fields that calls depend on (spec 01
 * §2.2, D40): the host lock (EXT-2), the ringback class (EXT-13) and the
 * number of an external extension (EXT-15). The admin API reports each
 * ValidationError as 400 naming the field.
 */

/** The fields these rules read, as a create or a patch carries them. */
export interface ExtensionRuleFields {
  readonly deviceType?: string | undefined;
  readonly hostRestriction?: string | null | undefined;
  readonly externalNumber?: string | null | undefined;
  readonly ringbackMohClassId?: number | null | undefined;
}

const EXTERNAL_NUMBER_PATTERN = /^[0-9]{1,32}$/;

/**
 * The host restriction to store: trimmed, blank as null (no lock).
 * Throws ValidationError naming `hostRestriction` when it does not parse.
 */
export function normalizeHostRestriction(
  value: string | null | undefined,
): string | null | undefined {
  if (value === undefined || value === null) return value;
  const text = value.trim();
  if (text === '') return null;
  const parsed = parseHostRestriction(text);
  if (!parsed.ok) {
    throw new ValidationError(
      'hostRestriction',
      `hostRestriction: ${parsed.error.detail} (EXT-2: IP addresses or CIDR blocks)`,
    );
  }
  return text;
}

/**
 * EXT-15: an extension of deviceType `external` dials its external number,
 * so it must have one; any external number is digits only, as dialled.
 */
export function requireExternalNumber(merged: ExtensionRuleFields): void {
  const number = merged.externalNumber;
  if (number !== undefined && number !== null && !EXTERNAL_NUMBER_PATTERN.test(number)) {
    throw new ValidationError(
      'externalNumber',
      `externalNumber ${JSON.stringify(number)} must be 1 to 32 digits`,
    );
  }
  if (merged.deviceType === 'external' && (number === undefined || number === null)) {
    throw new ValidationError(
      'externalNumber',
      'an extension of deviceType external needs an externalNumber (EXT-15)',
    );
  }
}

/**
 * EXT-13: the ringback must be a MOH class of the extension's team or a
 * system one (no team). Must run inside the caller's transaction.
 */
export function requireRingbackClass(
  db: StoreDb,
  teamId: number,
  classId: number | null | undefined,
): void {
  if (classId === undefined || classId === null) return;
  const found = db
    .select({ id: mohClasses.id })
    .from(mohClasses)
    .where(
      and(eq(mohClasses.id, classId), or(isNull(mohClasses.teamId), eq(mohClasses.teamId, teamId))),
    )
    .get();
  if (found === undefined) {
    throw new ValidationError(
      'ringbackMohClassId',
      `ringbackMohClassId ${classId} is not a MOH class of the team or the system (EXT-13)`,
    );
  }
}
