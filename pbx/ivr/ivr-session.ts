import { silentLogger, type Destination, type Logger } from '../../core/index.ts';
import { CallerChannel } from './caller-channel.ts';
import { promptPlayName, runActions, type ActionContext } from './ivr-actions.ts';
import type { IvrCallState } from './ivr-call-state.ts';
import {
  AUTO_TARGET,
  INPUT_CODE_VARIABLE,
  IVR_DEFAULTS,
  type IvrFailover,
  type IvrFlow,
  type IvrTransition,
} from './ivr-flow.ts';
import { IvrHangupNotifier, type HangupPostResult } from './hangup-action.ts';
import type {
  IvrEndState,
  IvrFailureReason,
  IvrSessionRecord,
  IvrWebServiceLog,
} from './ivr-log.ts';
import type { IvrCall, IvrConfig, IvrDeps, IvrOutcome } from './ivr-types.ts';
import { selectTransition, sourceOf } from './transition.ts';
import { defaultIvrFetch } from './web-service.ts';

/** Q.850 41 temporary failure: the IVR could not run. */
const TEMPORARY_FAILURE = { reason: 'failed', q850: 41 } as const;

/** Shared by sessions built without a logger; pino loggers are not free. */
let quietLogger: Logger | undefined;

/** How many IVR runs a call may start before the failover is forced. */
export const DEFAULT_MAX_IVR_ENTRIES_PER_CALL = 10;

/**
 * One run of one IVR flow on one call (spec 02 §3.15, B.1 step 8): answer
 * the caller, run the actions, pick a transition, replay the menu on no or
 * invalid input up to maxLoops, and otherwise take the failover. It ends
 * with the next destination for the dispatcher, and writes one session
 * record (IVR-11) whatever the ending.
 */
export class IvrSession {
  readonly #deps: IvrDeps;
  readonly #call: IvrCall;
  readonly #flowId: number;
  readonly #state: IvrCallState;
  readonly #systemLanguage: string;
  readonly #maxEntries: number;
  readonly #logger: Logger;
  readonly #inputs: string[] = [];
  readonly #webServiceResults: IvrWebServiceLog[] = [];
  #startedAtMs = 0;
  #loops = 0;
  #flow: IvrFlow | undefined;
  #channel: CallerChannel | undefined;
  #hangupAction: Promise<HangupPostResult> | undefined;

  constructor(
    deps: IvrDeps,
    config: IvrConfig,
    call: IvrCall,
    flowId: number,
    state: IvrCallState,
  ) {
    this.#deps = deps;
    this.#call = call;
    this.#flowId = flowId;
    this.#state = state;
    this.#systemLanguage = config.defaultPromptLanguage ?? 'en';
    this.#maxEntries = config.maxIvrEntriesPerCall ?? DEFAULT_MAX_IVR_ENTRIES_PER_CALL;
    this.#logger = deps.logger ?? (quietLogger ??= silentLogger());
  }

  /**
   * The hangup action started when the caller hung up (IVR-8), for tests
   * and shutdown; run() never waits for it.
   */
  get hangupAction(): Promise<HangupPostResult> | undefined {
    return this.#hangupAction;
  }

