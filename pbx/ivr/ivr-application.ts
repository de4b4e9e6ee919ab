import { silentLogger, type ApplicationCall, type Destination } from '../../core/index.ts';
import { IvrHangupNotifier } from './hangup-action.ts';
import { IvrCallState } from './ivr-call-state.ts';
import { IvrSession } from './ivr-session.ts';
import { runIvrFollowUp, type IvrFollowUpOutcome } from './follow-up.ts';
import type { IvrCall, IvrConfig, IvrDeps, IvrOutcome } from './ivr-types.ts';
import { defaultIvrFetch } from './web-service.ts';

/**
 * The IVR application (spec 02 §3.15). run() takes the call's
 * IvrCallState explicitly; handle() is the dispatcher's entry point
 * (the shape of pbx/applications ApplicationHandler) and keeps one state
 * per call itself, dropped when the caller's leg hangs up, so variables
 * and the IVR-to-IVR loop count carry across the IVRs of one call.
 */
export class IvrApplication {
  readonly #deps: IvrDeps;
  readonly #config: IvrConfig;
  readonly #states = new Map<string, IvrCallState>();

  constructor(deps: IvrDeps, config: IvrConfig = {}) {
    // IVR-8: one notifier, so its cap on posts in flight is per switch.
    this.#deps =
      deps.hangupNotifier !== undefined
        ? deps
        : {
            ...deps,
            hangupNotifier: new IvrHangupNotifier({
              fetch: deps.fetch ?? defaultIvrFetch,
              clock: deps.clock,
              logger: deps.logger ?? silentLogger(),
            }),
          };
    this.#config = config;
  }

  /** Runs flow `flowId` on `call`; see IvrOutcome for how it ends. */
  run(call: IvrCall, flowId: number, state: IvrCallState): Promise<IvrOutcome> {
    return new IvrSession(this.#deps, this.#config, call, flowId, state).run();
  }

  /**
   * Runs the IVR named by `call.destination.targetId` and says what comes
   * next: another destination, or done (the caller hung up, or the IVR
   * could not run and hung up). A transition with a follow-up (IVR-9)
   * adds `afterKept`, which the dispatcher runs when that destination
   * hands the caller back still up.
   */
  async handle(call: ApplicationCall): Promise<
    | { readonly kind: 'done' }
    | {
        readonly kind: 'destination';
        readonly destination: Destination;
        readonly afterKept?: (() => Promise<IvrFollowUpOutcome>) | undefined;
      }
  > {
    const flowId = call.destination.targetId ?? Number.NaN;
    const state = this.#stateFor(call);
    const outcome = await this.run(call, flowId, state);
    if (outcome.kind !== 'destination') return { kind: 'done' };
    const followUp = outcome.followUp;
    if (followUp === undefined) return { kind: 'destination', destination: outcome.destination };
    const system = this.#config.defaultPromptLanguage ?? 'en';
    return {
      kind: 'destination',
      destination: outcome.destination,
      afterKept: () =>
        runIvrFollowUp(this.#deps, call, followUp, { call: state.language ?? system, system }),
    };
  }

  /** The IVR state of a call still up (IVR-7: its variables, for queues and CDRs). */
  callState(callId: string): IvrCallState | undefined {
    return this.#states.get(callId);
  }

  #stateFor(call: ApplicationCall): IvrCallState {
    const known = this.#states.get(call.callId);
    if (known !== undefined) return known;
    const language = this.#deps.callLanguage?.(call) ?? this.#config.defaultPromptLanguage;
    const state = new IvrCallState({ language });
    if (call.leg.state === 'terminated') return state;
    this.#states.set(call.callId, state);
    call.leg.once('hangup', () => this.#states.delete(call.callId));
    return state;
  }
}
