import { asc, eq, getTableColumns } from 'drizzle-orm';
import { NotFoundError, ValidationError } from '../index.ts';
import { recordingRetentionPlans } from './schema.ts';
import type { StoreContext } from './store-context.ts';
import { requireTeam } from './team-objects.ts';
import { selectKeysetJsonPage, selectKeysetPage } from './keyset-page.ts';
import type { KeysetJsonPage, KeysetPage, KeysetPageRequest, KeysetSource } from './keyset-page.ts';

/** A recording retention plan (spec 04 §15.13). */
export type RecordingRetentionPlan = typeof recordingRetentionPlans.$inferSelect;

/** Fields of a new plan; lastRunDate is the sweeper's. */
export type NewRecordingRetentionPlan = Omit<
  typeof recordingRetentionPlans.$inferInsert,
  'id' | 'createdAt' | 'updatedAt' | 'lastRunDate'
>;

/** Changes to a plan; the team is fixed. */
export type RecordingRetentionPlanUpdate = Partial<Omit<NewRecordingRetentionPlan, 'teamId'>>;

/** `HH:MM`, 00:00 to 23:59. */
const TIME = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

function validatePlan(plan: RecordingRetentionPlanUpdate): void {
  if (plan.runAt !== undefined && !TIME.test(plan.runAt)) {
    throw new ValidationError('runAt', `runAt ${JSON.stringify(plan.runAt)} must be HH:MM`);
  }
  const days = plan.retentionDays;
  if (days !== undefined && (!Number.isInteger(days) || days < 0 || days > 36_500)) {
    throw new ValidationError('retentionDays', `retentionDays ${days} must be 0 to 36500`);
  }
  if (plan.movePath != null && !plan.movePath.startsWith('/')) {
    throw new ValidationError('movePath', `movePath ${plan.movePath} must be an absolute path`);
  }
}

/** A move plan needs somewhere to move to (spec 04 §15.13 `转移路径`, "if move"). */
function requireMovePath(plan: Pick<RecordingRetentionPlan, 'expiredAction' | 'movePath'>): void {
  if (plan.expiredAction === 'move' && plan.movePath === null) {
    throw new ValidationError('movePath', 'movePath is required when expiredAction is move');
  }
}

/** How page() reads the table in SQL. */
const KEYSET_SOURCE: KeysetSource = {
  table: recordingRetentionPlans,
  id: recordingRetentionPlans.id,
  selection: getTableColumns(recordingRetentionPlans),
  scope: (teamId) => eq(recordingRetentionPlans.teamId, teamId),
};

/** Recording retention plans, per team (spec 04 §15.13). */
export class RecordingRetentionPlansRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  create(input: NewRecordingRetentionPlan): RecordingRetentionPlan {
    validatePlan(input);
    requireMovePath({
      expiredAction: input.expiredAction ?? 'move',
      movePath: input.movePath ?? null,
    });
    return this.#ctx.write((db) => {
      requireTeam(db, input.teamId);
      const now = this.#ctx.now();
      return db
        .insert(recordingRetentionPlans)
        .values({ ...input, createdAt: now, updatedAt: now })
        .returning()
        .get();
    });
  }

  find(id: number): RecordingRetentionPlan | undefined {
    return this.#ctx.db
      .select()
      .from(recordingRetentionPlans)
      .where(eq(recordingRetentionPlans.id, id))
      .get();
  }

  /** Plans of a team, or of every team when `teamId` is undefined. */
  list(teamId?: number): RecordingRetentionPlan[] {
    return this.#ctx.db
      .select()
      .from(recordingRetentionPlans)
      .where(teamId === undefined ? undefined : eq(recordingRetentionPlans.teamId, teamId))
      .orderBy(asc(recordingRetentionPlans.id))
      .all();
  }

  /** The plans the sweeper runs (only `enabled` ones are processed). */
  listEnabled(): RecordingRetentionPlan[] {
    return this.#ctx.db
      .select()
      .from(recordingRetentionPlans)
      .where(eq(recordingRetentionPlans.status, 'enabled'))
      .orderBy(asc(recordingRetentionPlans.id))
      .all();
  }

  /** One page filtered, sorted and cut in SQL (keyset paging). */
  page(request: KeysetPageRequest): KeysetPage<RecordingRetentionPlan> | undefined {
    return selectKeysetPage<RecordingRetentionPlan>(this.#ctx.db, KEYSET_SOURCE, request);
  }

  /** page() with each row as the API's JSON of `fields`, written by SQLite. */
  pageJson(request: KeysetPageRequest, fields: readonly string[]): KeysetJsonPage | undefined {
    return selectKeysetJsonPage(this.#ctx.db, KEYSET_SOURCE, request, fields);
  }

  update(id: number, patch: RecordingRetentionPlanUpdate): RecordingRetentionPlan {
    validatePlan(patch);
    return this.#ctx.write((db) => {
      const current = this.find(id);
      if (current === undefined) throw new NotFoundError('recording retention plan', id);
      requireMovePath({ ...current, ...patch });
      return db
        .update(recordingRetentionPlans)
        .set({ ...patch, updatedAt: this.#ctx.now() })
        .where(eq(recordingRetentionPlans.id, id))
        .returning()
        .get()!;
    });
  }

  /** Records that the sweeper ran the plan for `date` (UTC `YYYY-MM-DD`). */
  markRun(id: number, date: string): void {
    this.#ctx.write((db) => {
      db.update(recordingRetentionPlans)
        .set({ lastRunDate: date })
        .where(eq(recordingRetentionPlans.id, id))
        .run();
    });
  }

  delete(id: number): void {
    this.#ctx.write((db) => {
      const result = db
        .delete(recordingRetentionPlans)
        .where(eq(recordingRetentionPlans.id, id))
        .run();
      if (result.changes === 0) throw new NotFoundError('recording retention plan', id);
    });
  }
}
