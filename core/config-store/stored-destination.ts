import { eq } from 'drizzle-orm';
import { ValidationError } from '../index.ts';
import type { Destination, DestinationType } from '../index.ts';
import { assertPromptUsable } from './media-objects.ts';
import { applications, conferenceRooms, ivrFlows, voicemailBoxes } from './schema.ts';
import type { StoreDb } from './store-context.ts';
import { assertInTeam } from './team-objects.ts';

/*
 * Polymorphic destinations as stored (spec 02 §0.5): a type, the id of a
 * stored object, and a literal value. Each context allows a subset of
 * types (the caller passes it); the checks here are per type and the same
 * in every context.
 */

/** A destination in its three columns; unused ones are null. */
export interface StoredDestination<T extends DestinationType = DestinationType> {
  type: T;
  targetId: number | null;
  targetValue: string | null;
}

/** The special target of IVR-6: dial the input (extension) or auto-join (queue). */
export const AUTO_TARGET = 'auto';

/** DTMF digits to send (IVR-10, RFC 4733 events 0-9 * # A-D). */
const DTMF_PATTERN = /^[0-9*#A-D]{1,32}$/;
/** A number for an outbound route: digits with an optional `+`. */
const DIAL_PATTERN = /^\+?[0-9]{1,32}$/;

/** Types that take neither an id nor a value. */
const TARGETLESS: ReadonlySet<DestinationType> = new Set(['hangup', 'busy', 'fax', 'callback']);
/** Types that take a literal value, not an object. */
const VALUE_ONLY: ReadonlySet<DestinationType> = new Set(['sendDtmf', 'outboundRoute']);
/** Types whose target may be `auto` instead of an object (IVR-6). */
const AUTO_ALLOWED: ReadonlySet<DestinationType> = new Set(['extension', 'queue']);

type Owner = { teamId: number } | undefined;

const TEAM_OF: Partial<Record<DestinationType, (db: StoreDb, id: number) => Owner>> = {
  ivr: (db, id) =>
    db.select({ teamId: ivrFlows.teamId }).from(ivrFlows).where(eq(ivrFlows.id, id)).get(),
  conference: (db, id) =>
    db
      .select({ teamId: conferenceRooms.teamId })
      .from(conferenceRooms)
      .where(eq(conferenceRooms.id, id))
      .get(),
  voicemail: (db, id) =>
    db
      .select({ teamId: voicemailBoxes.teamId })
      .from(voicemailBoxes)
      .where(eq(voicemailBoxes.id, id))
      .get(),
  application: (db, id) =>
    db
      .select({ teamId: applications.teamId })
      .from(applications)
      .where(eq(applications.id, id))
      .get(),
};

/**
 * Throws ValidationError on `field` unless `destination` is one of
 * `allowed` with the target its type needs, in team `teamId`.
 */
export function assertStoredDestination(
  db: StoreDb,
  teamId: number,
  destination: StoredDestination,
  allowed: readonly DestinationType[],
  field: string,
): void {
  const { type, targetId, targetValue } = destination;
  if (!allowed.includes(type)) {
    throw new ValidationError(
      field,
      `${field}: ${type} is not allowed here (${allowed.join(', ')})`,
    );
  }
  if (TARGETLESS.has(type)) {
    if (targetId !== null || targetValue !== null) {
      throw new ValidationError(field, `${field}: ${type} takes no target`);
    }
    return;
  }
  if (VALUE_ONLY.has(type)) {
    const pattern = type === 'sendDtmf' ? DTMF_PATTERN : DIAL_PATTERN;
    const isAuto = type === 'outboundRoute' && targetValue === AUTO_TARGET;
    if (targetId !== null || targetValue === null || (!isAuto && !pattern.test(targetValue))) {
      throw new ValidationError(
        field,
        `${field}: ${type} needs targetValue ${type === 'sendDtmf' ? 'DTMF digits' : 'a number or auto'}`,
      );
    }
    return;
  }
  if (targetValue !== null) {
    if (targetValue !== AUTO_TARGET || !AUTO_ALLOWED.has(type) || targetId !== null) {
      throw new ValidationError(field, `${field}: only extension and queue take targetValue auto`);
    }
    return;
  }
  if (targetId === null) throw new ValidationError(field, `${field}: ${type} needs targetId`);
  assertTargetInTeam(db, teamId, type, targetId, field);
}

function assertTargetInTeam(
  db: StoreDb,
  teamId: number,
  type: DestinationType,
  targetId: number,
  field: string,
): void {
  if (type === 'extension' || type === 'queue' || type === 'ringGroup') {
    assertInTeam(db, type, targetId, teamId, field);
    return;
  }
  if (type === 'prompt') {
    assertPromptUsable(db, targetId, teamId, field);
    return;
  }
  const owner = TEAM_OF[type]?.(db, targetId);
  if (owner?.teamId !== teamId) {
    throw new ValidationError(field, `${field}: no ${type} ${targetId} in this team`);
  }
}

/** The port-level Destination (core/ports) of a stored one. */
export function toDestination(stored: StoredDestination): Destination {
  return {
    type: stored.type,
    ...(stored.targetId === null ? {} : { targetId: stored.targetId }),
    ...(stored.targetValue === null ? {} : { targetValue: stored.targetValue }),
  };
}