  /** Runs the flow; resolves once, rejects only on bugs. */
  async run(): Promise<IvrOutcome> {
    this.#startedAtMs = this.#deps.clock.now();
    const leg = this.#call.leg;
    const flow = this.#deps.directory.ivrFlows.find(this.#flowId);
    if (flow === undefined) {
      this.#logger.warn({ callId: this.#call.callId, flowId: this.#flowId }, 'IVR flow not found');
      await leg.hangup(TEMPORARY_FAILURE);
      return this.#end({ kind: 'hangup', reason: 'flowNotFound' }, 'error');
    }
    this.#flow = flow;
    this.#state.ivrEntries += 1;
    // `inputcode` is this IVR's input (IVR-3): a key pressed in an earlier
    // IVR of the call must not pick a transition here.
    this.#state.variables.delete(INPUT_CODE_VARIABLE);
    const channel = new CallerChannel(leg, this.#deps.media, this.#deps.clock);
    this.#channel = channel;
    try {
      if (channel.isHungUp) return this.#end({ kind: 'callerHungUp' }, 'callerHangup');
      // IVR-1: the IVR answers the call itself unless an earlier object did.
      if (leg.state !== 'confirmed') {
        const answered = await leg.answer();
        if (channel.isHungUp) return this.#end({ kind: 'callerHungUp' }, 'callerHangup');
        if (!answered.ok) {
          await leg.hangup(TEMPORARY_FAILURE);
          return this.#end({ kind: 'hangup', reason: 'answerFailed' }, 'error');
        }
      }
      if (this.#state.ivrEntries > this.#maxEntries) {
        return await this.#failover(flow, 'ivrLoopLimit');
      }
      return await this.#loop(flow, channel);
    } finally {
      channel.close();
    }
  }

  async #loop(flow: IvrFlow, channel: CallerChannel): Promise<IvrOutcome> {
    const maxLoops = Math.max(1, flow.maxLoops ?? IVR_DEFAULTS.maxLoops);
    const ctx = this.#actionContext(channel);
    for (let loop = 1; ; loop++) {
      this.#loops = loop;
      // Keys typed before the menu started count; stale ones from a
      // failed loop do not carry into its replay.
      if (loop > 1) channel.clearDigits();
      const end = await runActions(flow, ctx);
      if (end.kind === 'hangup' || channel.isHungUp) {
        return this.#end({ kind: 'callerHungUp' }, 'callerHangup');
      }
      if (end.kind === 'failed') return this.#failover(flow, end.reason, end.action);
      let failure: 'noInput' | 'invalidInput' | undefined;
      if (end.kind === 'retry') failure = end.reason;
      else {
        const outcome = this.#transition(flow, ctx.lookup);
        if (outcome !== undefined) return this.#end(outcome, 'transferred');
        failure = 'invalidInput';
      }
      // IVR-5: after maxLoops unsuccessful loops the failover is taken.
      if (loop >= maxLoops) return this.#failover(flow, failure);
    }
  }

