import { and, asc, eq, getTableColumns, ne } from 'drizzle-orm';
import { ConflictError, NotFoundError, ValidationError } from '../index.ts';
import type { WorkHoursInterval } from './schema.ts';
import { workHours } from './schema.ts';
import type { StoreContext, StoreDb } from './store-context.ts';
import { requireTeam } from './team-objects.ts';
import { requireNonBlank } from './validate.ts';
import { selectKeysetJsonPage, selectKeysetPage } from './keyset-page.ts';
import type { KeysetJsonPage, KeysetPage, KeysetPageRequest, KeysetSource } from './keyset-page.ts';

/** A work-hours schedule with its intervals (spec 02 §3.2, §3.3). */
export type WorkHours = typeof workHours.$inferSelect;

/** Fields of a new schedule. */
export type NewWorkHours = Omit<typeof workHours.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>;

/** Changes to a schedule; `intervals` replaces the list. */
export type WorkHoursUpdate = Partial<Omit<NewWorkHours, 'teamId'>>;

/** `MM-DD` with a real month and a day that month can have (WT-2). */
const DATE = /^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** `HH:MM`, 00:00 to 23:59 (WT-3). */
const TIME = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

function validateInterval(interval: WorkHoursInterval, index: number): void {
  const at = `intervals.${index}`;
  requireNonBlank(`${at}.name`, interval.name);
  for (const key of ['startDate', 'endDate'] as const) {
    const value = interval[key];
    if (value === null) continue;
    const m = DATE.exec(value);
    if (m === null || Number(m[2]) > DAYS_IN_MONTH[Number(m[1]) - 1]!) {
      throw new ValidationError(`${at}.${key}`, `${key} ${JSON.stringify(value)} must be MM-DD`);
    }
  }
  for (const key of ['startTime', 'endTime'] as const) {
    if (!TIME.test(interval[key])) {
      throw new ValidationError(`${at}.${key}`, `${key} must be HH:MM`);
    }
  }
  // WT-2 and WT-4 leave one-sided ranges ambiguous: both or neither.
  if ((interval.startDate === null) !== (interval.endDate === null)) {
    throw new ValidationError(`${at}.endDate`, 'give both startDate and endDate, or neither');
  }
  if ((interval.startWeekday === null) !== (interval.endWeekday === null)) {
    throw new ValidationError(`${at}.endWeekday`, 'give both weekdays, or neither');
  }
}

function validateWorkHours(input: WorkHoursUpdate): void {
  if (input.name !== undefined) requireNonBlank('name', input.name);
  input.intervals?.forEach(validateInterval);
}

/** How page() reads the table in SQL. */
const KEYSET_SOURCE: KeysetSource = {
  table: workHours,
  id: workHours.id,
  selection: getTableColumns(workHours),
  scope: (teamId) => eq(workHours.teamId, teamId),
};

/** Work-hours schedules, the time condition of inbound routes (IR-5). */
export class WorkHoursRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  create(input: NewWorkHours): WorkHours {
    validateWorkHours(input);
    return this.#ctx.write((db) => {
      requireTeam(db, input.teamId);
      this.#assertNameFree(db, input.teamId, input.name, undefined);
      const now = this.#ctx.now();
      return db
        .insert(workHours)
        .values({ ...input, createdAt: now, updatedAt: now })
        .returning()
        .get();
    });
  }

  find(id: number): WorkHours | undefined {
    return this.#ctx.db.select().from(workHours).where(eq(workHours.id, id)).get();
  }

  /** Schedules of a team, or of every team when `teamId` is undefined. */
  list(teamId?: number): WorkHours[] {
    return this.#ctx.db
      .select()
      .from(workHours)
      .where(teamId === undefined ? undefined : eq(workHours.teamId, teamId))
      .orderBy(asc(workHours.id))
      .all();
  }

  /** One page filtered, sorted and cut in SQL (keyset paging). */
  page(request: KeysetPageRequest): KeysetPage<WorkHours> | undefined {
    return selectKeysetPage<WorkHours>(this.#ctx.db, KEYSET_SOURCE, request);
  }

  /** page() with each row as the API's JSON of `fields`, written by SQLite. */
  pageJson(request: KeysetPageRequest, fields: readonly string[]): KeysetJsonPage | undefined {
    return selectKeysetJsonPage(this.#ctx.db, KEYSET_SOURCE, request, fields);
  }

  update(id: number, patch: WorkHoursUpdate): WorkHours {
    validateWorkHours(patch);
    return this.#ctx.write((db) => {
      const current = this.find(id);
      if (current === undefined) throw new NotFoundError('work hours', id);
      if (patch.name !== undefined) this.#assertNameFree(db, current.teamId, patch.name, id);
      return db
        .update(workHours)
        .set({ ...patch, updatedAt: this.#ctx.now() })
        .where(eq(workHours.id, id))
        .returning()
        .get()!;
    });
  }

  /** Deletes a schedule; refused (ERR_REFERENCE) while a route uses it. */
  delete(id: number): void {
    this.#ctx.write((db) => {
      const result = db.delete(workHours).where(eq(workHours.id, id)).run();
      if (result.changes === 0) throw new NotFoundError('work hours', id);
    });
  }

  #assertNameFree(db: StoreDb, teamId: number, name: string, selfId: number | undefined): void {
    const other = db
      .select({ id: workHours.id })
      .from(workHours)
      .where(
        and(
          eq(workHours.teamId, teamId),
          eq(workHours.name, name),
          selfId === undefined ? undefined : ne(workHours.id, selfId),
        ),
      )
      .get();
    if (other !== undefined) {
      throw new ConflictError('ERR_NAME_TAKEN', `work hours ${name} already exist`, 'name');
    }
  }
}
