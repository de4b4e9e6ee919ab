import { and, asc, eq, ne, sql } from 'drizzle-orm';
import { ConflictError, NotFoundError, ValidationError } from '../index.ts';
import { assertInternalNumbersFree } from './internal-numbers-repository.ts';
import { assertMohClassUsable } from './media-objects.ts';
import { PARKING_TIMEOUT_TYPES, parkingLots } from './schema.ts';
import type { StoreContext, StoreDb } from './store-context.ts';
import { assertStoredDestination, type StoredDestination } from './stored-destination.ts';
import { requireTeam } from './team-objects.ts';
import { requireIntInRange, requireMatch, requireNonBlank } from './validate.ts';

type ParkingLotRow = typeof parkingLots.$inferSelect;

/** Where a parked call may time out to. */
export type ParkingTimeoutType = (typeof PARKING_TIMEOUT_TYPES)[number];

/**
 * A parking lot: its number parks, its slots retrieve. A null
 * `timeoutDestination` calls the parker back.
 */
export type ParkingLot = Omit<
  ParkingLotRow,
  'timeoutType' | 'timeoutTargetId' | 'timeoutTargetValue'
> & { timeoutDestination: StoredDestination<ParkingTimeoutType> | null };

/** Fields of a new lot; unset ones take the FreePBX defaults (700, 701, 20, 45 s). */
export type NewParkingLot = {
  teamId: number;
  name?: string | undefined;
  number?: string | undefined;
  firstSlot?: number | undefined;
  slotCount?: number | undefined;
  parkingTimeoutS?: number | undefined;
  mohClassId?: number | null | undefined;
  timeoutDestination?: StoredDestination<ParkingTimeoutType> | null | undefined;
};

/** Changes to a lot; the team is fixed. */
export type ParkingLotUpdate = Partial<Omit<NewParkingLot, 'teamId'>>;

/** What a dialled number is to the team's parking lots. */
export type ParkingNumber =
  | { readonly kind: 'lot'; readonly lotId: number }
  | { readonly kind: 'slot'; readonly lotId: number; readonly slot: string };

/** The defaults of FreePBX's park module (and Asterisk's res_parking.conf sample). */
export const PARKING_DEFAULTS = {
  number: '700',
  firstSlot: 701,
  slotCount: 20,
  parkingTimeoutS: 45,
} as const;

/** The slot numbers of `lot`, in order. */
export function slotNumbers(lot: Pick<ParkingLot, 'firstSlot' | 'slotCount'>): string[] {
  return Array.from({ length: lot.slotCount }, (_, i) => String(lot.firstSlot + i));
}

function toLot(row: ParkingLotRow): ParkingLot {
  const { timeoutType, timeoutTargetId, timeoutTargetValue, ...rest } = row;
  return {
    ...rest,
    timeoutDestination:
      timeoutType === null
        ? null
        : { type: timeoutType, targetId: timeoutTargetId, targetValue: timeoutTargetValue },
  };
}

function timeoutColumns(d: StoredDestination<ParkingTimeoutType> | null) {
  return {
    timeoutType: d?.type ?? null,
    timeoutTargetId: d?.targetId ?? null,
    timeoutTargetValue: d?.targetValue ?? null,
  };
}

/**
 * lookupNumber() runs for every dialled number that is not internal, so
 * once per outbound call: prepared once, it skips drizzle's query building
 * and SQLite's statement compile each time.
 */
function prepareLotsOfTeam(db: StoreDb) {
  return db
    .select({
      id: parkingLots.id,
      number: parkingLots.number,
      firstSlot: parkingLots.firstSlot,
      slotCount: parkingLots.slotCount,
    })
    .from(parkingLots)
    .where(eq(parkingLots.teamId, sql.placeholder('teamId')))
    .prepare();
}

/**
 * Parking lots (D-entry "call parking"). A lot's number and its slot
 * numbers live in the team's dial plan beside the internal numbers, so
 * each write checks them against the namespace (IN-1) and the team's
 * other lots, and names the field that clashes.
 */
