import type {
  ApplicationCall,
  CallApplications,
  CallLeg,
  DestinationType,
  HangupCause,
} from '../../core/index.ts';
import type {
  AfterKept,
  ApplicationContext,
  ApplicationHandler,
  ApplicationOutcome,
} from './application-types.ts';
import { dialExtension, type ExtensionDialDirectory } from './dial-extension.ts';

/** Settings and collaborators of PbxApplications. */
export interface PbxApplicationsOptions extends ApplicationContext {
  readonly directory: ExtensionDialDirectory;
  /** Handlers by destination type; built-ins cover hangup, busy and extension. */
  readonly handlers?: Partial<Record<DestinationType, ApplicationHandler>>;
  /** Destinations one call may pass through before it is ended (loop guard); 16 unless given. */
  readonly maxHops?: number;
}

const NORMAL: HangupCause = { reason: 'normal', q850: 16 };
const CONGESTION: HangupCause = { reason: 'congestion', q850: 34, text: 'destination loop' };
const UNROUTABLE: HangupCause = { reason: 'unavailable', q850: 41, text: 'no such destination' };

/**
 * Runs the destination a call was routed to (spec 02 §0.5, IR-8) and each
 * destination an application sends it on to (failovers, IVR transitions),
 * until an application is done with it. A call that passes through more
 * than maxHops destinations is ended with congestion: a queue whose
 * failover is an IVR that goes back to the queue must not ring forever.
 */
export class PbxApplications implements CallApplications {
  private readonly handlers: Partial<Record<DestinationType, ApplicationHandler>>;

  constructor(private readonly options: PbxApplicationsOptions) {
    this.handlers = {
      hangup: (call) => hangUp(call.leg, NORMAL),
      busy: (call) => hangUp(call.leg, { reason: 'busy', q850: 17, sipStatus: 486 }),
      extension: (call, ctx) => dialExtension(call, ctx, options.directory),
      ...options.handlers,
    };
  }

  async run(call: ApplicationCall): Promise<void> {
    const maxHops = this.options.maxHops ?? 16;
    let destination = call.destination;
    let afterKept: AfterKept | undefined;
    for (let hop = 0; hop < maxHops; hop++) {
      if (call.leg.state === 'terminated') return;
      const handler = this.handlers[destination.type];
      if (handler === undefined) {
        this.options.logger.warn({ callId: call.callId, destination }, 'no application for it');
        await call.leg.hangup(UNROUTABLE);
        return;
      }
      // IVR-9: the caller is asked back only when someone will take it.
      const ctx =
        afterKept === undefined ? this.options : { ...this.options, isKeepingCaller: true };
      let outcome = await handler({ ...call, destination }, ctx);
      if (outcome.kind === 'kept') {
        if (afterKept === undefined || isGone(call.leg)) {
          await hangUp(call.leg, NORMAL);
          return;
        }
        outcome = await afterKept();
      }
      if (outcome.kind !== 'destination') {
        // A follow-up may itself answer `kept`; nobody is left to take it.
        if (outcome.kind === 'kept') await hangUp(call.leg, NORMAL);
        return;
      }
      destination = outcome.destination;
      afterKept = outcome.afterKept;
    }
    this.options.logger.warn({ callId: call.callId, maxHops }, 'destination loop, call ended');
    await call.leg.hangup(CONGESTION);
  }
}

/** A call, not a property read, so that TS does not narrow across awaits. */
function isGone(leg: CallLeg): boolean {
  return leg.state === 'terminated';
}

async function hangUp(leg: CallLeg, cause: HangupCause): Promise<ApplicationOutcome> {
  await leg.hangup(cause);
  return { kind: 'done' };
}
