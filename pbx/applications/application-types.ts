import type {
  ApplicationCall,
  CallOriginator,
  Destination,
  Logger,
  MediaControl,
} from '../../core/index.ts';

/**
 * How an application left a call: finished with it, sent it on, or
 * (only when its context asked, `isKeepingCaller`) handed the caller's
 * leg back still up after the target it was bridged to hung up.
 */
export type ApplicationOutcome =
  | { readonly kind: 'done' }
  | {
      readonly kind: 'destination';
      readonly destination: Destination;
      /** IVR-9: what the caller does when that destination hands it back. */
      readonly afterKept?: AfterKept | undefined;
    }
  | { readonly kind: 'kept' };

/**
 * Runs when a destination's target ended with the caller still up
 * (IVR-9: the follow-up prompt, then back to an IVR or hang up).
 */
export type AfterKept = () => Promise<ApplicationOutcome>;

/** What every application gets besides the call. */
export interface ApplicationContext {
  readonly media: MediaControl;
  readonly originator: CallOriginator;
  readonly logger: Logger;
  /**
   * The caller's leg is wanted back: when the bridged target hangs up
   * first, leave the caller up and resolve `kept` (IVR-9). Applications
   * that bridge honour it; the others ignore it. False unless given.
   */
  readonly isKeepingCaller?: boolean | undefined;
}

/** One application: a queue, an IVR, a conference, voicemail, … */
export type ApplicationHandler = (
  call: ApplicationCall,
  ctx: ApplicationContext,
) => Promise<ApplicationOutcome>;