export class ParkingLotsRepository {
  readonly #ctx: StoreContext;
  #lotsOfTeamStatement: ReturnType<typeof prepareLotsOfTeam> | undefined;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  create(input: NewParkingLot): ParkingLot {
    const number = input.number ?? PARKING_DEFAULTS.number;
    const lot = {
      teamId: input.teamId,
      name: input.name ?? `Parking ${number}`,
      number,
      firstSlot: input.firstSlot ?? PARKING_DEFAULTS.firstSlot,
      slotCount: input.slotCount ?? PARKING_DEFAULTS.slotCount,
      parkingTimeoutS: input.parkingTimeoutS ?? PARKING_DEFAULTS.parkingTimeoutS,
      mohClassId: input.mohClassId ?? null,
      ...timeoutColumns(input.timeoutDestination ?? null),
    };
    return this.#ctx.write((db) => {
      requireTeam(db, input.teamId);
      this.#validate(db, lot, undefined);
      const now = this.#ctx.now();
      const row = db
        .insert(parkingLots)
        .values({ ...lot, createdAt: now, updatedAt: now })
        .returning()
        .get();
      return toLot(row);
    });
  }

  find(id: number): ParkingLot | undefined {
    const row = this.#ctx.db.select().from(parkingLots).where(eq(parkingLots.id, id)).get();
    return row && toLot(row);
  }

  /** Lots of a team, or of every team when `teamId` is undefined. */
  list(teamId?: number): ParkingLot[] {
    return this.#ctx.db
      .select()
      .from(parkingLots)
      .where(teamId === undefined ? undefined : eq(parkingLots.teamId, teamId))
      .orderBy(asc(parkingLots.id))
      .all()
      .map(toLot);
  }

  update(id: number, patch: ParkingLotUpdate): ParkingLot {
    return this.#ctx.write((db) => {
      const current = db.select().from(parkingLots).where(eq(parkingLots.id, id)).get();
      if (current === undefined) throw new NotFoundError('parking lot', id);
      const { timeoutDestination, ...fields } = patch;
      const defined = Object.fromEntries(
        Object.entries(fields).filter(([, v]) => v !== undefined),
      ) as Partial<ParkingLotRow>;
      const next: ParkingLotRow = {
        ...current,
        ...defined,
        ...(timeoutDestination === undefined ? {} : timeoutColumns(timeoutDestination)),
      };
      this.#validate(db, next, id);
      const { id: _id, teamId: _team, createdAt: _c, ...columns } = next;
      const row = db
        .update(parkingLots)
        .set({ ...columns, updatedAt: this.#ctx.now() })
        .where(eq(parkingLots.id, id))
        .returning()
        .get()!;
      return toLot(row);
    });
  }

  delete(id: number): void {
    this.#ctx.write((db) => {
      const result = db.delete(parkingLots).where(eq(parkingLots.id, id)).run();
      if (result.changes === 0) throw new NotFoundError('parking lot', id);
    });
  }

  /**
   * What `number` is to the team's lots: a lot number (park) or one of
   * its slots (retrieve). The router asks this for numbers that are not
   * in the internal-number namespace.
   */
  lookupNumber(teamId: number, number: string): ParkingNumber | undefined {
    if (!/^[0-9]+$/.test(number)) return undefined;
    const rows =
      this.#ctx.cached(`parking-lots:${teamId}`, () => {
        this.#lotsOfTeamStatement ??= prepareLotsOfTeam(this.#ctx.db);
        return this.#lotsOfTeamStatement.all({ teamId });
      }) ?? [];
    for (const lot of rows) {
      if (lot.number === number) return { kind: 'lot', lotId: lot.id };
      if (slotNumbers(lot).includes(number)) return { kind: 'slot', lotId: lot.id, slot: number };
    }
    return undefined;
  }

  #validate(
    db: StoreDb,
    lot: Omit<ParkingLotRow, 'id' | 'createdAt' | 'updatedAt' | 'createdBy'>,
    selfId?: number,
  ): void {
    requireNonBlank('name', lot.name);
    // Slots are integers, so the lot number is plain digits too (no feature codes).
    requireMatch('number', lot.number, /^[0-9]{1,15}$/, 'digits');
    requireIntInRange('firstSlot', lot.firstSlot, 0, 999_999_999);
    requireIntInRange('slotCount', lot.slotCount, 1, 100);
    requireIntInRange('parkingTimeoutS', lot.parkingTimeoutS, 5, 3600);
    const slots = slotNumbers(lot);
    if (slots.includes(lot.number)) {
      throw new ValidationError('number', `number ${lot.number} lies in the lot's own slots`);
    }
    assertMohClassUsable(db, lot.mohClassId, lot.teamId);
    if (lot.timeoutType !== null) {
      const destination = {
        type: lot.timeoutType,
        targetId: lot.timeoutTargetId,
        targetValue: lot.timeoutTargetValue,
      };
      assertStoredDestination(
        db,
        lot.teamId,
        destination,
        PARKING_TIMEOUT_TYPES,
        'timeoutDestination',
      );
    }
    this.#assertNumbersFree(db, lot, slots, selfId);
  }

  /** IN-1 for the lot number and every slot, against numbers and other lots. */
  #assertNumbersFree(
    db: StoreDb,
    lot: { teamId: number; name: string; number: string },
    slots: string[],
    selfId: number | undefined,
  ): void {
    renameField(() => assertInternalNumbersFree(db, lot.teamId, [lot.number]), 'number');
    renameField(() => assertInternalNumbersFree(db, lot.teamId, slots), 'firstSlot');
    const others = db
      .select()
      .from(parkingLots)
      .where(
        and(
          eq(parkingLots.teamId, lot.teamId),
          selfId === undefined ? undefined : ne(parkingLots.id, selfId),
        ),
      )
      .all();
    for (const other of others) {
      if (other.name === lot.name) {
        throw new ConflictError('ERR_NAME_TAKEN', `parking lot ${lot.name} already exists`, 'name');
      }
      const taken = new Set([other.number, ...slotNumbers(other)]);
      if (taken.has(lot.number)) throw lotClash(lot.number, other.name, 'number');
      const slot = slots.find((s) => taken.has(s));
      if (slot !== undefined) throw lotClash(slot, other.name, 'firstSlot');
    }
  }
}

function lotClash(number: string, lotName: string, field: string): ConflictError {
  return new ConflictError(
    'ERR_INTERNAL_NUMBER_TAKEN',
    `number ${number} is already used by parking lot ${lotName} of this team (IN-1)`,
    field,
  );
}

/** Runs `check`, reporting a number clash on `field` (a slot is not `number`). */
function renameField(check: () => void, field: string): void {
  try {
    check();
  } catch (e) {
    if (e instanceof ConflictError && e.field !== field) {
      throw new ConflictError(e.code, e.message, field);
    }
    throw e;
  }
}
