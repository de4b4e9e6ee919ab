import type {
  ApplicationCall,
  CallOriginator,
  Destination,
  Logger,
  MediaControl,
} from '../../core/index.ts';

/** How an application left a call: finished with it, or sent it on. */
export type ApplicationOutcome =
  { readonly kind: 'done' } | { readonly kind: 'destination'; readonly destination: Destination };

/** What every application gets besides the call. */
export interface ApplicationContext {
  readonly media: MediaControl;
  readonly originator: CallOriginator;
  readonly logger: Logger;
}

/** One application: a queue, an IVR, a conference, voicemail, … */
export type ApplicationHandler = (
  call: ApplicationCall,
  ctx: ApplicationContext,
) => Promise<ApplicationOutcome>;
