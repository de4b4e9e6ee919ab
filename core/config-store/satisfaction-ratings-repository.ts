import { and, desc, eq, gte, isNull, lt, lte } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { ValidationError } from '../index.ts';
import { RATING_MAX_SCORE, RATING_MIN_SCORE, satisfactionRatings } from './schema.ts';
import type { StoreContext } from './store-context.ts';
import { requireNonBlank } from './validate.ts';

/** One rating record (spec 03 §6.11 `SatisfactionRating`). */
export type SatisfactionRating = typeof satisfactionRatings.$inferSelect;

/** A score as the queue reports it; the agent id is read from `agent:<id>` keys. */
export interface NewSatisfactionRating {
  readonly teamId: number;
  readonly queueId: number | null;
  readonly queueNumber: string | null;
  readonly callId: string;
  readonly memberKey: string;
  readonly agentNo: string | null;
  readonly customerNumber: string;
  readonly score: number;
}

/** Filters of a rating query (spec 03 §6.11 (d)); `beforeId` is the keyset cursor. */
export interface SatisfactionRatingQuery {
  teamId?: number | undefined;
  /** A job number, or null for ratings of extension members (`空值`). */
  agentNo?: string | null | undefined;
  customerNumber?: string | undefined;
  score?: number | undefined;
  queueId?: number | undefined;
  since?: Date | undefined;
  until?: Date | undefined;
  beforeId?: number | undefined;
  limit: number;
}

const AGENT_KEY = /^agent:([0-9]{1,15})$/;

/**
 * Rating records, written by the queue runtime and read through
 * the API. Like the DID log they only grow, so reads are keyset pages on
 * the id, newest first.
 */
export class SatisfactionRatingsRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /** Stores one score; a score outside 1–9 is a bug of the caller and refused. */
  create(input: NewSatisfactionRating): SatisfactionRating {
    if (
      !Number.isInteger(input.score) ||
      input.score < RATING_MIN_SCORE ||
      input.score > RATING_MAX_SCORE
    ) {
      throw new ValidationError('score', `score ${input.score} is not ${RATING_MIN_SCORE}-9`);
    }
    requireNonBlank('callId', input.callId);
    const agent = AGENT_KEY.exec(input.memberKey);
    return this.#ctx.write((db) =>
      db
        .insert(satisfactionRatings)
        .values({
          ...input,
          agentId: agent === null ? null : Number(agent[1]),
          createdAt: this.#ctx.now(),
        })
        .returning()
        .get(),
    );
  }

  /** Rows matching `query`, newest first, at most `limit`. */
  list(query: SatisfactionRatingQuery): SatisfactionRating[] {
    const t = satisfactionRatings;
    const conditions: SQL[] = [];
    if (query.teamId !== undefined) conditions.push(eq(t.teamId, query.teamId));
    if (query.agentNo === null) conditions.push(isNull(t.agentNo));
    else if (query.agentNo !== undefined) conditions.push(eq(t.agentNo, query.agentNo));
    if (query.customerNumber !== undefined) {
      conditions.push(eq(t.customerNumber, query.customerNumber));
    }
    if (query.score !== undefined) conditions.push(eq(t.score, query.score));
    if (query.queueId !== undefined) conditions.push(eq(t.queueId, query.queueId));
    if (query.since !== undefined) conditions.push(gte(t.createdAt, query.since));
    if (query.until !== undefined) conditions.push(lte(t.createdAt, query.until));
    if (query.beforeId !== undefined) conditions.push(lt(t.id, query.beforeId));
    return this.#ctx.db
      .select()
      .from(t)
      .where(and(...conditions))
      .orderBy(desc(t.id))
      .limit(query.limit)
      .all();
  }
}
