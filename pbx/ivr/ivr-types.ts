import type {
  ApplicationCall,
  Clock,
  Destination,
  Logger,
  MediaControl,
} from '../../core/index.ts';
import type { CallPromptFiles, PlayableVoiceFile } from './call-prompt.ts';
import type { IvrHangupNotifier } from './hangup-action.ts';
import type { IvrFlow } from './ivr-flow.ts';
import type { IvrLogSink } from './ivr-log.ts';
import type { IvrFetch } from './web-service.ts';

/**
 * The config an IVR reads; the config store fits it (the pattern of
 * pbx/routing InboundRouteDirectory), tests pass literals.
 */
export interface IvrDirectory {
  readonly ivrFlows: { find(id: number): IvrFlow | undefined };
  readonly callPrompts: { find(id: number): CallPromptFiles | undefined };
  readonly voiceFiles: { find(id: number): PlayableVoiceFile | undefined };
  /** The team's internal-number namespace (§0.3), for `auto` extensions (IVR-6). */
  readonly internalNumbers: {
    lookup(
      teamId: number,
      number: string,
    ): { readonly kind: string; readonly ownerId: number | null } | undefined;
  };
}

/** What IVR sessions use. */
export interface IvrDeps {
  readonly media: MediaControl;
  readonly clock: Clock;
  readonly directory: IvrDirectory;
  readonly logSink: IvrLogSink;
  /** The global fetch unless given. */
  readonly fetch?: IvrFetch | undefined;
  readonly logger?: Logger | undefined;
  /**
   * The call's prompt language from the DID it came in on (DID-2, PR-1);
   * undefined, or no function, means the configured default.
   */
  readonly callLanguage?: ((call: IvrCall) => string | undefined) | undefined;
  /** Runs hangup actions (IVR-8); IvrApplication shares one across its sessions. */
  readonly hangupNotifier?: IvrHangupNotifier | undefined;
}

/** Settings of the IVR application. */
export interface IvrConfig {
  /** 呼入语音默认语言 (spec 04 §15.6): `en` unless given. */
  readonly defaultPromptLanguage?: string | undefined;
  /**
   * IVR runs allowed per call, counting every IVR-to-IVR transition and
   * failover; one more takes the flow's failover (10 unless given).
   */
  readonly maxIvrEntriesPerCall?: number | undefined;
}

/** The call an IVR runs on: an ApplicationCall without its first destination. */
export type IvrCall = Pick<ApplicationCall, 'callId' | 'teamId' | 'leg' | 'dialled'>;

/** How an IVR run ended; the dispatcher acts on it. */
export type IvrOutcome =
  | {
      readonly kind: 'destination';
      readonly destination: Destination;
      /** A transition matched, or a failure took a failover. */
      readonly reason: 'transition' | 'failover';
      /**
       * The matched transition's own failover, for the dispatcher to take
       * when `destination` cannot run (§3.15 IvrTransition 失败转向).
       */
      readonly transitionFailover?:
        { readonly destination: Destination; readonly endPromptId: number | undefined } | undefined;
      /**
       * IVR-9: the matched transition has a follow-up, so the caller is
       * wanted back when `destination`'s target ends with it still up.
       */
      readonly followUp?: IvrFollowUp | undefined;
    }
  /** The caller hung up inside the IVR. */
  | { readonly kind: 'callerHungUp' }
  /** The IVR could not run and hung the leg up itself. */
  | { readonly kind: 'hangup'; readonly reason: 'flowNotFound' | 'answerFailed' };

/**
 * IVR-9 (后续动作, 返回): what a transition asks for once its target
 * (an extension, a queue) ends with the caller still up.
 */
export interface IvrFollowUp {
  /** The follow-up prompt; none plays nothing. */
  readonly promptId: number | undefined;
  /** The IVR the caller goes back to; none hangs up. */
  readonly returnToIvrId: number | undefined;
}
