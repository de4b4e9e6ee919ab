import { describe, expect, it } from 'vitest';
import { parseSdp } from '../sdp/index.ts';
import type { SdpCodec } from '../sdp/index.ts';
import {
  gatewayCodecs,
  isWebRtcSdp,
  keepCandidatesOn,
  plainSdp,
  summarizeAudio,
} from './webrtc-sdp.ts';

/** A Chromium offer as JsSIP sends it, trimmed (RFC 5737 addresses). */
const CHROMIUM_OFFER = [
  'v=0',
  'o=- 8870437457583473901 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0',
  'a=msid-semantic: WMS 9bf7d66c',
  'm=audio 33332 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126',
  'c=IN IP4 192.0.2.2',
  'a=rtcp:9 IN IP4 0.0.0.0',
  'a=candidate:352359678 1 udp 2122194687 192.0.2.2 33332 typ host generation 0',
  'a=candidate:4053821034 1 udp 2122063615 198.51.100.7 52730 typ host generation 0',
  'a=ice-ufrag:bFIv',
  'a=ice-pwd:DJGPPmg8I97SBQFl9zgLQU5a',
  'a=fingerprint:sha-256 27:0E:1D:1F:95:7F:A6:76:84:A4:36:2C:36:D1:70:3F:3F:2B:0D:26:8A:A7:AF',
  'a=setup:actpass',
  'a=mid:0',
  'a=sendrecv',
  'a=rtcp-mux',
  'a=rtpmap:111 opus/48000/2',
  'a=fmtp:111 minptime=10;useinbandfec=1',
  'a=rtpmap:63 red/48000/2',
  'a=fmtp:63 111/111',
  'a=rtpmap:9 G722/8000',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:13 CN/8000',
  'a=rtpmap:110 telephone-event/48000',
  'a=rtpmap:126 telephone-event/8000',
  '',
].join('\r\n');

const PHONE_OFFER = [
  'v=0',
  'o=phone 1 1 IN IP4 192.0.2.20',
  's=-',
  'c=IN IP4 192.0.2.20',
  't=0 0',
  'm=audio 4000 RTP/AVP 0 101',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:101 telephone-event/8000',
  '',
].join('\r\n');

const codec = (payloadType: number, encodingName: string, clockRateHz = 8000): SdpCodec => ({
  payloadType,
  encodingName,
  clockRateHz,
  channels: 1,
});

describe('isWebRtcSdp()', () => {
  it.each([
    ['a Chromium offer (UDP/TLS/RTP/SAVPF with a fingerprint)', CHROMIUM_OFFER, true],
    ['a phone offer (RTP/AVP)', PHONE_OFFER, false],
    [
      'SAVPF without a fingerprint (RFC 8827 §6.5 makes it mandatory)',
      CHROMIUM_OFFER.replace(/a=fingerprint:[^\r]*\r\n/, ''),
      false,
    ],
    [
      'a session-level fingerprint with UDP/TLS/RTP/SAVP',
      CHROMIUM_OFFER.replace('t=0 0\r\n', 't=0 0\r\na=fingerprint:sha-256 AA:BB\r\n')
        .replace(/a=fingerprint:sha-256 27[^\r]*\r\n/, '')
        .replace('UDP/TLS/RTP/SAVPF', 'UDP/TLS/RTP/SAVP'),
      true,
    ],
    [
      'a rejected WebRTC audio line (port 0)',
      CHROMIUM_OFFER.replace('m=audio 33332', 'm=audio 0'),
      false,
    ],
    ['garbage', 'not sdp at all', false],
    ['an empty body', '', false],
  ])('isWebRtcSdp() when %s → %s', (_, sdp, expected) => {
    expect(isWebRtcSdp(sdp)).toBe(expected);
  });
});

