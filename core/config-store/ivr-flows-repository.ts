import { and, asc, eq, inArray } from 'drizzle-orm';
import { NotFoundError, ValidationError } from '../index.ts';
import {
  assertInternalNumbersFree,
  moveInternalNumber,
  reserveInternalNumber,
} from './internal-numbers-repository.ts';
import {
  actionOf,
  actionRow,
  assertFailover,
  assertTransitionsDistinct,
  IVR_VARIABLE_PATTERN,
  normalizeAction,
  normalizeTransition,
  transitionOf,
  transitionRow,
} from './ivr-parts.ts';
import type {
  IvrAction,
  IvrActionInput,
  IvrFailover,
  IvrTransition,
  IvrTransitionInput,
} from './ivr-parts.ts';
import {
  IVR_FAILOVER_TYPES,
  IVR_HANGUP_ACTIONS,
  IVR_TRANSITION_TYPES,
  internalNumbers,
  ivrActions,
  ivrFlows,
  ivrTransitions,
} from './schema.ts';
import type { StoreContext, StoreDb } from './store-context.ts';
import { assertStoredDestination } from './stored-destination.ts';
import { assertPromptUsable } from './media-objects.ts';
import { chunked, requireTeam } from './team-objects.ts';
import {
  EXTENSION_NUMBER_PATTERN,
  requireIntInRange,
  requireMatch,
  requireNonBlank,
} from './validate.ts';

type FlowRow = typeof ivrFlows.$inferSelect;

/** IVR-8: what runs when the caller hangs up inside the IVR. */
export type IvrHangupAction = (typeof IVR_HANGUP_ACTIONS)[number];

/** The longest hangupUrl accepted. */
const MAX_HANGUP_URL_LENGTH = 500;

/** An IVR flow (spec 02 §3.15) with its actions and transitions in order. */
export interface IvrFlow {
  id: number;
  teamId: number;
  name: string;
  internalNumber: string;
  failover: IvrFailover;
  failoverEndPromptId: number | null;
  apiCallTimeoutSec: number;
  maxLoops: number;
  saveVariables: string[];
  hangupAction: IvrHangupAction;
  hangupUrl: string | null;
  actions: IvrAction[];
  transitions: IvrTransition[];
  createdAt: Date;
  updatedAt: Date;
  /** 创建者: who created the flow (D103). */
  createdBy: string | null;
}

/** Fields of a new flow; unset ones take the spec's defaults. */
export interface NewIvrFlow {
  teamId: number;
  name: string;
  internalNumber: string;
  /** Default hangup (§3.15 `失败转向`). */
  failover?: IvrFailover | undefined;
  failoverEndPromptId?: number | null | undefined;
  /** Default 10 s (`接口调用超时时长`). */
  apiCallTimeoutSec?: number | undefined;
  /** Default 2 (`最大循环次数`, IVR-5). */
  maxLoops?: number | undefined;
  saveVariables?: string[] | undefined;
  /** IVR-8: default none (`无`); httpPost needs hangupUrl. */
  hangupAction?: IvrHangupAction | undefined;
  hangupUrl?: string | null | undefined;
  actions?: IvrActionInput[] | undefined;
  transitions?: IvrTransitionInput[] | undefined;
}

/** Changes to a flow; `actions` and `transitions` replace their lists. */
export type IvrFlowUpdate = Partial<Omit<NewIvrFlow, 'teamId'>>;

const HANGUP: IvrFailover = { type: 'hangup', targetId: null, targetValue: null };

function validateFlow(input: IvrFlowUpdate): void {
  if (input.name !== undefined) requireNonBlank('name', input.name);
  if (input.internalNumber !== undefined) {
    requireMatch('internalNumber', input.internalNumber, EXTENSION_NUMBER_PATTERN, 'digits');
  }
  if (input.apiCallTimeoutSec !== undefined) {
    requireIntInRange('apiCallTimeoutSec', input.apiCallTimeoutSec, 1, 60);
  }
  if (input.maxLoops !== undefined) requireIntInRange('maxLoops', input.maxLoops, 1, 10);
  for (const variable of input.saveVariables ?? []) {
    requireMatch('saveVariables', variable, IVR_VARIABLE_PATTERN, 'variable names');
  }
  if (input.hangupAction !== undefined && !IVR_HANGUP_ACTIONS.includes(input.hangupAction)) {
    throw new ValidationError('hangupAction', `hangupAction must be one of ${IVR_HANGUP_ACTIONS}`);
  }
  if (input.hangupUrl != null) requireHttpUrl('hangupUrl', input.hangupUrl);
}

