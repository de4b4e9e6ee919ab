import { err, ok, type Result, type TimerHandle } from '../../core/index.ts';
import type {
  CallLegError,
  HangupCause,
  MediaOfferOptions,
  OriginateRequest,
} from '../../core/index.ts';
import { quote, type SipResponse } from '../message/index.ts';
import type { ContactTarget } from '../registrar/index.ts';
import { contactFor, type B2buaContext } from './b2bua-context.ts';
import { bestStatus } from './final-status.ts';
import { NORMAL_CLEARING, causeForStatus } from './hangup-causes.ts';
import { COMPLETED_ELSEWHERE, OutboundLeg } from './outbound-leg.ts';
import { SipCallLeg } from './sip-call-leg.ts';
import type { SipDialogLeg } from './sip-dialog-leg.ts';
import { TrunkDialer, type TrunkDialerDeps } from './trunk-dialer.ts';

/** What an originated leg needs besides the context. */
export interface OriginateDeps extends TrunkDialerDeps {
  /** The team's SIP domain, for From and To towards its extensions. */
  domainOf(teamId: number): string | undefined;
  lookup(teamId: number, number: string): readonly ContactTarget[];
}

/**
 * GRP-8: the two auto-answer requests phones honour. `Call-Info` with
 * `answer-after=0` is BroadSoft's (Yealink, Polycom, Snom, SIP.js);
 * `Alert-Info` with `info=alert-autoanswer` is Snom's and Unify's. baresip
 * answers either when the account has `sip_autoanswer=yes` (its
 * `sip_autoanswer_method` lists call-info and alert-info). RFC 5373's
 * Answer-Mode is left out: phones that read it also read these two.
 */
export function autoAnswerHeaders(domain: string): ReadonlyArray<[string, string]> {
  return [
    ['Call-Info', `<sip:${domain}>;answer-after=0`],
    ['Alert-Info', '<http://localhost>;info=alert-autoanswer'],
  ];
}

/**
 * A leg the switch places for a pbx/ application (CallOriginator): our
 * media plane's offer goes to every contact of an extension at once
 * (parallel forking, the first 2xx wins, RFC 3261 §13.2.2.4) or to trunks
 * one after another (TrunkDialer). It rings until answered, refused, the
 * ring timeout, or hangup(), which CANCELs (§9.1).
 */
export class SipOutboundCallLeg extends SipCallLeg {
  private readonly forks: OutboundLeg[] = [];
  private readonly statuses: number[] = [];
  private dialer: TrunkDialer | undefined;
  private winner: OutboundLeg | undefined;
  private ringTimer: TimerHandle | undefined;
  private hasRung = false;

  constructor(
    ctx: B2buaContext,
    private readonly deps: OriginateDeps,
    private readonly request: OriginateRequest,
  ) {
    const target = request.target;
    const number =
      target.kind === 'extension' ? target.extension.number : (target.trunks[0]?.number ?? '');
    super(ctx, 'outbound', { uri: `sip:${number}`, number }, request.caller);
  }

  protected get sipLeg(): SipDialogLeg | undefined {
    return this.winner;
  }

  /**
   * A trunk leg's DTMF mode once its trunk answered (D88): the trunk
   * dialer offered it no telephone-event when it takes keys otherwise.
   */
  private trunkDtmfOpts(): MediaOfferOptions {
    const trunkId = this.trunkId;
    if (trunkId !== undefined) this.dtmfMode = this.ctx.dtmfModes?.trunk(trunkId);
    return this.dtmfOpts();
  }

  /** The trunk carrying the leg, for trunk targets. */
  get trunkId(): number | undefined {
    return this.dialer?.trunkId;
  }

  /** Sends the INVITEs; failures end the leg with a cause, never throw. */
  async start(): Promise<void> {
    const media = this.ctx.media;
    if (media === undefined) return this.fail(503);
    const t = this.request.target;
    const contacts =
      t.kind === 'trunks' ? [] : this.deps.lookup(t.extension.teamId, t.extension.number);
    const extensionId = contacts[0]?.binding.extensionId;
    if (extensionId !== undefined) {
      this.dtmfMode = this.ctx.dtmfModes?.extension(extensionId);
      this.codecs = this.ctx.extensionCodecs?.(extensionId);
    }
    const offer = await media.offerLocal(this.media.callId, this.media.legId, this.dtmfOpts());
    if (this.isOver) return;
    if (!offer.ok) return this.fail(503);
    const narrowed = this.narrow(offer.value);
    if (narrowed === undefined) return this.fail(488);
    const body = Buffer.from(narrowed, 'utf8');
    this.ringTimer = this.ctx.clock.setTimeout(() => this.giveUp(), this.request.ringTimeoutMs);
    if (t.kind === 'trunks') return this.startTrunks(body);
    const domain = this.deps.domainOf(this.request.teamId);
    if (domain === undefined || contacts.length === 0) return this.fail(480);
    // A contact registered over WebSocket is a browser (RFC 7118): its
    // fork gets a WebRTC offer for the same leg (D35).
    const isBrowser = (c: ContactTarget) => c.protocol === 'ws' || c.protocol === 'wss';
    const web = contacts.some(isBrowser)
      ? await media.offerLocal(this.media.callId, this.media.legId, { isWebRtc: true })
      : undefined;
    if (this.isOver) return;
    const webBody = web?.ok === true ? Buffer.from(web.value, 'utf8') : undefined;
    const { number, displayName } = this.request.caller;
    const from = `${displayName ? `${quote(displayName)} ` : ''}<sip:${number}@${domain}>`;
    const headers = this.request.autoAnswer === true ? autoAnswerHeaders(domain) : undefined;
    for (const target of contacts) {
      const via = this.ctx.viaSource(target.protocol);
      const legBody = isBrowser(target) ? webBody : body;
      if (via === undefined || legBody === undefined) continue;
      const leg = new OutboundLeg(this.ctx, target, via, contactFor(via, number), {
        requestUri: target.binding.contactUri,
        from,
        to: `<sip:${t.extension.number}@${domain}>`,
        maxForwards: 70,
        body: legBody,
        contentType: 'application/sdp',
        headers,
      });
      leg.on('provisional', (r) => this.onProvisional(r));
      leg.on('final', (r) => void this.onFinal(leg, r));
      leg.on('failed', (status) => this.onForkDone(status));
      this.forks.push(leg);
      leg.start();
    }
    if (this.forks.length === 0) this.fail(480);
  }

