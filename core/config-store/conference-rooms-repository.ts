import { and, asc, eq, getTableColumns } from 'drizzle-orm';
import { NotFoundError } from '../index.ts';
import { moveInternalNumber, reserveInternalNumber } from './internal-numbers-repository.ts';
import { conferenceRooms, internalNumbers } from './schema.ts';
import type { StoreContext } from './store-context.ts';
import { checkTeamQuota, requireTeam } from './team-objects.ts';
import {
  EXTENSION_NUMBER_PATTERN,
  requireIntInRange,
  requireMatch,
  requireNonBlank,
} from './validate.ts';
import { selectKeysetJsonPage, selectKeysetPage } from './keyset-page.ts';
import type { KeysetJsonPage, KeysetPage, KeysetPageRequest, KeysetSource } from './keyset-page.ts';

/** A conference room (spec 02 §3.11). */
export type ConferenceRoom = typeof conferenceRooms.$inferSelect;

/** Fields of a new room; unset flags are off, as in the spec. */
export type NewConferenceRoom = Omit<
  typeof conferenceRooms.$inferInsert,
  'id' | 'createdAt' | 'updatedAt'
>;

/** Changes to a room; a new number moves its namespace entry (IN-3). */
export type ConferenceRoomUpdate = Partial<Omit<NewConferenceRoom, 'teamId'>>;

/** PINs are digits keyed on a phone (CF-2); empty means no PIN. */
export const CONFERENCE_PIN_PATTERN = /^[0-9]{1,16}$/;

/** Largest room the mixer is configured for; 0 means no limit. */
export const MAX_CONFERENCE_MEMBERS = 1000;

function validateRoom(input: ConferenceRoomUpdate): void {
  if (input.name !== undefined) requireNonBlank('name', input.name);
  if (input.number !== undefined) {
    requireMatch('number', input.number, EXTENSION_NUMBER_PATTERN, 'digits (§3.11)');
  }
  for (const field of ['userPin', 'adminPin'] as const) {
    const pin = input[field];
    if (pin != null) requireMatch(field, pin, CONFERENCE_PIN_PATTERN, 'digits (CF-2)');
  }
  if (input.maxMembers !== undefined) {
    requireIntInRange('maxMembers', input.maxMembers, 0, MAX_CONFERENCE_MEMBERS);
  }
}

/** How page() reads the table in SQL. */
const KEYSET_SOURCE: KeysetSource = {
  table: conferenceRooms,
  id: conferenceRooms.id,
  selection: getTableColumns(conferenceRooms),
  scope: (teamId) => eq(conferenceRooms.teamId, teamId),
};

/**
 * Conference rooms. Like queues, the number is reserved in the team's
 * internal-number namespace in the same transaction as the row (§0.3), so
 * a number already used by an extension, queue or ring group is refused.
 */
export class ConferenceRoomsRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /** Creates a room within the team's maxConferenceRooms (spec §0.2). */
  create(input: NewConferenceRoom): ConferenceRoom {
    validateRoom(input);
    return this.#ctx.write((db) => {
      const team = requireTeam(db, input.teamId);
      checkTeamQuota(
        db,
        conferenceRooms,
        conferenceRooms.teamId,
        team.id,
        team.maxConferenceRooms,
        'conference rooms',
      );
      const now = this.#ctx.now();
      const room = db
        .insert(conferenceRooms)
        .values({ ...input, createdAt: now, updatedAt: now })
        .returning()
        .get();
      reserveInternalNumber(this.#ctx, db, {
        teamId: team.id,
        number: room.number,
        kind: 'conferenceRoom',
        ownerId: room.id,
      });
      return room;
    });
  }

  find(id: number): ConferenceRoom | undefined {
    return this.#ctx.db.select().from(conferenceRooms).where(eq(conferenceRooms.id, id)).get();
  }

  /** Rooms of a team, or of every team when `teamId` is undefined. */
  list(teamId?: number): ConferenceRoom[] {
    return this.#ctx.db
      .select()
      .from(conferenceRooms)
      .where(teamId === undefined ? undefined : eq(conferenceRooms.teamId, teamId))
      .orderBy(asc(conferenceRooms.id))
      .all();
  }

  /** One page filtered, sorted and cut in SQL (keyset paging). */
  page(request: KeysetPageRequest): KeysetPage<ConferenceRoom> | undefined {
    return selectKeysetPage<ConferenceRoom>(this.#ctx.db, KEYSET_SOURCE, request);
  }

  /** page() with each row as the API's JSON of `fields`, written by SQLite. */
  pageJson(request: KeysetPageRequest, fields: readonly string[]): KeysetJsonPage | undefined {
    return selectKeysetJsonPage(this.#ctx.db, KEYSET_SOURCE, request, fields);
  }

  update(id: number, patch: ConferenceRoomUpdate): ConferenceRoom {
    validateRoom(patch);
    return this.#ctx.write((db) => {
      const current = this.find(id);
      if (current === undefined) throw new NotFoundError('conference room', id);
      if (patch.number !== undefined && patch.number !== current.number) {
        moveInternalNumber(this.#ctx, db, current.teamId, current.number, patch.number);
      }
      return db
        .update(conferenceRooms)
        .set({ ...patch, updatedAt: this.#ctx.now() })
        .where(eq(conferenceRooms.id, id))
        .returning()
        .get()!;
    });
  }

  /** Deletes a room and frees its number (IN-4). */
  delete(id: number): void {
    this.#ctx.write((db) => {
      const current = this.find(id);
      if (current === undefined) throw new NotFoundError('conference room', id);
      db.delete(internalNumbers)
        .where(
          and(
            eq(internalNumbers.teamId, current.teamId),
            eq(internalNumbers.number, current.number),
          ),
        )
        .run();
      db.delete(conferenceRooms).where(eq(conferenceRooms.id, id)).run();
    });
  }
}
