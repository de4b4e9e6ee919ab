import { err, ok, type Result } from '../../core/index.ts';
import type {
  ApplicationCall,
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
import { lampChanges, type ActiveCalls, type TrackedCall } from './active-calls.ts';
import { contactFor, type B2buaContext } from './b2bua-context.ts';
import type { B2buaCallState, CallParties } from './b2bua-call.ts';
import { callEnd, unansweredResult } from './call-outcome.ts';
import type { ExtensionDialog, SipDialogId } from './dialog-info.ts';
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
  /**
   * Tells the busy lamps of extension `key` (`teamId/number`) that its
   * calls changed; `ended` is a dialog that just ended (RFC 4235).
   */
  lampChanged(key: string, ended?: ExtensionDialog): void;
}

/** The call record a leg carries on from the B2BUA call it came from. */
interface RecordAs {
  readonly callId: string;
  readonly startedAtMs: number;
}

/** The inbound leg of an application call as the calls API and CDRs see it. */
class ApplicationCallEntry implements TrackedCall {
  readonly isCallerOnly = true;

  constructor(
    readonly leg: SipInboundCallLeg,
    readonly parties: CallParties,
    readonly startedAtMs: number,
    /** The call record's id: the leg's own, or the B2BUA call's it carries on. */
    readonly id: string,
  ) {}

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

  get callerDialog(): SipDialogId | undefined {
    return this.leg.sip.dialogId;
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
    const sip = new InboundLeg(this.ctx, request, tx, via, contactFor(via, dialled));
    const uri = request.uri();
    const did = uri !== undefined && isSipUri(uri) ? uri.user : undefined;
    const entry = this.enter(sip, parties, dialled, { did });
    if (entry !== undefined) this.run(entry, dialled, destination, undefined);
  }

  /**
   * Takes a leg A the B2BUA already holds, which carries on call record
   * `recordAs` (no second CDR starts): unanswered for pickup, forwards and
   * voicemail, or answered for a blind transfer, in which case it is
   * re-INVITEd to our media first. With a destination the application for
   * it runs the leg; without one the leg is returned to the caller.
   */
  adopt(args: {
    readonly sip: InboundLeg;
    readonly parties: CallParties;
    readonly dialled: string;
    readonly recordAs: { readonly callId: string; readonly startedAtMs: number };
    readonly answeredAtMs?: number | undefined;
    readonly destination?: Destination | undefined;
    readonly referredBy?: ApplicationCall['referredBy'];
  }): SipInboundCallLeg | undefined {
    const { sip, parties, dialled, recordAs, answeredAtMs, destination } = args;
    const entry = this.enter(sip, parties, dialled, { recordAs });
    if (entry === undefined) return undefined;
    const { leg } = entry;
    const ready: Promise<boolean> =
      answeredAtMs === undefined
        ? Promise.resolve(true)
        : leg.adoptAnswered(answeredAtMs).then((r) => r.ok);
    if (destination !== undefined) {
      void ready.then((isReady) => {
        if (isReady) this.run(entry, dialled, destination, args.referredBy);
      });
    }
    return leg;
  }

  /** The CallLeg for `sip`, tracked; undefined (480 sent) without applications. */
  private enter(
    sip: InboundLeg,
    parties: CallParties,
    dialled: string,
    record: { readonly did?: string | undefined; readonly recordAs?: RecordAs | undefined },
  ): ApplicationCallEntry | undefined {
    const { request } = sip;
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
    if (this.applications === undefined) {
      void leg.hangup({ reason: 'unavailable', q850: 41, sipStatus: 480 });
      return undefined;
    }
    const modes = this.ctx.dtmfModes;
    const { callerExtensionId, direction, trunkId } = parties;
    if (callerExtensionId !== undefined) {
      leg.dtmfMode = modes?.extension(callerExtensionId);
      leg.codecs = this.ctx.extensionCodecs?.(callerExtensionId);
    } else if (direction === 'inbound' && trunkId !== undefined) {
      leg.dtmfMode = modes?.trunk(trunkId);
    }
    const recordAs = record.recordAs;
    const entry = new ApplicationCallEntry(
      leg,
      parties,
      recordAs?.startedAtMs ?? this.ctx.clock.now(),
      recordAs?.callId ?? leg.id,
    );
    this.track(entry, sip.tx, record.did, recordAs !== undefined);
    return entry;
  }

