import { and, asc, eq, getTableColumns } from 'drizzle-orm';
import { NotFoundError } from '../index.ts';
import { assertMohClassUsable, assertPromptUsable } from './media-objects.ts';
import { moveInternalNumber, reserveInternalNumber } from './internal-numbers-repository.ts';
import { internalNumbers, queues } from './schema.ts';
import type { StoreContext } from './store-context.ts';
import { assertFailover, checkTeamQuota, requireTeam } from './team-objects.ts';
import { EXTENSION_NUMBER_PATTERN, requireMatch, requireNonBlank } from './validate.ts';
import { selectKeysetJsonPage, selectKeysetPage } from './keyset-page.ts';
import type { KeysetJsonPage, KeysetPage, KeysetPageRequest, KeysetSource } from './keyset-page.ts';

/** An ACD queue (spec 02 §3.1). */
export type Queue = typeof queues.$inferSelect;

/** Fields of a new queue; unset ones take the spec's defaults. */
export type NewQueue = Omit<typeof queues.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>;

/** Changes to a queue; a new number moves its namespace entry (IN-3). */
export type QueueUpdate = Partial<Omit<NewQueue, 'teamId'>>;

function validateQueue(input: QueueUpdate): void {
  if (input.name !== undefined) requireNonBlank('name', input.name);
  if (input.number !== undefined) {
    requireMatch('number', input.number, EXTENSION_NUMBER_PATTERN, 'digits (§3.1)');
  }
}

/** How page() reads the table in SQL. */
const KEYSET_SOURCE: KeysetSource = {
  table: queues,
  id: queues.id,
  selection: getTableColumns(queues),
  scope: (teamId) => eq(queues.teamId, teamId),
};

/**
 * Queues. The number is also the queue's entry in the team's internal-number
 * namespace, reserved in the same transaction, so a number used by an
 * extension, ring group or other queue is refused (IN-1).
 */
export class QueuesRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /** Creates a queue within the team's maxQueues (spec §0.4). */
  create(input: NewQueue): Queue {
    validateQueue(input);
    return this.#ctx.write((db) => {
      const team = requireTeam(db, input.teamId);
      checkTeamQuota(db, queues, queues.teamId, team.id, team.maxQueues, 'queues');
      assertFailover(db, team.id, input.failoverType ?? 'hangup', input.failoverTargetId);
      assertMohClassUsable(db, input.mohClassId, team.id);
      if (input.ratingPromptId != null) {
        assertPromptUsable(db, input.ratingPromptId, team.id, 'ratingPromptId');
      }
      const now = this.#ctx.now();
      const queue = db
        .insert(queues)
        .values({ ...input, createdAt: now, updatedAt: now })
        .returning()
        .get();
      reserveInternalNumber(this.#ctx, db, {
        teamId: team.id,
        number: queue.number,
        kind: 'queue',
        ownerId: queue.id,
      });
      return queue;
    });
  }

  find(id: number): Queue | undefined {
    return this.#ctx.db.select().from(queues).where(eq(queues.id, id)).get();
  }

  /** Queues of a team, or of every team when `teamId` is undefined. */
  list(teamId?: number): Queue[] {
    return this.#ctx.db
      .select()
      .from(queues)
      .where(teamId === undefined ? undefined : eq(queues.teamId, teamId))
      .orderBy(asc(queues.id))
      .all();
  }

  /** One page filtered, sorted and cut in SQL (keyset paging). */
  page(request: KeysetPageRequest): KeysetPage<Queue> | undefined {
    return selectKeysetPage<Queue>(this.#ctx.db, KEYSET_SOURCE, request);
  }

  /** page() with each row as the API's JSON of `fields`, written by SQLite. */
  pageJson(request: KeysetPageRequest, fields: readonly string[]): KeysetJsonPage | undefined {
    return selectKeysetJsonPage(this.#ctx.db, KEYSET_SOURCE, request, fields);
  }

  update(id: number, patch: QueueUpdate): Queue {
    validateQueue(patch);
    return this.#ctx.write((db) => {
      const current = this.find(id);
      if (current === undefined) throw new NotFoundError('queue', id);
      const next = { ...current, ...patch };
      if (patch.failoverType !== undefined && patch.failoverTargetId === undefined) {
        // A new type without a target drops the old target.
        next.failoverTargetId = null;
      }
      assertFailover(db, current.teamId, next.failoverType, next.failoverTargetId, {
        kind: 'queue',
        id,
      });
      assertMohClassUsable(db, patch.mohClassId, current.teamId);
      if (patch.ratingPromptId != null) {
        assertPromptUsable(db, patch.ratingPromptId, current.teamId, 'ratingPromptId');
      }
      if (patch.number !== undefined && patch.number !== current.number) {
        moveInternalNumber(this.#ctx, db, current.teamId, current.number, patch.number);
      }
      return db
        .update(queues)
        .set({ ...patch, failoverTargetId: next.failoverTargetId, updatedAt: this.#ctx.now() })
        .where(eq(queues.id, id))
        .returning()
        .get()!;
    });
  }

  /** Deletes a queue and frees its number (IN-4). */
  delete(id: number): void {
    this.#ctx.write((db) => {
      const current = this.find(id);
      if (current === undefined) throw new NotFoundError('queue', id);
      db.delete(internalNumbers)
        .where(
          and(
            eq(internalNumbers.teamId, current.teamId),
            eq(internalNumbers.number, current.number),
          ),
        )
        .run();
      db.delete(queues).where(eq(queues.id, id)).run();
    });
  }
}
