import { and, asc, eq, getTableColumns } from 'drizzle-orm';
import { NotFoundError, ValidationError } from '../index.ts';
import { selectKeysetPage } from './keyset-page.ts';
import type { KeysetPage, KeysetPageRequest, KeysetSource } from './keyset-page.ts';
import type { CALLBACK_REQUEST_STATUSES } from './schema.ts';
import { callbackRequests } from './schema.ts';
import type { StoreContext, StoreDb } from './store-context.ts';
import { requireTeam } from './team-objects.ts';

/** A caller's request to be called back (IVR-10 要求回访, D93). */
export type CallbackRequest = typeof callbackRequests.$inferSelect;

/** Where a request stands. */
export type CallbackRequestStatus = (typeof CALLBACK_REQUEST_STATUSES)[number];

/** What a call that asks to be called back records. */
export interface NewCallbackRequest {
  teamId: number;
  callerNumber: string;
  calledNumber: string;
  callId: string;
}

/** What an admin or agent changes: handled or not, and a note. */
export interface CallbackRequestUpdate {
  status?: CallbackRequestStatus | undefined;
  note?: string | undefined;
}

/** A number we can call back: digits, with a leading + at most. */
const CALLABLE = /^\+?[0-9]{2,32}$/;

/** The caller's pending request in a team, if any: there is one at most. */
function pendingOf(db: StoreDb, teamId: number, callerNumber: string): CallbackRequest | undefined {
  return db
    .select()
    .from(callbackRequests)
    .where(
      and(
        eq(callbackRequests.teamId, teamId),
        eq(callbackRequests.callerNumber, callerNumber),
        eq(callbackRequests.status, 'pending'),
      ),
    )
    .get();
}

/**
 * Callback requests: made by calls (the `callback` destination), worked
 * through by people (GET and PATCH /callback-requests).
 */
/** How page() reads the table in SQL. */
const KEYSET_SOURCE: KeysetSource = {
  table: callbackRequests,
  id: callbackRequests.id,
  selection: getTableColumns(callbackRequests),
  scope: (teamId) => eq(callbackRequests.teamId, teamId),
};

export class CallbackRequestsRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /**
   * Records that `callerNumber` asked to be called back: a new pending
   * request, or the caller's pending one counted up and pointed at this
   * call. A number that cannot be called back (anonymous, a SIP name) is
   * a ValidationError naming `callerNumber`.
   */
  request(input: NewCallbackRequest): CallbackRequest {
    if (!CALLABLE.test(input.callerNumber)) {
      throw new ValidationError('callerNumber', `${input.callerNumber} cannot be called back`);
    }
    return this.#ctx.write((db) => {
      requireTeam(db, input.teamId);
      const now = this.#ctx.now();
      const pending = pendingOf(db, input.teamId, input.callerNumber);
      if (pending !== undefined) {
        return db
          .update(callbackRequests)
          .set({
            requestCount: pending.requestCount + 1,
            calledNumber: input.calledNumber,
            callId: input.callId,
            updatedAt: now,
          })
          .where(eq(callbackRequests.id, pending.id))
          .returning()
          .get()!;
      }
      return db
        .insert(callbackRequests)
        .values({ ...input, createdAt: now, updatedAt: now })
        .returning()
        .get();
    });
  }

  /** One page filtered, sorted and cut in SQL (keyset paging): requests pile up (D111). */
  page(request: KeysetPageRequest): KeysetPage<CallbackRequest> | undefined {
    return selectKeysetPage<CallbackRequest>(this.#ctx.db, KEYSET_SOURCE, request);
  }

  find(id: number): CallbackRequest | undefined {
    return this.#ctx.db.select().from(callbackRequests).where(eq(callbackRequests.id, id)).get();
  }

  /** A team's requests, or every team's, oldest first. */
  list(teamId?: number): CallbackRequest[] {
    return this.#ctx.db
      .select()
      .from(callbackRequests)
      .where(teamId === undefined ? undefined : eq(callbackRequests.teamId, teamId))
      .orderBy(asc(callbackRequests.id))
      .all();
  }

  /**
   * Marks a request done (stamping `handledAt`) or pending again, and
   * sets its note. Reopening a request while the caller has a newer
   * pending one is refused: one pending request per caller.
   */
  update(id: number, patch: CallbackRequestUpdate): CallbackRequest {
    return this.#ctx.write((db) => {
      const current = db.select().from(callbackRequests).where(eq(callbackRequests.id, id)).get();
      if (current === undefined) throw new NotFoundError('callback request', id);
      const status = patch.status ?? current.status;
      if (status === 'pending' && current.status === 'done') {
        const other = pendingOf(db, current.teamId, current.callerNumber);
        if (other !== undefined) {
          throw new ValidationError(
            'status',
            `callback request ${other.id} of ${current.callerNumber} is pending already`,
          );
        }
      }
      const now = this.#ctx.now();
      const handledAt =
        status === current.status ? current.handledAt : status === 'done' ? now : null;
      return db
        .update(callbackRequests)
        .set({ status, note: patch.note ?? current.note, handledAt, updatedAt: now })
        .where(eq(callbackRequests.id, id))
        .returning()
        .get()!;
    });
  }

  delete(id: number): void {
    this.#ctx.write((db) => {
      const result = db.delete(callbackRequests).where(eq(callbackRequests.id, id)).run();
      if (result.changes === 0) throw new NotFoundError('callback request', id);
    });
  }
}
