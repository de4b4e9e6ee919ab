import { and, asc, eq } from 'drizzle-orm';
import { NotFoundError } from '../index.ts';
import {
  assertInternalNumbersFree,
  moveInternalNumber,
  reserveInternalNumber,
} from './internal-numbers-repository.ts';
import { applications, internalNumbers } from './schema.ts';
import type { StoreContext } from './store-context.ts';
import { requireTeam } from './team-objects.ts';
import {
  EXTENSION_NUMBER_PATTERN,
  requireIntInRange,
  requireMatch,
  requireNonBlank,
} from './validate.ts';

/** An application (spec 02 §3.18). */
export type Application = typeof applications.$inferSelect;

/** Fields of a new application; startLabel `s` and priority 1 by default. */
export type NewApplication = Omit<
  typeof applications.$inferInsert,
  'id' | 'createdAt' | 'updatedAt'
>;

/** Changes to an application; a new number moves its namespace entry (IN-3). */
export type ApplicationUpdate = Partial<Omit<NewApplication, 'teamId'>>;

/** A dialplan label: `s` or digits, as Asterisk's extension field (APP-1). */
const START_LABEL_PATTERN = /^[A-Za-z0-9_]{1,32}$/;

function validateApplication(input: ApplicationUpdate): void {
  if (input.name !== undefined) requireNonBlank('name', input.name);
  if (input.internalNumber !== undefined) {
    requireMatch('internalNumber', input.internalNumber, EXTENSION_NUMBER_PATTERN, 'digits');
  }
  if (input.startLabel !== undefined) {
    requireMatch('startLabel', input.startLabel, START_LABEL_PATTERN, 'a dialplan label');
  }
  if (input.priority !== undefined) requireIntInRange('priority', input.priority, 1, 999);
}

/**
 * Applications. `context` names a built-in handler (APP-1, enforced by the
 * column's CHECK and the API's enum); the number is reserved in the team
 * namespace like every numbered object (§0.3, APP-2).
 */
export class ApplicationsRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  create(input: NewApplication): Application {
    validateApplication(input);
    return this.#ctx.write((db) => {
      requireTeam(db, input.teamId);
      // Before the insert, so a clash is named as one (IN-1), not as the
      // table's own unique index.
      assertInternalNumbersFree(db, input.teamId, [input.internalNumber]);
      const now = this.#ctx.now();
      const row = db
        .insert(applications)
        .values({ ...input, createdAt: now, updatedAt: now })
        .returning()
        .get();
      reserveInternalNumber(this.#ctx, db, {
        teamId: row.teamId,
        number: row.internalNumber,
        kind: 'application',
        ownerId: row.id,
      });
      return row;
    });
  }

  find(id: number): Application | undefined {
    return this.#ctx.db.select().from(applications).where(eq(applications.id, id)).get();
  }

  /** Applications of a team, or of every team when `teamId` is undefined. */
  list(teamId?: number): Application[] {
    return this.#ctx.db
      .select()
      .from(applications)
      .where(teamId === undefined ? undefined : eq(applications.teamId, teamId))
      .orderBy(asc(applications.id))
      .all();
  }

  update(id: number, patch: ApplicationUpdate): Application {
    validateApplication(patch);
    return this.#ctx.write((db) => {
      const current = this.find(id);
      if (current === undefined) throw new NotFoundError('application', id);
      if (patch.internalNumber !== undefined && patch.internalNumber !== current.internalNumber) {
        moveInternalNumber(
          this.#ctx,
          db,
          current.teamId,
          current.internalNumber,
          patch.internalNumber,
        );
      }
      return db
        .update(applications)
        .set({ ...patch, updatedAt: this.#ctx.now() })
        .where(eq(applications.id, id))
        .returning()
        .get()!;
    });
  }

  /** Deletes an application and frees its number (IN-4). */
  delete(id: number): void {
    this.#ctx.write((db) => {
      const current = this.find(id);
      if (current === undefined) throw new NotFoundError('application', id);
      db.delete(internalNumbers)
        .where(
          and(
            eq(internalNumbers.teamId, current.teamId),
            eq(internalNumbers.number, current.internalNumber),
          ),
        )
        .run();
      db.delete(applications).where(eq(applications.id, id)).run();
    });
  }
}