  /** The matched transition as an outcome; undefined when none applies. */
  #transition(flow: IvrFlow, lookup: (name: string) => string | undefined): IvrOutcome | undefined {
    const t = selectTransition(flow.transitions, lookup);
    if (t === undefined) return undefined;
    const destination = this.#target(t, lookup);
    if (destination === undefined) return undefined;
    const own = failoverDestination(t);
    // IVR-9: a follow-up prompt or a return IVR makes the transition one
    // that wants the caller back (后续动作 = 是).
    const isFollowedUp = t.followUpPromptId != null || t.returnToIvrId != null;
    return {
      kind: 'destination',
      destination,
      reason: 'transition',
      transitionFailover:
        own === undefined
          ? undefined
          : { destination: own, endPromptId: t.failoverEndPromptId ?? undefined },
      followUp: isFollowedUp
        ? {
            promptId: t.followUpPromptId ?? undefined,
            returnToIvrId: t.returnToIvrId ?? undefined,
          }
        : undefined,
    };
  }

  /**
   * A transition's destination. IVR-6: an `auto` extension is the one
   * whose internal number the caller typed; an unknown number is invalid
   * input. Other `auto` targets (a queue's auto-join, Q-20) go on as is.
   */
  #target(t: IvrTransition, lookup: (name: string) => string | undefined): Destination | undefined {
    if (t.destinationValue === AUTO_TARGET && t.destinationType === 'extension') {
      const number = lookup(sourceOf(t)) ?? '';
      const entry = this.#deps.directory.internalNumbers.lookup(this.#call.teamId, number);
      if (entry?.kind !== 'extension' || entry.ownerId === null) return undefined;
      return { type: 'extension', targetId: entry.ownerId, targetValue: number };
    }
    return destinationOf(t.destinationType, t.destinationId, t.destinationValue);
  }

  /**
   * IVR-2 and IVR-5: play the failover end prompt, then go to the failover
   * destination of the failed action, or else of the flow (hangup unless
   * set). Past the per-call IVR limit an IVR failover becomes a hangup, so
   * two IVRs failing over to each other cannot loop forever.
   */
  async #failover(
    flow: IvrFlow,
    reason: IvrFailureReason,
    action?: IvrFailover,
  ): Promise<IvrOutcome> {
    const source = action?.failoverType != null ? action : flow;
    let destination = failoverDestination(source) ?? { type: 'hangup' };
    if (destination.type === 'ivr' && this.#state.ivrEntries >= this.#maxEntries) {
      destination = { type: 'hangup' };
    }
    const endPromptId = source.failoverEndPromptId ?? flow.failoverEndPromptId;
    if (endPromptId != null && this.#channel !== undefined) {
      const language = this.#state.language ?? this.#systemLanguage;
      const file = promptPlayName(
        this.#deps.directory,
        endPromptId,
        language,
        this.#systemLanguage,
      );
      if (file !== undefined && (await this.#channel.play(file, false)) === 'hangup') {
        return this.#end({ kind: 'callerHungUp' }, 'callerHangup', reason);
      }
    }
    const endState: IvrEndState = reason === 'noInput' ? 'timeout' : 'failover';
    return this.#end({ kind: 'destination', destination, reason: 'failover' }, endState, reason);
  }

  #actionContext(channel: CallerChannel): ActionContext {
    const call = this.#call;
    const builtins: Record<string, string> = {
      callId: call.callId,
      teamId: String(call.teamId),
      callerNumber: call.leg.remote.number,
      calledNumber: call.dialled,
    };
    return {
      channel,
      clock: this.#deps.clock,
      fetch: this.#deps.fetch ?? defaultIvrFetch,
      directory: this.#deps.directory,
      state: this.#state,
      systemLanguage: this.#systemLanguage,
      lookup: (name) => this.#state.variables.get(name) ?? builtins[name],
      onInput: (digits) => this.#inputs.push(digits),
      onWebService: (log) => this.#webServiceResults.push(log),
    };
  }

  #end(outcome: IvrOutcome, endState: IvrEndState, failureReason?: IvrFailureReason): IvrOutcome {
    const endedAtMs = this.#deps.clock.now();
    const saved = this.#flow?.saveVariables ?? [];
    const savedVariables: Record<string, string> = {};
    for (const name of saved) {
      const value = this.#state.variables.get(name);
      if (value !== undefined) savedVariables[name] = value;
    }
    const record: IvrSessionRecord = {
      callId: this.#call.callId,
      teamId: this.#call.teamId,
      flowId: this.#flowId,
      flowName: this.#flow?.name,
      callerNumber: this.#call.leg.remote.number,
      calledNumber: this.#call.dialled,
      startedAtMs: this.#startedAtMs,
      endedAtMs,
      durationMs: endedAtMs - this.#startedAtMs,
      inputs: [...this.#inputs],
      webServiceResults: [...this.#webServiceResults],
      loops: this.#loops,
      endState,
      failureReason,
      destination: outcome.kind === 'destination' ? outcome.destination : undefined,
      ivrStatus: endState === 'transferred' || endState === 'callerHangup' ? 'normal' : 'abnormal',
      savedVariables,
    };
    try {
      this.#deps.logSink.write(record);
    } catch (error) {
      this.#logger.error({ err: error, callId: this.#call.callId }, 'IVR log sink threw');
    }
    if (endState === 'callerHangup') this.#startHangupAction(record);
    return outcome;
  }

  /**
   * IVR-8: the flow's hangup action, started and not awaited: the caller
   * is gone, and nothing after the hang-up should wait for a web service.
   */
  #startHangupAction(record: IvrSessionRecord): void {
    const flow = this.#flow;
    if (flow?.hangupAction !== 'httpPost' || flow.hangupUrl == null) return;
    const notifier =
      this.#deps.hangupNotifier ??
      new IvrHangupNotifier({
        fetch: this.#deps.fetch ?? defaultIvrFetch,
        clock: this.#deps.clock,
        logger: this.#logger,
      });
    const timeoutSec = flow.apiCallTimeoutSec ?? IVR_DEFAULTS.apiCallTimeoutSec;
    this.#hangupAction = notifier.notify(flow.hangupUrl, timeoutSec * 1000, {
      event: 'ivrHangup',
      callId: record.callId,
      teamId: record.teamId,
      flowId: record.flowId,
      flowName: record.flowName,
      callerNumber: record.callerNumber,
      calledNumber: record.calledNumber,
      startedAt: new Date(record.startedAtMs).toISOString(),
      endedAt: new Date(record.endedAtMs).toISOString(),
      durationMs: record.durationMs,
      inputs: record.inputs,
      variables: record.savedVariables,
    });
  }
}

/** The failover of a flow, action or transition, if its type is set. */
function failoverDestination(f: IvrFailover): Destination | undefined {
  if (f.failoverType == null) return undefined;
  return destinationOf(f.failoverType, f.failoverId, f.failoverValue);
}

function destinationOf(
  type: Destination['type'],
  targetId: number | null | undefined,
  targetValue: string | null | undefined,
): Destination {
  return {
    type,
    ...(targetId == null ? {} : { targetId }),
    ...(targetValue == null ? {} : { targetValue }),
  };
}
