import type { Clock } from '../../core/index.ts';
import type { CallerChannel } from './caller-channel.ts';
import { resolvePromptVoiceFile, voiceFilePlayName } from './call-prompt.ts';
import type { IvrCallState } from './ivr-call-state.ts';
import {
  INPUT_CODE_VARIABLE,
  IVR_DEFAULTS,
  LANGUAGE_VARIABLE,
  type IvrAction,
  type IvrFlow,
} from './ivr-flow.ts';
import type { IvrFailureReason, IvrWebServiceLog } from './ivr-log.ts';
import type { IvrDirectory } from './ivr-types.ts';
import { callWebService, type IvrFetch } from './web-service.ts';

/** How one pass over a flow's actions ended. */
export type ActionsEnd =
  | { readonly kind: 'done' }
  | { readonly kind: 'hangup' }
  /** No or invalid input: the menu is replayed (IVR-5). */
  | { readonly kind: 'retry'; readonly reason: 'noInput' | 'invalidInput' }
  /** An action could not run: its failover is taken (IVR-2). */
  | { readonly kind: 'failed'; readonly reason: IvrFailureReason; readonly action: IvrAction };

/** What the action runner needs from its session. */
export interface ActionContext {
  readonly channel: CallerChannel;
  readonly clock: Clock;
  readonly fetch: IvrFetch;
  readonly directory: IvrDirectory;
  readonly state: IvrCallState;
  readonly systemLanguage: string;
  /** A variable's value: the call's variables, then the built-ins. */
  lookup(name: string): string | undefined;
  /** Records a completed input (the session log keeps them in order). */
  onInput(digits: string): void;
  onWebService(log: IvrWebServiceLog): void;
}

const DONE: ActionsEnd = { kind: 'done' };
const HANGUP: ActionsEnd = { kind: 'hangup' };

/** Runs a flow's actions in saved order (IVR-2) until one stops the pass. */
export async function runActions(flow: IvrFlow, ctx: ActionContext): Promise<ActionsEnd> {
  const actions = [...flow.actions].sort((a, b) => a.position - b.position);
  for (const action of actions) {
    const end = await runAction(action, flow, ctx);
    if (end.kind !== 'done') return end;
    if (ctx.channel.isHungUp) return HANGUP;
  }
  return DONE;
}

/** The name to play for call prompt `promptId` in the call's language (PR-1). */
export function promptPlayName(
  directory: IvrDirectory,
  promptId: number,
  language: string,
  systemLanguage: string,
): string | undefined {
  const prompt = directory.callPrompts.find(promptId);
  if (prompt === undefined) return undefined;
  const fileId = resolvePromptVoiceFile(prompt, language, systemLanguage);
  const file = fileId === undefined ? undefined : directory.voiceFiles.find(fileId);
  return file === undefined ? undefined : voiceFilePlayName(file);
}

async function runAction(
  action: IvrAction,
  flow: IvrFlow,
  ctx: ActionContext,
): Promise<ActionsEnd> {
  const failed = (reason: IvrFailureReason): ActionsEnd => ({ kind: 'failed', reason, action });
  switch (action.action) {
    case 'prompt': {
      if (action.promptId == null) return failed('actionFailed');
      return playPrompt(action, action.promptId, action.isInterruptible !== false, ctx);
    }
    case 'input': {
      if (action.promptId != null) {
        const end = await playPrompt(action, action.promptId, true, ctx);
        if (end.kind !== 'done') return end;
      }
      return readInput(action, ctx);
    }
    case 'webService':
      return fetchData(action, flow, ctx);
    case 'setVariable':
      if (action.variable == null || action.variable === '') return failed('actionFailed');
      ctx.state.variables.set(action.variable, expand(action.value ?? '', ctx.lookup));
      return DONE;
    case 'setLanguage':
      if (action.value == null || action.value === '') return failed('actionFailed');
      ctx.state.variables.set(LANGUAGE_VARIABLE, action.value);
      return DONE;
  }
}

async function playPrompt(
  action: IvrAction,
  promptId: number,
  isInterruptible: boolean,
  ctx: ActionContext,
): Promise<ActionsEnd> {
  const language = ctx.state.language ?? ctx.systemLanguage;
  const name = promptPlayName(ctx.directory, promptId, language, ctx.systemLanguage);
  if (name === undefined) return { kind: 'failed', reason: 'actionFailed', action };
  const end = await ctx.channel.play(name, isInterruptible);
  if (end === 'hangup') return HANGUP;
  return end === 'failed' ? { kind: 'failed', reason: 'actionFailed', action } : DONE;
}