/** Throws ValidationError unless `value` is an absolute http(s) URL. */
function requireHttpUrl(field: string, value: string): void {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (
    url === undefined ||
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    value.length > MAX_HANGUP_URL_LENGTH
  ) {
    throw new ValidationError(field, `${field} must be an http or https URL`);
  }
}

/**
 * IVR flows. The internal number is reserved in the team namespace in the
 * same transaction as the flow (§0.3, IVR-1); every destination, failover
 * and prompt must be of the flow's team (prompts may be system ones).
 */
export class IvrFlowsRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  create(input: NewIvrFlow): IvrFlow {
    validateFlow(input);
    const actions = (input.actions ?? []).map((a, i) => normalizeAction(a, `actions.${i}`));
    const transitions = (input.transitions ?? []).map((t, i) =>
      normalizeTransition(t, `transitions.${i}`),
    );
    return this.#ctx.write((db) => {
      requireTeam(db, input.teamId);
      // Before the insert, so a clash is named as one (IN-1), not as the
      // table's own unique index.
      assertInternalNumbersFree(db, input.teamId, [input.internalNumber]);
      const now = this.#ctx.now();
      const row = db
        .insert(ivrFlows)
        .values({
          teamId: input.teamId,
          name: input.name,
          internalNumber: input.internalNumber,
          failoverType: (input.failover ?? HANGUP).type,
          failoverId: (input.failover ?? HANGUP).targetId,
          failoverValue: (input.failover ?? HANGUP).targetValue,
          failoverEndPromptId: input.failoverEndPromptId ?? null,
          apiCallTimeoutSec: input.apiCallTimeoutSec ?? 10,
          maxLoops: input.maxLoops ?? 2,
          saveVariables: input.saveVariables ?? [],
          hangupAction: input.hangupAction ?? 'none',
          hangupUrl: input.hangupUrl ?? null,
          createdAt: now,
          updatedAt: now,
        })
        .returning()
        .get();
      reserveInternalNumber(this.#ctx, db, {
        teamId: row.teamId,
        number: row.internalNumber,
        kind: 'ivr',
        ownerId: row.id,
      });
      this.#assertReferences(db, row);
      this.#replaceParts(db, row, actions, transitions);
      return this.#withParts(db, row);
    });
  }

  find(id: number): IvrFlow | undefined {
    const db = this.#ctx.db;
    const row = db.select().from(ivrFlows).where(eq(ivrFlows.id, id)).get();
    return row && this.#withParts(db, row);
  }

  /** Flows of a team, or of every team when `teamId` is undefined. */
  list(teamId?: number): IvrFlow[] {
    const db = this.#ctx.db;
    const rows = db
      .select()
      .from(ivrFlows)
      .where(teamId === undefined ? undefined : eq(ivrFlows.teamId, teamId))
      .orderBy(asc(ivrFlows.id))
      .all();
    return this.#partsOf(db, rows);
  }

  update(id: number, patch: IvrFlowUpdate): IvrFlow {
    validateFlow(patch);
    const actions = patch.actions?.map((a, i) => normalizeAction(a, `actions.${i}`));
    const transitions = patch.transitions?.map((t, i) =>
      normalizeTransition(t, `transitions.${i}`),
    );
    return this.#ctx.write((db) => {
      const current = db.select().from(ivrFlows).where(eq(ivrFlows.id, id)).get();
      if (current === undefined) throw new NotFoundError('IVR', id);
      if (patch.internalNumber !== undefined && patch.internalNumber !== current.internalNumber) {
        moveInternalNumber(
          this.#ctx,
          db,
          current.teamId,
          current.internalNumber,
          patch.internalNumber,
        );
      }
      const { failover, actions: _a, transitions: _t, ...fields } = patch;
      const row = db
        .update(ivrFlows)
        .set({
          ...fields,
          ...(failover === undefined
            ? {}
            : {
                failoverType: failover.type,
                failoverId: failover.targetId,
                failoverValue: failover.targetValue,
              }),
          updatedAt: this.#ctx.now(),
        })
        .where(eq(ivrFlows.id, id))
        .returning()
        .get()!;
      this.#assertReferences(db, row);
      const parts = this.#withParts(db, row);
      this.#replaceParts(db, row, actions ?? parts.actions, transitions ?? parts.transitions);
      return this.#withParts(db, row);
    });
  }

  /** Deletes a flow, its actions and transitions, and frees its number (IN-4). */
  delete(id: number): void {
    this.#ctx.write((db) => {
      const current = db.select().from(ivrFlows).where(eq(ivrFlows.id, id)).get();
      if (current === undefined) throw new NotFoundError('IVR', id);
      db.delete(internalNumbers)
        .where(
          and(
            eq(internalNumbers.teamId, current.teamId),
            eq(internalNumbers.number, current.internalNumber),
          ),
        )
        .run();
      db.delete(ivrFlows).where(eq(ivrFlows.id, id)).run();
    });
  }

  /** The flow's own failover may not be the flow itself: that loops forever. */
  #assertReferences(db: StoreDb, row: FlowRow): void {
    if (row.hangupAction === 'httpPost' && row.hangupUrl === null) {
      throw new ValidationError('hangupUrl', 'hangupAction httpPost needs a hangupUrl (IVR-8)');
    }
    const failover = failoverOfRow(row);
    if (failover.type === 'ivr' && failover.targetId === row.id) {
      throw new ValidationError('failover', 'an IVR cannot fail over to itself');
    }
    assertStoredDestination(db, row.teamId, failover, IVR_FAILOVER_TYPES, 'failover');
    if (row.failoverEndPromptId !== null) {
      assertPromptUsable(db, row.failoverEndPromptId, row.teamId, 'failoverEndPromptId');
    }
  }

  #replaceParts(
    db: StoreDb,
    row: FlowRow,
    actions: readonly IvrAction[],
    transitions: readonly IvrTransition[],
  ): void {
    actions.forEach((a, i) => {
      if (a.promptId !== null)
        assertPromptUsable(db, a.promptId, row.teamId, `actions.${i}.promptId`);
      assertFailover(
        db,
        row.teamId,
        a.failover,
        a.failoverEndPromptId,
        IVR_FAILOVER_TYPES,
        `actions.${i}.failover`,
      );
    });
    assertTransitionsDistinct(transitions);
    transitions.forEach((t, i) => {
      const field = `transitions.${i}`;
      assertStoredDestination(
        db,
        row.teamId,
        t.destination,
        IVR_TRANSITION_TYPES,
        `${field}.destination`,
      );
      assertFailover(
        db,
        row.teamId,
        t.failover,
        t.failoverEndPromptId,
        IVR_FAILOVER_TYPES,
        `${field}.failover`,
      );
      if (t.followUpPromptId !== null) {
        assertPromptUsable(db, t.followUpPromptId, row.teamId, `${field}.followUpPromptId`);
      }
      if (t.returnToIvrId !== null) {
        const back = { type: 'ivr' as const, targetId: t.returnToIvrId, targetValue: null };
        assertStoredDestination(db, row.teamId, back, ['ivr'], `${field}.returnToIvrId`);
      }
    });
    db.delete(ivrActions).where(eq(ivrActions.flowId, row.id)).run();
    db.delete(ivrTransitions).where(eq(ivrTransitions.flowId, row.id)).run();
    if (actions.length > 0) {
      db.insert(ivrActions)
        .values(actions.map((a, i) => actionRow(row.id, i, a)))
        .run();
    }
    if (transitions.length > 0) {
      db.insert(ivrTransitions)
        .values(transitions.map((t, i) => transitionRow(row.id, i, t)))
        .run();
    }
  }

  #withParts(db: StoreDb, row: FlowRow): IvrFlow {
    return this.#partsOf(db, [row])[0]!;
  }

  #partsOf(db: StoreDb, rows: FlowRow[]): IvrFlow[] {
    const actions = new Map<number, IvrAction[]>();
    const transitions = new Map<number, IvrTransition[]>();
    for (const ids of chunked(rows.map((r) => r.id))) {
      for (const a of db
        .select()
        .from(ivrActions)
        .where(inArray(ivrActions.flowId, ids))
        .orderBy(asc(ivrActions.position))
        .all()) {
        actions.set(a.flowId, [...(actions.get(a.flowId) ?? []), actionOf(a)]);
      }
      for (const t of db
        .select()
        .from(ivrTransitions)
        .where(inArray(ivrTransitions.flowId, ids))
        .orderBy(asc(ivrTransitions.position))
        .all()) {
        transitions.set(t.flowId, [...(transitions.get(t.flowId) ?? []), transitionOf(t)]);
      }
    }
    return rows.map((row) => {
      const { failoverType: _t, failoverId: _i, failoverValue: _v, ...rest } = row;
      return {
        ...rest,
        failover: failoverOfRow(row),
        actions: actions.get(row.id) ?? [],
        transitions: transitions.get(row.id) ?? [],
      };
    });
  }
}

function failoverOfRow(row: FlowRow): IvrFailover {
  return { type: row.failoverType, targetId: row.failoverId, targetValue: row.failoverValue };
}
