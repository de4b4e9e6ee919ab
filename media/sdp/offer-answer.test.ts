import { writeSdpFixture, loadSdpFixture } from '../../test/fixtures/sdp/load-fixture.ts';
import { describe, expect, test } from 'vitest';
import { getCodecs, getDirection } from './attributes.ts';
import type { LocalCapabilities } from './capabilities.ts';
import { createAnswer } from './create-answer.ts';
import { createOffer } from './create-offer.ts';
import { negotiate } from './negotiate.ts';
import { parseSdp } from './parse-sdp.ts';
import { serializeSdp } from './serialize-sdp.ts';
import type { SessionDescription } from './session-description.ts';

const LOCAL: LocalCapabilities = {
  origin: { username: 'switchyard', sessionId: '1700000000' },
  address: '198.51.100.7',
  ports: [40000, 40002, 40004],
  codecs: [
    { encodingName: 'PCMA', clockRateHz: 8000 },
    { encodingName: 'PCMU', clockRateHz: 8000 },
    { encodingName: 'opus', clockRateHz: 48000, channels: 2 },
  ],
  telephoneEvents: '0-16',
  isRtcpMuxSupported: true,
};

function sdp(text: string): SessionDescription {
  const r = parseSdp(text);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.detail}`);
  return r.value;
}
const lines = (...l: string[]): string => l.join('\r\n') + '\r\n';
const offerWith = (...media: string[]): SessionDescription =>
  sdp(lines('v=0', 'o=a 1 1 IN IP4 192.0.2.10', 's=-', 'c=IN IP4 192.0.2.10', 't=0 0', ...media));

describe('createAnswer() golden pairs (test/fixtures/sdp/*.offer.sdp → *.answer.sdp)', () => {
  test.each(['oa-basic', 'oa-hold-sendonly', 'oa-old-hold', 'oa-video-rejected'])('%s', (name) => {
    const offer = sdp(loadSdpFixture(`${name}.offer.sdp`));
    const answer = createAnswer(offer, LOCAL);
    if (!answer.ok) throw new Error(answer.error.detail);
    const text = serializeSdp(answer.value);
    if (process.env['UPDATE_GOLDEN'] === '1') writeSdpFixture(`${name}.answer.sdp`, text);
    expect(text).toBe(loadSdpFixture(`${name}.answer.sdp`));
  });
});

describe('createAnswer()', () => {
  test('createAnswer() when the offer uses dynamic payload types → the answer keeps the offerer numbers (RFC 3264 §6.1)', () => {
    const offer = offerWith(
      'm=audio 5000 RTP/AVP 118 119',
      'a=rtpmap:118 opus/48000/2',
      'a=rtpmap:119 telephone-event/48000',
    );
    const r = createAnswer(offer, LOCAL);
    if (!r.ok) throw new Error(r.error.detail);
    expect(r.value.media[0]?.formats).toEqual(['118', '119']);
  });

  test('createAnswer() when no offered codec is ours → ERR_SDP_NO_COMMON_CODEC', () => {
    const offer = offerWith('m=audio 5000 RTP/AVP 18 101', 'a=rtpmap:101 telephone-event/8000');
    const r = createAnswer(offer, LOCAL);
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'ERR_SDP_NO_COMMON_CODEC', mediaIndex: 0 },
    });
  });

  test('createAnswer() when only comfort noise matches → ERR_SDP_NO_COMMON_CODEC', () => {
    const offer = offerWith('m=audio 5000 RTP/AVP 18 13');
    const local = {
      ...LOCAL,
      codecs: [...LOCAL.codecs, { encodingName: 'CN', clockRateHz: 8000 }],
    };
    expect(createAnswer(offer, local)).toMatchObject({
      ok: false,
      error: { code: 'ERR_SDP_NO_COMMON_CODEC' },
    });
  });

  test('createAnswer() when the protocol is not ours → ERR_SDP_NO_ACCEPTABLE_MEDIA', () => {
    const offer = offerWith('m=audio 5000 RTP/SAVP 0');
    expect(createAnswer(offer, LOCAL)).toMatchObject({
      ok: false,
      error: { code: 'ERR_SDP_NO_ACCEPTABLE_MEDIA' },
    });
  });

  test.each([
    ['sendrecv', 'sendrecv', 'sendrecv'],
    ['sendonly', 'sendrecv', 'recvonly'],
    ['recvonly', 'sendrecv', 'sendonly'],
    ['inactive', 'sendrecv', 'inactive'],
    ['sendrecv', 'sendonly', 'sendonly'],
    ['sendonly', 'sendonly', 'inactive'],
  ] as const)('createAnswer() when offered %s and we want %s → %s', (offered, wanted, expected) => {
    const offer = offerWith('m=audio 5000 RTP/AVP 0', `a=${offered}`);
    const r = createAnswer(offer, { ...LOCAL, direction: wanted });
    if (!r.ok) throw new Error(r.error.detail);
    expect(getDirection(r.value.media[0]!, r.value)).toBe(expected);
  });

  test('createAnswer() when telephone-event ranges differ → the answer carries the intersection', () => {
    const offer = offerWith(
      'm=audio 5000 RTP/AVP 0 101',
      'a=rtpmap:101 telephone-event/8000',
      'a=fmtp:101 0-11,16,70',
    );
    const r = createAnswer(offer, { ...LOCAL, telephoneEvents: '0-15' });
    if (!r.ok) throw new Error(r.error.detail);
    expect(getCodecs(r.value.media[0]!).find((c) => c.payloadType === 101)?.fmtp).toBe('0-11');
  });

  test('createAnswer() when preferring local order with maxCodecs 1 → only our favourite', () => {
    const offer = offerWith('m=audio 5000 RTP/AVP 0 8');
    const r = createAnswer(offer, { ...LOCAL, isLocalOrderPreferred: true, maxCodecs: 1 });
    if (!r.ok) throw new Error(r.error.detail);
    expect(r.value.media[0]?.formats).toEqual(['8']);
  });

  test('createAnswer() when rtcp-mux is not offered → the answer does not add it (RFC 5761 §5.1.1)', () => {
    const r = createAnswer(offerWith('m=audio 5000 RTP/AVP 0'), LOCAL);
    if (!r.ok) throw new Error(r.error.detail);
    expect(r.value.media[0]?.attributes.some((a) => a.name === 'rtcp-mux')).toBe(false);
  });

  test('createAnswer() when re-answering → o= version increments only if the answer changed (RFC 3264 §8)', () => {
    const offer = offerWith('m=audio 5000 RTP/AVP 0');
    const first = createAnswer(offer, LOCAL);
    if (!first.ok) throw new Error('first');
    const same = createAnswer(offer, LOCAL, first.value);
    const held = createAnswer(offer, { ...LOCAL, direction: 'sendonly' }, first.value);
    if (!same.ok || !held.ok) throw new Error('again');
    expect(same.value.origin.sessionVersion).toBe(first.value.origin.sessionVersion);
    expect(held.value.origin.sessionVersion).toBe(first.value.origin.sessionVersion + 1n);
  });
});

describe('createOffer() and negotiate()', () => {
  test('negotiate() when our offer meets a hold answer → addresses, codecs, hold and directions', () => {
    const offer = createOffer({ ...LOCAL, ptimeMs: 20 });
    const offerText = serializeSdp(offer);
    expect(offerText).toContain('m=audio 40000 RTP/AVP 8 0 96 101 97\r\n');
    expect(offerText).toContain('a=rtpmap:96 opus/48000/2\r\n');
    const answer = sdp(
      lines(
        'v=0',
        'o=b 5 5 IN IP4 192.0.2.20',
        's=-',
        'c=IN IP4 192.0.2.20',
        't=0 0',
        'm=audio 6000 RTP/AVP 0 101',
        'a=rtpmap:101 telephone-event/8000',
        'a=fmtp:101 0-15',
        'a=rtcp-mux',
        'a=recvonly',
      ),
    );
    const r = negotiate(offer, answer);
    if (!r.ok) throw new Error(r.error.detail);
    const m = r.value[0];
    expect(m).toMatchObject({
      isRejected: false,
      isRtcpMux: true,
      isOffererSending: true,
      isAnswererSending: false,
      isOnHold: false,
      telephoneEvent: { payloadType: 101, clockRateHz: 8000, events: '0-15' },
      offerer: { address: '198.51.100.7', port: 40000, rtcpPort: 40000, ptimeMs: 20 },
      answerer: { address: '192.0.2.20', port: 6000, rtcpPort: 6000, direction: 'recvonly' },
    });
    expect(m?.codecs.map((c) => c.encodingName)).toEqual(['PCMU']);
  });

  test('negotiate() when the offer is an old-style hold → isOnHold and no offerer address', () => {
    const offer = sdp(loadSdpFixture('oa-old-hold.offer.sdp'));
    const answer = createAnswer(offer, LOCAL);
    if (!answer.ok) throw new Error('answer');
    const r = negotiate(offer, answer.value);
    if (!r.ok) throw new Error(r.error.detail);
    expect(r.value[0]).toMatchObject({
      isOnHold: true,
      isAnswererSending: false,
      isOffererSending: true,
    });
    expect(r.value[0]?.offerer.address).toBeUndefined();
  });

  test('negotiate() when the answer has fewer m= lines → ERR_SDP_ANSWER_MISMATCH (RFC 3264 §6)', () => {
    const offer = offerWith('m=audio 5000 RTP/AVP 0', 'm=video 5002 RTP/AVP 31');
    const answer = offerWith('m=audio 6000 RTP/AVP 0');
    expect(negotiate(offer, answer)).toMatchObject({
      ok: false,
      error: { code: 'ERR_SDP_ANSWER_MISMATCH' },
    });
  });

  test('negotiate() when the answer names a codec that was not offered → ERR_SDP_NO_COMMON_CODEC', () => {
    const offer = offerWith('m=audio 5000 RTP/AVP 0');
    const answer = offerWith('m=audio 6000 RTP/AVP 8');
    expect(negotiate(offer, answer)).toMatchObject({
      ok: false,
      error: { code: 'ERR_SDP_NO_COMMON_CODEC' },
    });
  });

  test('negotiate() when a stream is rejected → isRejected with no codecs', () => {
    const offer = offerWith('m=audio 5000 RTP/AVP 0', 'm=video 5002 RTP/AVP 31');
    const answer = offerWith('m=audio 6000 RTP/AVP 0', 'm=video 0 RTP/AVP 31');
    const r = negotiate(offer, answer);
    if (!r.ok) throw new Error(r.error.detail);
    expect(r.value.map((m) => m.isRejected)).toEqual([false, true]);
    expect(r.value[1]?.codecs).toEqual([]);
  });
});

describe('createAnswer() with ICE', () => {
  test('createAnswer() when a WebRTC offer has c=0.0.0.0 with ICE → not taken as an old-style hold', () => {
    const offer = sdp(loadSdpFixture('webrtc.in.sdp'));
    const local = { ...LOCAL, protocols: ['UDP/TLS/RTP/SAVPF'] };
    const r = createAnswer(offer, local);
    if (!r.ok) throw new Error(r.error.detail);
    const m = r.value.media[0]!;
    expect(getDirection(m, r.value)).toBe('sendrecv');
    expect(m.formats).toEqual(['111', '0', '8', '110']);
    expect(m.attributes).toContainEqual({ name: 'mid', value: '0' });
    expect(m.attributes).toContainEqual({ name: 'rtcp-mux' });
  });
});
