import { describe, expect, test } from 'vitest';
import { parseSdp } from './parse-sdp.ts';
import { serializeSdp } from './serialize-sdp.ts';
import type { SessionDescription } from './session-description.ts';
import { withTelephoneEventOf, withoutTelephoneEvents } from './telephone-event.ts';

function sdp(...media: string[]): SessionDescription {
  const text = [
    'v=0',
    'o=a 1 1 IN IP4 192.0.2.10',
    's=-',
    'c=IN IP4 192.0.2.10',
    't=0 0',
    ...media,
  ];
  const r = parseSdp(text.join('\r\n') + '\r\n');
  if (!r.ok) throw new Error(r.error.detail);
  return r.value;
}

const OFFER = sdp(
  'm=audio 4000 RTP/AVP 0 8 101',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-16',
  'a=sendrecv',
);

describe('telephone-event in and out of a media line (D88)', () => {
  test('withoutTelephoneEvents() drops the format and its rtpmap and fmtp, and nothing else', () => {
    const text = serializeSdp(withoutTelephoneEvents(OFFER, 0));
    expect(text).toContain('m=audio 4000 RTP/AVP 0 8\r\n');
    expect(text).not.toContain('telephone-event');
    expect(text).not.toContain('a=fmtp:101');
    expect(text).toContain('a=rtpmap:0 PCMU/8000');
    expect(text).toContain('a=sendrecv');
  });

  test('withoutTelephoneEvents() keeps a line that offers nothing else (it would be invalid)', () => {
    const only = sdp('m=audio 4000 RTP/AVP 101', 'a=rtpmap:101 telephone-event/8000');
    expect(withoutTelephoneEvents(only, 0)).toBe(only);
    expect(withoutTelephoneEvents(only, 3)).toBe(only);
  });

  test("withTelephoneEventOf() adds the offer's telephone-event to an answer without one", () => {
    const answer = sdp('m=audio 5000 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000');
    const text = serializeSdp(withTelephoneEventOf(answer, OFFER, 0));
    expect(text).toContain('m=audio 5000 RTP/AVP 0 101\r\n');
    expect(text).toContain('a=rtpmap:101 telephone-event/8000');
    expect(text).toContain('a=fmtp:101 0-16');
  });

  test('withTelephoneEventOf() leaves an answer that has one, or an offer without one, alone', () => {
    const withEvents = sdp(
      'm=audio 5000 RTP/AVP 0 96',
      'a=rtpmap:0 PCMU/8000',
      'a=rtpmap:96 telephone-event/8000',
    );
    expect(withTelephoneEventOf(withEvents, OFFER, 0)).toBe(withEvents);
    const plain = sdp('m=audio 5000 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000');
    expect(withTelephoneEventOf(plain, withoutTelephoneEvents(OFFER, 0), 0)).toBe(plain);
  });
});