  ring(): Promise<Result<void, CallLegError>> {
    return Promise.resolve(err({ code: 'ERR_CALL_LEG_INVALID_STATE', detail: 'outbound leg' }));
  }

  answer(): Promise<Result<void, CallLegError>> {
    return Promise.resolve(err({ code: 'ERR_CALL_LEG_INVALID_STATE', detail: 'outbound leg' }));
  }

  hangup(cause: HangupCause = NORMAL_CLEARING): Promise<Result<void, CallLegError>> {
    if (this.isOver) return Promise.resolve(ok(undefined));
    this.endedBy = 'local';
    // Q.850 26: another member took the call (RFC 3326 §2).
    this.endAttempts(cause.q850 === 26 ? COMPLETED_ELSEWHERE : undefined);
    void this.winner?.bye();
    this.terminate(this.state === 'confirmed' ? cause : { ...cause, reason: 'cancelled' });
    return Promise.resolve(ok(undefined));
  }

  private startTrunks(body: Buffer): void {
    if (this.request.target.kind !== 'trunks') return;
    const dialer = new TrunkDialer(this.ctx, this.deps, this.request.target.trunks, {
      body,
      contentType: 'application/sdp',
      maxForwards: 70,
    });
    this.dialer = dialer;
    dialer.on('provisional', (r) => this.onProvisional(r));
    dialer.on('answered', (leg, r) => void this.onFinal(leg, r));
    dialer.on('failed', (status) => this.fail(status));
    dialer.start();
  }

  private onProvisional(r: SipResponse): void {
    if (this.state !== 'new' && this.state !== 'early') return;
    this.hasRung = true;
    const isFirst = this.state === 'new';
    this.setState('early');
    if (isFirst || r.status === 183) this.safeEmit('ringing', { hasEarlyMedia: r.status === 183 });
  }

  private async onFinal(leg: OutboundLeg, r: SipResponse): Promise<void> {
    if (r.status >= 300) return this.onForkDone(r.status);
    if (this.winner !== undefined || this.isOver) {
      // §13.2.2.4: a 2xx we no longer want is ACKed, then ended with BYE.
      void leg.bye();
      return;
    }
    this.winner = leg;
    this.clearRingTimer();
    for (const f of this.forks) if (f !== leg) void f.hangup(COMPLETED_ELSEWHERE);
    this.safeEmit('dialog', leg);
    const media = this.ctx.media;
    const accepted =
      media === undefined
        ? undefined
        : await media.acceptAnswer(
            this.media.callId,
            this.media.legId,
            r.body.toString('utf8'),
            this.trunkDtmfOpts(),
          );
    if (this.isOver) return;
    if (accepted === undefined || !accepted.ok) {
      void leg.bye();
      this.endedBy = 'local';
      return this.terminate({ reason: 'failed', q850: 88, sipStatus: 488 });
    }
    this.confirm();
  }

  private onForkDone(status: number): void {
    this.statuses.push(status === 408 && this.hasRung ? 480 : status);
    if (this.winner !== undefined || this.isOver) return;
    if (!this.forks.every((f) => f.isFinal)) return;
    this.fail(bestStatus(this.statuses));
  }

  /** No answer within ringTimeoutMs: cancel, cause no-answer (Q.850 19). */
  private giveUp(): void {
    if (this.winner !== undefined || this.isOver) return;
    this.endAttempts();
    this.endedBy = 'local';
    this.terminate({ reason: 'no-answer', q850: 19, sipStatus: 480 });
  }

  private fail(status: number): void {
    if (this.isOver) return;
    this.endAttempts();
    this.endedBy = 'remote';
    this.terminate(causeForStatus(status));
  }

  private endAttempts(cancelReason?: string): void {
    this.clearRingTimer();
    for (const f of this.forks) if (f !== this.winner) void f.hangup(cancelReason);
    this.dialer?.close();
  }

  private clearRingTimer(): void {
    if (this.ringTimer !== undefined) this.ctx.clock.clearTimeout(this.ringTimer);
    this.ringTimer = undefined;
  }
}
