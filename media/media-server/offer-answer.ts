import { ok } from '../../core/index.ts';
import type { MediaError, MediaOfferOptions, Result } from '../../core/index.ts';
import type { CallTable } from './call-table.ts';
import type { LegMixing } from './leg-mixing.ts';
import { notFound, notRunning } from './media-server-errors.ts';
import type { RelayOffload } from './relay-offload.ts';
import type { SdpSessions } from './sdp-sessions.ts';

/** What OfferAnswer works on; MediaServer owns each of these. */
export interface OfferAnswerOptions {
  readonly calls: CallTable;
  readonly sdp: SdpSessions;
  readonly mixing: LegMixing;
  readonly offload: RelayOffload | undefined;
  /** A held leg hears music (else hold is only relayed). */
  readonly hasMusicOnHold: boolean;
  readonly isRunning: () => boolean;
  /** Closes leg `legId` of `callId` and frees its ports. */
  readonly deleteLeg: (callId: string, legId: string) => Promise<unknown>;
}

/**
 * The offer/answer half of MediaServer, on rtpengine's model: relayed
 * offers and answers between two legs (offer, update, answer) and local
 * ones where we are the far end (answerLocal, offerLocal, acceptAnswer).
 * Each takes the leg out of the native relay while its SDP changes, and
 * lets the offload look at it again afterwards.
 */
export class OfferAnswer {
  private readonly options: OfferAnswerOptions;

  constructor(options: OfferAnswerOptions) {
    this.options = options;
  }

  /** Anchors `legId`'s offer (a re-offer when `isUpdate`) for its peer leg. */
  async offer(
    callId: string,
    legId: string,
    sdp: string,
    opts: MediaOfferOptions,
    isUpdate: boolean,
  ): Promise<Result<string, MediaError>> {
    const { calls, offload } = this.options;
    if (!this.options.isRunning()) return notRunning();
    const parsed = this.options.sdp.parseOffer(sdp);
    if (!parsed.ok) return parsed;
    if (isUpdate && calls.leg({ callId, legId }) === undefined) return notFound({ callId, legId });
    const call = calls.entry(callId);
    const from = await calls.legFor(call, { callId, legId }, opts);
    if (!from.ok) return calls.dropIfEmpty(callId, call, from);
    offload?.demote(from.value);
    const peerId = opts.peerLegId ?? from.value.peer?.ref.legId ?? (legId === 'a' ? 'b' : 'a');
    const to = await calls.legFor(call, { callId, legId: peerId }, opts);
    if (!to.ok) return calls.dropIfEmpty(callId, call, to);
    return ok(this.options.sdp.offer(from.value, to.value, parsed.value, opts));
  }

  /** Completes a relayed offer with `legId`'s answer; starts or stops hold music. */
  async answer(
    callId: string,
    legId: string,
    sdp: string,
    opts: MediaOfferOptions,
  ): Promise<Result<string, MediaError>> {
    const { calls, mixing, offload } = this.options;
    if (!this.options.isRunning()) return notRunning();
    const leg = calls.leg({ callId, legId });
    if (leg === undefined) return notFound({ callId, legId });
    offload?.demote(leg);
    const r = this.options.sdp.answer(leg, sdp, opts, calls.get(callId)!.sessionId);
    if (!r.ok) return r;
    const offerer = leg.peer!;
    if (r.value.isOnHold && this.options.hasMusicOnHold) mixing.startMoh(leg);
    else mixing.stopMoh(leg);
    if (!r.value.isOnHold) mixing.stopMoh(offerer);
    offload?.reconsider(leg);
    return ok(r.value.sdp);
  }

  /** Answers `legId`'s offer ourselves; a refused first offer leaves no leg. */
  async answerLocal(
    callId: string,
    legId: string,
    sdp: string,
    opts: MediaOfferOptions,
  ): Promise<Result<string, MediaError>> {
    const { calls, offload } = this.options;
    if (!this.options.isRunning()) return notRunning();
    const parsed = this.options.sdp.parseOffer(sdp);
    if (!parsed.ok) return parsed;
    const call = calls.entry(callId);
    const isNew = !call.legs.has(legId);
    const leg = await calls.legFor(call, { callId, legId }, opts);
    if (!leg.ok) return calls.dropIfEmpty(callId, call, leg);
    offload?.demote(leg.value);
    const r = this.options.sdp.answerLocal(leg.value, parsed.value, opts, call.sessionId);
    // A refused first offer leaves no ports behind (the caller gets 488).
    if (!r.ok && isNew) await this.options.deleteLeg(callId, legId);
    else offload?.reconsider(leg.value);
    return r;
  }

  /** Our own offer to `legId`, for a call we place. */
  async offerLocal(
    callId: string,
    legId: string,
    opts: MediaOfferOptions,
  ): Promise<Result<string, MediaError>> {
    const { calls } = this.options;
    if (!this.options.isRunning()) return notRunning();
    const call = calls.entry(callId);
    const leg = await calls.legFor(call, { callId, legId }, opts);
    if (!leg.ok) return calls.dropIfEmpty(callId, call, leg);
    this.options.offload?.demote(leg.value);
    return ok(this.options.sdp.offerLocal(leg.value, call.sessionId, opts));
  }

  /** Takes `legId`'s answer to our offerLocal(). */
  async acceptAnswer(
    callId: string,
    legId: string,
    sdp: string,
    opts: MediaOfferOptions,
  ): Promise<Result<void, MediaError>> {
    const { offload } = this.options;
    if (!this.options.isRunning()) return notRunning();
    const leg = this.options.calls.leg({ callId, legId });
    if (leg === undefined) return notFound({ callId, legId });
    offload?.demote(leg);
    const r = this.options.sdp.acceptAnswer(leg, sdp, opts);
    offload?.reconsider(leg);
    return r;
  }
}
