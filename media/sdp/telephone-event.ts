import { formatRtpmap, getCodecs } from './attributes.ts';
import { isTelephoneEvent } from './codec-match.ts';
import type { SdpMediaDescription, SessionDescription } from './session-description.ts';

/*
 * telephone-event (RFC 4733 §7.1.1) taken out of, or put back into, one
 * media line: how a leg that takes its keys in-band or in SIP INFO is
 * kept off RFC 4733 while the other party keeps it (Asterisk's
 * `dtmfmode=inband|info`).
 */

/** The payload type named at the start of an rtpmap or fmtp value. */
function payloadTypeOf(value: string | undefined): string {
  return (value ?? '').split(' ')[0] ?? '';
}

function mapLine(
  sd: SessionDescription,
  index: number,
  change: (m: SdpMediaDescription) => SdpMediaDescription,
): SessionDescription {
  return { ...sd, media: sd.media.map((m, i) => (i === index ? change(m) : m)) };
}

/**
 * `sd` without telephone-event on media line `index`: its formats and
 * their rtpmap and fmtp lines go. A line offering nothing else is kept
 * as it is, since a line without formats is not valid SDP (RFC 4566 §5.14).
 */
export function withoutTelephoneEvents(sd: SessionDescription, index: number): SessionDescription {
  const line = sd.media[index];
  if (line === undefined) return sd;
  const events = new Set(
    getCodecs(line)
      .filter(isTelephoneEvent)
      .map((c) => String(c.payloadType)),
  );
  if (events.size === 0 || line.formats.every((f) => events.has(f))) return sd;
  return mapLine(sd, index, (m) => ({
    ...m,
    formats: m.formats.filter((f) => !events.has(f)),
    attributes: m.attributes.filter(
      (a) => (a.name !== 'rtpmap' && a.name !== 'fmtp') || !events.has(payloadTypeOf(a.value)),
    ),
  }));
}

/**
 * `answer` with the telephone-event of `offer`'s line `index` added to
 * its line `index` when the answer has none: the one at the clock rate of
 * the answer's first codec, else at 8000 Hz. Unchanged when the offer has
 * no such format or its payload type is taken in the answer.
 */
export function withTelephoneEventOf(
  answer: SessionDescription,
  offer: SessionDescription,
  index: number,
): SessionDescription {
  const answerLine = answer.media[index];
  const offerLine = offer.media[index];
  if (answerLine === undefined || offerLine === undefined || answerLine.port === 0) return answer;
  const answered = getCodecs(answerLine);
  if (answered.some(isTelephoneEvent)) return answer;
  const rate = answered[0]?.clockRateHz ?? 8000;
  const offered = getCodecs(offerLine).filter(isTelephoneEvent);
  const event =
    offered.find((c) => c.clockRateHz === rate) ?? offered.find((c) => c.clockRateHz === 8000);
  if (event === undefined || answerLine.formats.includes(String(event.payloadType))) return answer;
  const rtpmap = {
    name: 'rtpmap',
    value: formatRtpmap({
      payloadType: event.payloadType,
      encodingName: event.encodingName,
      clockRateHz: event.clockRateHz,
    }),
  };
  const fmtp =
    event.fmtp === undefined ? [] : [{ name: 'fmtp', value: `${event.payloadType} ${event.fmtp}` }];
  return mapLine(answer, index, (m) => ({
    ...m,
    formats: [...m.formats, String(event.payloadType)],
    attributes: [...m.attributes, rtpmap, ...fmtp],
  }));
}
