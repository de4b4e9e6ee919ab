import { err, ok } from '../../core/index.ts';
import type { Result } from '../../core/index.ts';
import {
  findAttribute,
  getCodecs,
  getConnection,
  getPtimeMs,
  getRtcp,
  isRtcpMux,
} from './attributes.ts';
import type { MediaDirection, SdpCodec } from './attributes.ts';
import type { NegotiationError } from './capabilities.ts';
import {
  isReceivingDirection,
  isSameCodec,
  isSendingDirection,
  isTelephoneEvent,
  telephoneEventsOf,
} from './codec-match.ts';
import { effectiveDirection } from './hold.ts';
import { isUnspecifiedAddress } from './address.ts';
import type { SdpMediaDescription, SessionDescription } from './session-description.ts';

/** Where one side of a stream receives RTP, and what it asked for. */
export interface NegotiatedEndpoint {
  /** Undefined for 0.0.0.0: a hold, or ICE still to pick the address. */
  readonly address: string | undefined;
  readonly port: number;
  /** The `a=rtcp` port, else port + 1 (or port itself with rtcp-mux). */
  readonly rtcpPort: number;
  readonly direction: MediaDirection;
  /** The `a=ptime` this side wants to receive, if given. */
  readonly ptimeMs?: number;
}

/** The telephone-event format agreed for a stream (RFC 4733 §7). */
export interface NegotiatedTelephoneEvent {
  readonly payloadType: number;
  readonly clockRateHz: number;
  readonly events: string;
}

/** The outcome of offer/answer for one `m=` line. */
export interface NegotiatedMedia {
  readonly index: number;
  readonly type: string;
  readonly mid?: string;
  /** Port 0 in the offer or the answer (RFC 3264 §6). */
  readonly isRejected: boolean;
  /** The answer's codecs that were offered, answer order; the first is the one to send. */
  readonly codecs: readonly SdpCodec[];
  readonly telephoneEvent?: NegotiatedTelephoneEvent;
  readonly isRtcpMux: boolean;
  readonly offerer: NegotiatedEndpoint;
  readonly answerer: NegotiatedEndpoint;
  readonly isOffererSending: boolean;
  readonly isAnswererSending: boolean;
  /**
   * The offer holds the stream: sendonly, inactive, or c=0.0.0.0
   * (RFC 3264 §8.4). Holding is always done by the side that offers.
   */
  readonly isOnHold: boolean;
}

/**
 * Combines an offer with its answer into what each stream will carry. Used by
 * the offerer on receiving the answer and by the answerer after createAnswer.
 * RFC 3264 §6: the answer MUST have exactly as many `m=` lines as the offer,
 * of the same media types; anything else is ERR_SDP_ANSWER_MISMATCH. An
 * accepted stream whose answer names no offered codec is
 * ERR_SDP_NO_COMMON_CODEC.
 */
export function negotiate(
  offer: SessionDescription,
  answer: SessionDescription,
): Result<NegotiatedMedia[], NegotiationError> {
  if (offer.media.length !== answer.media.length) {
    const detail = `offer has ${offer.media.length} m= lines, answer ${answer.media.length}`;
    return err({ code: 'ERR_SDP_ANSWER_MISMATCH', detail });
  }
  const result: NegotiatedMedia[] = [];
  for (let index = 0; index < offer.media.length; index++) {
    const o = offer.media[index] as SdpMediaDescription;
    const a = answer.media[index] as SdpMediaDescription;
    if (o.type !== a.type) {
      const detail = `m= line ${index} is ${o.type} in the offer and ${a.type} in the answer`;
      return err({ code: 'ERR_SDP_ANSWER_MISMATCH', detail, mediaIndex: index });
    }
    const isRejected = o.port === 0 || a.port === 0;
    const offeredCodecs = getCodecs(o);
    const answered = getCodecs(a).filter((c) => offeredCodecs.some((oc) => isSameCodec(oc, c)));
    const codecs = answered.filter((c) => !isTelephoneEvent(c));
    if (!isRejected && codecs.length === 0) {
      return err({
        code: 'ERR_SDP_NO_COMMON_CODEC',
        detail: `m= line ${index} has no offered codec`,
        mediaIndex: index,
      });
    }
    const te = answered.find(isTelephoneEvent);
    const isMux = isRtcpMux(o) && isRtcpMux(a);
    const offerer = endpoint(offer, o, effectiveDirection(offer, o), isMux);
    const answerer = endpoint(answer, a, effectiveDirection(answer, a), isMux);
    const isOffererSending =
      !isRejected &&
      isSendingDirection(offerer.direction) &&
      isReceivingDirection(answerer.direction);
    const isAnswererSending =
      !isRejected &&
      isSendingDirection(answerer.direction) &&
      isReceivingDirection(offerer.direction);
    const mid = findAttribute(a.attributes, 'mid') ?? findAttribute(o.attributes, 'mid');
    result.push({
      index,
      type: o.type,
      ...(mid === undefined ? {} : { mid }),
      isRejected,
      codecs: isRejected ? [] : codecs,
      ...(te === undefined || isRejected
        ? {}
        : {
            telephoneEvent: {
              payloadType: te.payloadType,
              clockRateHz: te.clockRateHz,
              events: telephoneEventsOf(te.fmtp),
            },
          }),
      isRtcpMux: isMux,
      offerer,
      answerer,
      isOffererSending,
      isAnswererSending,
      isOnHold: !isRejected && !isReceivingDirection(offerer.direction),
    });
  }
  return ok(result);
}

function endpoint(
  session: SessionDescription,
  m: SdpMediaDescription,
  direction: MediaDirection,
  isMux: boolean,
): NegotiatedEndpoint {
  const connection = getConnection(m, session);
  const address =
    connection === undefined || isUnspecifiedAddress(connection.address)
      ? undefined
      : connection.address;
  const rtcpPort = getRtcp(m)?.port ?? (isMux ? m.port : m.port + 1);
  const ptimeMs = getPtimeMs(m);
  const base = { address, port: m.port, rtcpPort, direction };
  return ptimeMs === undefined ? base : { ...base, ptimeMs };
}