  private run(
    entry: ApplicationCallEntry,
    dialled: string,
    destination: Destination,
    referredBy: ApplicationCall['referredBy'],
  ): void {
    const { leg, parties } = entry;
    const callId = entry.id;
    this.applications
      ?.run({ callId, teamId: parties.teamId, leg, dialled, destination, referredBy })
      .catch((error: unknown) => {
        this.ctx.logger.error({ err: error, callId }, 'application failed');
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
    if (request.target.kind === 'extension') {
      const { teamId, number } = request.target.extension;
      this.occupy(leg, `${teamId}/${number}`, request);
    }
    void leg.start().catch((error: unknown) => {
      this.ctx.logger.error({ err: error, legId: leg.id }, 'originate failed');
      void leg.hangup({ reason: 'failed', q850: 41 });
    });
    return ok(leg);
  }

  /** `continues`: the call record was started by the B2BUA call this leg came from. */
  private track(
    entry: ApplicationCallEntry,
    tx: InviteServerTransaction,
    did: string | undefined,
    continues: boolean,
  ): void {
    const { leg, parties } = entry;
    this.deps.calls.add(entry);
    this.lampsOf(entry);
    this.deps.trackInvite(tx, leg);
    this.watchDialogs(leg);
    const recorder = this.deps.recorder;
    if (!continues) {
      recorder?.started({
        callId: entry.id,
        teamId: parties.teamId,
        callType: parties.direction,
        callerNumber: parties.callerNumber,
        callerName: leg.remote.displayName,
        calledNumber: parties.calleeNumber,
        did: parties.direction === 'inbound' ? did : undefined,
        extensionId: parties.callerExtensionId,
        callerExtensionId: parties.callerExtensionId,
        trunkId: parties.trunkId,
        startedAtMs: entry.startedAtMs,
      });
    }
    leg.on('answered', () => {
      this.lampsOf(entry);
      recorder?.answered(entry.id, leg.answeredAtMs ?? this.ctx.clock.now(), leg.media);
    });
    leg.once('hangup', (cause: HangupCause) => {
      this.deps.calls.remove(entry);
      this.lampsOf(entry, true);
      const wasAnswered = leg.answeredAtMs !== undefined;
      const status = wasAnswered ? undefined : statusForCause(cause);
      recorder?.ended(
        entry.id,
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

  /**
   * A leg placed to an extension counts as a call of that extension while
   * it rings and talks (D81): the per-extension limit, busy lamps and
   * pbx/'s free-member checks see it.
   */
  private occupy(leg: SipOutboundCallLeg, key: string, request: OriginateRequest): void {
    const calls = this.deps.calls;
    const parent = request.parentCallId;
    const entry = {
      id: leg.id,
      key,
      callerNumber: request.caller.number,
      get isAnswered() {
        return leg.state === 'confirmed';
      },
      get callerDialog() {
        return parent === undefined ? undefined : calls.get(parent)?.callerDialog;
      },
    };
    this.deps.calls.addPlaced(entry);
    this.deps.lampChanged(key);
    leg.on('answered', () => this.deps.lampChanged(key));
    leg.once('hangup', () => {
      this.deps.calls.removePlaced(entry);
      this.deps.lampChanged(key, { id: leg.id, state: 'terminated', direction: 'recipient' });
    });
  }

  /** The caller's lamp, when the caller is an extension (the only one on the call). */
  private lampsOf(entry: ApplicationCallEntry, hasEnded = false): void {
    for (const { key, ended } of lampChanges(entry, hasEnded)) this.deps.lampChanged(key, ended);
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
