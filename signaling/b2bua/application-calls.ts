import { err, ok, type Result } from '../../core/index.ts';
import type {
  CallApplications,
  CallLeg,
  CallLegError,
  CallOriginator,
  CallRecorder,
  Destination,
  HangupCause,
  OriginateRequest,
} from '../../core/index.ts';
import { isSipUri, serializeUri, type SipRequest } from '../message/index.ts';
import type { ViaSource } from '../dialog/index.ts';
import type { InviteServerTransaction } from '../transaction/index.ts';
import type { ActiveCalls, TrackedCall } from './active-calls.ts';
import { contactFor, type B2buaContext } from './b2bua-context.ts';
import type { B2buaCallState, CallParties } from './b2bua-call.ts';
import { callEnd, unansweredResult } from './call-outcome.ts';
import { statusForCause } from './hangup-causes.ts';
import { InboundLeg } from './inbound-leg.ts';
import type { DialogOwner, SipCallLeg } from './sip-call-leg.ts';
import type { SipDialogLeg } from './sip-dialog-leg.ts';
import { SipInboundCallLeg } from './sip-inbound-call-leg.ts';
import { SipOutboundCallLeg, type OriginateDeps } from './sip-outbound-call-leg.ts';

/** What application calls need from the B2BUA that owns them. */
export interface ApplicationCallsDeps extends OriginateDeps {
  readonly recorder: CallRecorder | undefined;
  readonly calls: ActiveCalls;
  /** Routes in-dialog requests of `leg` to `owner` until the returned function is called. */
  registerDialog(owner: DialogOwner, leg: SipDialogLeg): () => void;
  /** Lets a CANCEL of the INVITE in `tx` reach the leg. */
  trackInvite(tx: InviteServerTransaction, target: { cancelByCaller(): void }): void;
}

/** The inbound leg of an application call as the calls API and CDRs see it. */
class ApplicationCallEntry implements TrackedCall {
  constructor(
    readonly leg: SipInboundCallLeg,
    readonly parties: CallParties,
    readonly startedAtMs: number,
  ) {}

  get id(): string {
    return this.leg.id;
  }

  get state(): B2buaCallState {
    const s = this.leg.state;
    if (s === 'new') return 'routing';
    if (s === 'early') return 'ringing';
    return s === 'confirmed' ? 'answered' : 'ended';
  }

  get answeredAtMs(): number | undefined {
    return this.leg.answeredAtMs;
  }

  get sipCallId(): string | undefined {
    return this.leg.request.callId();
  }

  hangup(): void {
    void this.leg.hangup({ reason: 'normal', q850: 16, text: 'hung up by the admin API' });
  }
}

/**
 * Calls that pbx/ applications handle (queues, IVRs, conferences,
 * voicemail; spec 02 §0.3, IR-8): the caller's INVITE becomes a
 * SipInboundCallLeg handed to CallApplications.run(), and the legs the
 * applications place come from originate() (CallOriginator). Each is
 * tracked for in-dialog requests, the calls API and the CDR.
 */
export class ApplicationCalls implements CallOriginator {
  /** Set once, after construction: the applications need this originator. */
  applications: CallApplications | undefined;

  constructor(
    private readonly ctx: B2buaContext,
    private readonly deps: ApplicationCallsDeps,
  ) {}

  /** Hands the caller's INVITE to the application for `destination`. */
  start(args: {
    readonly request: SipRequest;
    readonly tx: InviteServerTransaction;
    readonly via: ViaSource;
    readonly parties: CallParties;
    readonly dialled: string;
    readonly destination: Destination;
  }): void {
    const { request, tx, via, parties, dialled, destination } = args;
    const applications = this.applications;
    const sip = new InboundLeg(this.ctx, request, tx, via, contactFor(via, dialled));
    const fromUri = request.from()?.uri;
    const leg = new SipInboundCallLeg(
      this.ctx,
      sip,
      {
        uri: fromUri === undefined ? 'sip:anonymous@anonymous.invalid' : serializeUri(fromUri),
        number: parties.callerNumber,
        displayName: request.from()?.displayName,
      },
      { uri: `sip:${dialled}@${parties.domain}`, number: dialled },
    );
    if (applications === undefined) {
      void leg.hangup({ reason: 'unavailable', q850: 41, sipStatus: 480 });
      return;
    }
    const entry = new ApplicationCallEntry(leg, parties, this.ctx.clock.now());
    const uri = request.uri();
    this.track(entry, tx, uri !== undefined && isSipUri(uri) ? uri.user : undefined);
    applications
      .run({ callId: leg.id, teamId: parties.teamId, leg, dialled, destination })
      .catch((error: unknown) => {
        this.ctx.logger.error({ err: error, callId: leg.id }, 'application failed');
        void leg.hangup({ reason: 'failed', q850: 41, sipStatus: 500 });
      })
      .finally(() => {
        // An application that returns leaves no caller waiting.
        if (!leg.isOver) void leg.hangup();
      });
  }

  originate(request: OriginateRequest): Result<CallLeg, CallLegError> {
    if (this.ctx.media === undefined) {
      return err({ code: 'ERR_CALL_LEG_MEDIA', detail: 'no media plane to originate from' });
    }
    const leg = new SipOutboundCallLeg(this.ctx, this.deps, request);
    this.watchDialogs(leg);
    void leg.start().catch((error: unknown) => {
      this.ctx.logger.error({ err: error, legId: leg.id }, 'originate failed');
      void leg.hangup({ reason: 'failed', q850: 41 });
    });
    return ok(leg);
  }

  private track(entry: ApplicationCallEntry, tx: InviteServerTransaction, did?: string): void {
    const { leg, parties } = entry;
    this.deps.calls.add(entry);
    this.deps.trackInvite(tx, leg);
    this.watchDialogs(leg);
    const recorder = this.deps.recorder;
    recorder?.started({
      callId: leg.id,
      teamId: parties.teamId,
      callType: parties.direction,
      callerNumber: parties.callerNumber,
      callerName: leg.remote.displayName,
      calledNumber: parties.calleeNumber,
      did: parties.direction === 'inbound' ? did : undefined,
      startedAtMs: entry.startedAtMs,
    });
    leg.on('answered', () => recorder?.answered(leg.id, leg.answeredAtMs ?? this.ctx.clock.now()));
    leg.once('hangup', (cause: HangupCause) => {
      this.deps.calls.remove(entry);
      const wasAnswered = leg.answeredAtMs !== undefined;
      const status = wasAnswered ? undefined : statusForCause(cause);
      recorder?.ended(
        leg.id,
        callEnd(
          {
            result: wasAnswered ? 'answered' : unansweredResult(status ?? 480),
            side: leg.endedBy === 'remote' ? 'caller' : 'system',
            sipStatus: status,
          },
          this.ctx.clock.now(),
        ),
      );
    });
  }

  /** In-dialog requests reach the leg while it lives. */
  private watchDialogs(leg: SipCallLeg): void {
    const removers: Array<() => void> = [];
    leg.on('dialog', (sipLeg) => removers.push(this.deps.registerDialog(leg, sipLeg)));
    leg.once('hangup', () => {
      for (const remove of removers) remove();
    });
  }
}
