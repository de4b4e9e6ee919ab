import { loadSdpFixture } from '../../test/fixtures/sdp/load-fixture.ts';
import { describe, expect, test } from 'vitest';
import { anchorMedia } from './anchor.ts';
import { parseSdp } from './parse-sdp.ts';
import { serializeSdp } from './serialize-sdp.ts';
import type { SessionDescription } from './session-description.ts';

function fixture(name: string): SessionDescription {
  const r = parseSdp(loadSdpFixture(name));
  if (!r.ok) throw new Error(r.error.detail);
  return r.value;
}

describe('anchorMedia()', () => {
  test('anchorMedia() when given a phone offer → c= and m= port are ours, the rest unchanged', () => {
    const input = loadSdpFixture('basic-audio.in.sdp');
    const out = serializeSdp(
      anchorMedia(fixture('basic-audio.in.sdp'), { address: '198.51.100.7', ports: [40000] }),
    );
    const expected = input
      .replace('c=IN IP4 192.0.2.10', 'c=IN IP4 198.51.100.7')
      .replace('m=audio 49170', 'm=audio 40000');
    expect(out).toBe(expected);
  });

  test('anchorMedia() when asked to replace origin and remove ICE → o= is ours and no ICE lines remain', () => {
    const sd = anchorMedia(fixture('webrtc.in.sdp'), {
      address: '198.51.100.7',
      ports: [40000],
      rtcpPorts: [40001],
      isOriginReplaced: true,
      isIceRemoved: true,
    });
    const out = serializeSdp(sd);
    expect(out).toContain('o=- 4611731400430051336 2 IN IP4 198.51.100.7\r\n');
    expect(out).toContain('m=audio 40000 UDP/TLS/RTP/SAVPF');
    expect(out).toContain('c=IN IP4 198.51.100.7\r\n');
    expect(out).toContain('a=rtcp:40001 IN IP4 198.51.100.7\r\n');
    expect(out).not.toMatch(/a=(candidate|ice-ufrag|ice-pwd|ice-options)/);
    expect(out).toContain('a=fingerprint:sha-256');
    expect(out).toContain('a=ssrc:3570614608 cname:4TOk42mSjXCkVIa6');
  });

  test('anchorMedia() when the offer is an old-style hold → 0.0.0.0 is kept', () => {
    const out = serializeSdp(
      anchorMedia(fixture('oa-old-hold.offer.sdp'), { address: '198.51.100.7', ports: [40000] }),
    );
    expect(out).toContain('c=IN IP4 0.0.0.0\r\n');
    expect(out).toContain('m=audio 40000 RTP/AVP 0\r\n');
  });

  test('anchorMedia() when a line is rejected → its port stays 0 and the order is kept', () => {
    const sd = anchorMedia(fixture('oa-video-rejected.offer.sdp'), {
      address: '2001:db8::7',
      ports: [40000, 40002, 40004],
    });
    expect(sd.media.map((m) => m.port)).toEqual([0, 40002, 40004]);
    expect(sd.connection).toEqual({ netType: 'IN', addrType: 'IP6', address: '2001:db8::7' });
  });
});
