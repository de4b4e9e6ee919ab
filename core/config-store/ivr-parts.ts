import { ValidationError } from '../index.ts';
import { assertPromptUsable } from './media-objects.ts';
import type {
  IVR_ACTION_TYPES,
  IVR_FAILOVER_TYPES,
  IVR_TRANSITION_TYPES,
  ivrActions,
  ivrTransitions,
} from './schema.ts';
import { IVR_INPUT_VARIABLE } from './schema.ts';
import type { StoreDb } from './store-context.ts';
import { assertStoredDestination } from './stored-destination.ts';
import type { StoredDestination } from './stored-destination.ts';
import { requireIntInRange, requireMatch } from './validate.ts';

/*
 * The parts of an IVR flow (spec 02 §3.15): actions and transitions, their
 * defaults, their checks and their mapping to and from rows. The flow's
 * repository replaces them as a whole on every write.
 */

/** A failover type of an IVR, an action or a transition. */
export type IvrFailoverType = (typeof IVR_FAILOVER_TYPES)[number];
/** A destination type of an IVR transition. */
export type IvrTransitionType = (typeof IVR_TRANSITION_TYPES)[number];
/** What an action does. */
export type IvrActionType = (typeof IVR_ACTION_TYPES)[number];

/** Where a failure goes, with the prompt played before (IVR-2, IVR-5). */
export type IvrFailover = StoredDestination<IvrFailoverType>;

/** One action, in run order (IVR-2). Fields its type does not use are null. */
export interface IvrAction {
  action: IvrActionType;
  promptId: number | null;
  variable: string | null;
  minDigits: number | null;
  maxDigits: number | null;
  timeoutSec: number | null;
  terminator: string | null;
  pattern: string | null;
  url: string | null;
  method: string | null;
  requestParams: string | null;
  failover: IvrFailover | null;
  failoverEndPromptId: number | null;
  description: string | null;
}

/** An action as given: the type and any of its fields; the rest defaults. */
export type IvrActionInput = { action: IvrActionType } & Partial<Omit<IvrAction, 'action'>>;

/** One transition (IVR-3): `condition` null is the default one. */
export interface IvrTransition {
  source: string;
  condition: string | null;
  destination: StoredDestination<IvrTransitionType>;
  failover: IvrFailover | null;
  failoverEndPromptId: number | null;
  /** IVR-9 后续动作: played when the target ends with the caller still up. */
  followUpPromptId: number | null;
  /** IVR-9 返回: the flow the caller goes back to then; null hangs up. */
  returnToIvrId: number | null;
}

/** A transition as given; source defaults to `inputcode`. */
export type IvrTransitionInput = Pick<IvrTransition, 'destination'> &
  Partial<Omit<IvrTransition, 'destination'>>;

/** A channel variable name (IVR-7), as the web service and queues see it. */
export const IVR_VARIABLE_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,31}$/;

/** Input defaults: one digit within 5 s, into `inputcode` (IVR-3). */
const INPUT_DEFAULTS = { minDigits: 1, maxDigits: 1, timeoutSec: 5 };
const FIELDS_BY_ACTION: Record<IvrActionType, ReadonlySet<keyof IvrAction>> = {
  prompt: new Set(['promptId']),
  input: new Set([
    'promptId',
    'variable',
    'minDigits',
    'maxDigits',
    'timeoutSec',
    'terminator',
    'pattern',
  ]),
  webService: new Set(['variable', 'timeoutSec', 'url', 'method', 'requestParams']),
};
const ACTION_FIELDS = [
  'promptId',
  'variable',
  'minDigits',
  'maxDigits',
  'timeoutSec',
  'terminator',
  'pattern',
  'url',
  'method',
  'requestParams',
] as const;

/** Applies the defaults of the action's type; refuses fields it does not use. */
export function normalizeAction(input: IvrActionInput, field: string): IvrAction {
  const used = FIELDS_BY_ACTION[input.action];
  for (const key of ACTION_FIELDS) {
    if (input[key] != null && !used.has(key)) {
      throw new ValidationError(`${field}.${key}`, `${input.action} actions take no ${key}`);
    }
  }
  const isInput = input.action === 'input';
  const isWeb = input.action === 'webService';
  const action: IvrAction = {
    action: input.action,
    promptId: input.promptId ?? null,
    variable: input.variable ?? (isInput ? IVR_INPUT_VARIABLE : isWeb ? 'wsresult' : null),
    minDigits: input.minDigits ?? (isInput ? INPUT_DEFAULTS.minDigits : null),
    maxDigits: input.maxDigits ?? (isInput ? INPUT_DEFAULTS.maxDigits : null),
    timeoutSec: input.timeoutSec ?? (isInput ? INPUT_DEFAULTS.timeoutSec : null),
    terminator: input.terminator ?? null,
    pattern: input.pattern ?? null,
    url: input.url ?? null,
    method: input.method ?? null,
    requestParams: input.requestParams ?? null,
    failover: input.failover ?? null,
    failoverEndPromptId: input.failoverEndPromptId ?? null,
    description: input.description ?? null,
  };
  validateActionShape(action, field);
  return action;
}