describe('summarizeAudio()', () => {
  it('summarizeAudio() when a Chromium offer → its address, port, codecs and direction', () => {
    const r = summarizeAudio(CHROMIUM_OFFER);
    if (!r.ok) throw new Error(r.error.detail);
    expect(r.value).toMatchObject({
      audioIndex: 0,
      address: '192.0.2.2',
      port: 33332,
      direction: 'sendrecv',
    });
    expect(r.value.codecs.map((c) => c.payloadType)).toEqual([111, 63, 9, 0, 8, 13, 110, 126]);
  });

  it('summarizeAudio() when the SDP does not parse → ERR_SDP_PARSE with the offset', () => {
    const r = summarizeAudio('v=0\r\nbogus\r\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('ERR_SDP_PARSE');
  });

  it('summarizeAudio() when there is no active audio → ERR_SDP_NO_ACCEPTABLE_MEDIA', () => {
    const r = summarizeAudio(PHONE_OFFER.replace('m=audio 4000', 'm=audio 0'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('ERR_SDP_NO_ACCEPTABLE_MEDIA');
  });
});

describe('gatewayCodecs()', () => {
  it('gatewayCodecs() when Chromium offers → G.711 first, then G.722, Opus, 8 kHz events; no RED or CN', () => {
    const r = summarizeAudio(CHROMIUM_OFFER);
    if (!r.ok) throw new Error(r.error.detail);
    const names = gatewayCodecs(r.value.codecs).map((c) => `${c.payloadType} ${c.encodingName}`);
    expect(names).toEqual(['0 PCMU', '8 PCMA', '9 G722', '111 opus', '126 telephone-event']);
  });

  it('gatewayCodecs() when a phone prefers PCMA → PCMA stays before PCMU', () => {
    const out = gatewayCodecs([codec(8, 'PCMA'), codec(18, 'G729'), codec(0, 'PCMU')]);
    expect(out.map((c) => c.payloadType)).toEqual([8, 0]);
  });

  it('gatewayCodecs() when nothing is usable → empty', () => {
    expect(gatewayCodecs([codec(18, 'G729'), codec(13, 'CN')])).toEqual([]);
  });
});

describe('plainSdp()', () => {
  it('plainSdp() → an RTP/AVP description that parses back with the same codecs and direction', () => {
    const text = plainSdp({
      address: '127.0.0.1',
      port: 40000,
      codecs: [
        codec(0, 'PCMU'),
        { payloadType: 111, encodingName: 'opus', clockRateHz: 48000, channels: 2, fmtp: 'x=1' },
        codec(126, 'telephone-event'),
      ],
      direction: 'sendonly',
      sessionId: '42',
      version: 3,
    });
    expect(isWebRtcSdp(text)).toBe(false);
    const parsed = parseSdp(text);
    if (!parsed.ok) throw new Error(parsed.error.detail);
    expect(parsed.value.origin.sessionVersion).toBe(3n);
    const r = summarizeAudio(text);
    if (!r.ok) throw new Error(r.error.detail);
    expect(r.value).toMatchObject({ address: '127.0.0.1', port: 40000, direction: 'sendonly' });
    expect(r.value.codecs).toEqual([
      codec(0, 'PCMU'),
      { payloadType: 111, encodingName: 'opus', clockRateHz: 48000, channels: 2, fmtp: 'x=1' },
      codec(126, 'telephone-event'),
    ]);
    expect(text).toContain('m=audio 40000 RTP/AVP 0 111 126\r\n');
  });
});

describe('keepCandidatesOn()', () => {
  it('keepCandidatesOn() when candidates on several addresses → only the bound one is kept', () => {
    const out = keepCandidatesOn(CHROMIUM_OFFER, '192.0.2.2');
    expect(out).toContain('a=candidate:352359678 1 udp 2122194687 192.0.2.2 33332 typ host');
    expect(out).not.toContain('198.51.100.7');
    expect(out.split('\r\n').length).toBe(CHROMIUM_OFFER.split('\r\n').length - 1);
  });
});