async function readInput(action: IvrAction, ctx: ActionContext): Promise<ActionsEnd> {
  const restriction = compilePattern(action.pattern);
  if (restriction === null) return { kind: 'failed', reason: 'actionFailed', action };
  const end = await ctx.channel.collect({
    maxDigits: Math.max(1, action.maxDigits ?? IVR_DEFAULTS.maxDigits),
    terminator: action.terminator ?? IVR_DEFAULTS.terminator,
    firstDigitTimeoutMs: (action.timeoutSec ?? IVR_DEFAULTS.firstDigitTimeoutSec) * 1000,
    interDigitTimeoutMs: (action.interDigitTimeoutSec ?? IVR_DEFAULTS.interDigitTimeoutSec) * 1000,
  });
  if (end.kind === 'hangup') return HANGUP;
  if (end.kind === 'noInput') {
    ctx.onInput('');
    return { kind: 'retry', reason: 'noInput' };
  }
  ctx.onInput(end.digits);
  // IVR-5: input failing 输入限制 is a failure, like no input at all.
  const isTooShort = end.digits.length < (action.minDigits ?? 1);
  if (isTooShort || (restriction !== undefined && !restriction.test(end.digits))) {
    return { kind: 'retry', reason: 'invalidInput' };
  }
  ctx.state.variables.set(variableOf(action), end.digits);
  return DONE;
}

/** The anchored pattern, undefined for none, null when it does not compile. */
function compilePattern(source: string | null | undefined): RegExp | undefined | null {
  if (source == null || source === '') return undefined;
  try {
    return new RegExp(`^(?:${source})$`);
  } catch {
    return null;
  }
}

async function fetchData(
  action: IvrAction,
  flow: IvrFlow,
  ctx: ActionContext,
): Promise<ActionsEnd> {
  if (action.url == null || action.url === '') {
    return { kind: 'failed', reason: 'actionFailed', action };
  }
  const timeoutSec = action.timeoutSec ?? flow.apiCallTimeoutSec ?? IVR_DEFAULTS.apiCallTimeoutSec;
  const method = (action.method ?? '').trim();
  const httpMethod = method.toUpperCase() === 'POST' ? 'POST' : 'GET';
  const sent = requestParams(action.requestParams, ctx.lookup);
  if (method !== '' && !['GET', 'POST'].includes(method.toUpperCase())) {
    sent.unshift(['method', method]);
  }
  const url = expand(action.url, ctx.lookup, encodeURIComponent);
  const startedMs = ctx.clock.monotonicMs();
  const result = await callWebService(ctx.fetch, ctx.clock, {
    url,
    httpMethod,
    params: sent,
    timeoutMs: timeoutSec * 1000,
    signal: ctx.channel.signal,
  });
  ctx.onWebService({
    url,
    isOk: result.ok,
    values: result.ok ? result.value : [],
    errorCode: result.ok ? undefined : result.error.code,
    durationMs: ctx.clock.monotonicMs() - startedMs,
  });
  if (ctx.channel.isHungUp) return HANGUP;
  if (!result.ok) {
    const isTimeout = result.error.code === 'ERR_IVR_WS_TIMEOUT';
    return { kind: 'failed', reason: isTimeout ? 'webServiceTimeout' : 'webServiceError', action };
  }
  (action.returnVariables ?? []).forEach((name, i) => {
    ctx.state.variables.set(name, result.value[i] ?? '');
  });
  // IVR-4: the first returned value is what the transitions match.
  ctx.state.variables.set(variableOf(action), result.value[0] ?? '');
  return DONE;
}

/** `account, caller=${callerNumber}` → [[account, <its value>], [caller, <expanded>]]. */
function requestParams(
  spec: string | null | undefined,
  lookup: (name: string) => string | undefined,
): Array<[string, string]> {
  return (spec ?? '')
    .split(/[\s,&]+/)
    .filter((item) => item !== '')
    .map((item): [string, string] => {
      const eq = item.indexOf('=');
      if (eq < 0) return [item, lookup(item) ?? ''];
      return [item.slice(0, eq), expand(item.slice(eq + 1), lookup)];
    });
}

function variableOf(action: IvrAction): string {
  const name = action.variable ?? '';
  return name === '' ? INPUT_CODE_VARIABLE : name;
}

/** Replaces `${name}` by the variable's value ('' when unset). */
export function expand(
  text: string,
  lookup: (name: string) => string | undefined,
  encode: (value: string) => string = (v) => v,
): string {
  return text.replace(/\$\{([^}]+)\}/g, (_m, name: string) => encode(lookup(name.trim()) ?? ''));
}