function validateActionShape(a: IvrAction, field: string): void {
  if (a.action === 'prompt' && a.promptId === null) {
    throw new ValidationError(`${field}.promptId`, 'a prompt action needs promptId');
  }
  if (a.variable !== null) {
    requireMatch(`${field}.variable`, a.variable, IVR_VARIABLE_PATTERN, 'a variable name');
  }
  if (a.timeoutSec !== null) requireIntInRange(`${field}.timeoutSec`, a.timeoutSec, 1, 60);
  if (a.action === 'input') {
    requireIntInRange(`${field}.minDigits`, a.minDigits!, 1, 32);
    requireIntInRange(`${field}.maxDigits`, a.maxDigits!, a.minDigits!, 32);
    if (a.terminator !== null && a.terminator !== '#' && a.terminator !== '*') {
      throw new ValidationError(`${field}.terminator`, 'terminator must be # or *');
    }
    // 输入限制 (IVR-5): input failing this pattern is a failure.
    if (a.pattern !== null) {
      try {
        new RegExp(a.pattern);
      } catch {
        throw new ValidationError(`${field}.pattern`, `pattern ${a.pattern} is not a regex`);
      }
    }
  }
  if (a.action === 'webService') {
    let url: URL | undefined;
    try {
      url = a.url === null ? undefined : new URL(a.url);
    } catch {
      url = undefined;
    }
    if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw new ValidationError(`${field}.url`, 'a webService action needs an http(s) url (IVR-4)');
    }
  }
}

/** Source defaults to `inputcode`; an empty or `default` condition is the default (IVR-3). */
export function normalizeTransition(input: IvrTransitionInput, field: string): IvrTransition {
  const source = input.source ?? IVR_INPUT_VARIABLE;
  requireMatch(`${field}.source`, source, IVR_VARIABLE_PATTERN, 'a variable name');
  const raw = input.condition ?? null;
  const condition = raw === null || raw === '' || raw === 'default' ? null : raw;
  return {
    source,
    condition,
    destination: input.destination,
    failover: input.failover ?? null,
    failoverEndPromptId: input.failoverEndPromptId ?? null,
    followUpPromptId: input.followUpPromptId ?? null,
    returnToIvrId: input.returnToIvrId ?? null,
  };
}

/** Two transitions on the same source and condition: the second is dead. */
export function assertTransitionsDistinct(transitions: readonly IvrTransition[]): void {
  const seen = new Set<string>();
  transitions.forEach((t, i) => {
    const key = `${t.source}\u0000${t.condition ?? ''}`;
    if (seen.has(key)) {
      throw new ValidationError(
        `transitions.${i}.condition`,
        `${t.source} = ${t.condition ?? 'default'} is already a transition (IVR-3)`,
      );
    }
    seen.add(key);
  });
}

/** Checks every reference of a failover (IVR-2, IVR-5). */
export function assertFailover(
  db: StoreDb,
  teamId: number,
  failover: IvrFailover | null,
  endPromptId: number | null,
  allowed: readonly IvrFailoverType[],
  field: string,
): void {
  if (failover !== null) assertStoredDestination(db, teamId, failover, allowed, field);
  if (endPromptId !== null) assertPromptUsable(db, endPromptId, teamId, `${field}EndPromptId`);
}

type ActionRow = typeof ivrActions.$inferSelect;
type TransitionRow = typeof ivrTransitions.$inferSelect;

function failoverColumns(failover: IvrFailover | null) {
  return {
    failoverType: failover?.type ?? null,
    failoverId: failover?.targetId ?? null,
    failoverValue: failover?.targetValue ?? null,
  };
}

function failoverOf(row: {
  failoverType: IvrFailoverType | null;
  failoverId: number | null;
  failoverValue: string | null;
}): IvrFailover | null {
  return row.failoverType === null
    ? null
    : { type: row.failoverType, targetId: row.failoverId, targetValue: row.failoverValue };
}

/** The row of an action at `position` of flow `flowId`. */
export function actionRow(flowId: number, position: number, a: IvrAction) {
  const { failover, ...rest } = a;
  return { flowId, position, ...rest, ...failoverColumns(failover) };
}

/** The action of a row. */
export function actionOf(row: ActionRow): IvrAction {
  const {
    id: _id,
    flowId: _flow,
    position: _pos,
    failoverType: _t,
    failoverId: _i,
    failoverValue: _v,
    ...rest
  } = row;
  return { ...rest, failover: failoverOf(row) };
}

/** The row of a transition at `position` of flow `flowId`. */
export function transitionRow(flowId: number, position: number, t: IvrTransition) {
  return {
    flowId,
    position,
    source: t.source,
    condition: t.condition,
    destinationType: t.destination.type,
    destinationId: t.destination.targetId,
    destinationValue: t.destination.targetValue,
    failoverEndPromptId: t.failoverEndPromptId,
    followUpPromptId: t.followUpPromptId,
    returnToIvrId: t.returnToIvrId,
    ...failoverColumns(t.failover),
  };
}

/** The transition of a row. */
export function transitionOf(row: TransitionRow): IvrTransition {
  return {
    source: row.source,
    condition: row.condition,
    destination: {
      type: row.destinationType,
      targetId: row.destinationId,
      targetValue: row.destinationValue,
    },
    failover: failoverOf(row),
    failoverEndPromptId: row.failoverEndPromptId,
    followUpPromptId: row.followUpPromptId,
    returnToIvrId: row.returnToIvrId,
  };
}
