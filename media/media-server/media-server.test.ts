import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseSdp, serializeSdp } from '../sdp/index.ts';
import type { SessionDescription } from '../sdp/index.ts';
import { createDefaultCodecRegistry } from '../codecs/index.ts';
import { MediaServer } from './media-server.ts';
import { openRtpTestPeer, phoneSdp, rtpPacket, sdpTarget } from './rtp-test-peer.ts';
import type { RtpTestPeer } from './rtp-test-peer.ts';
import { planAnswer, planOffer } from './sdp-plan.ts';

function sdp(text: string): SessionDescription {
  const r = parseSdp(text);
  if (!r.ok) throw new Error(r.error.detail);
  return r.value;
}

const OURS = { address: '192.0.2.1', rtpPort: 30000, rtcpPort: 30001 };
const OFFER = [
  'v=0',
  'o=alice 1 1 IN IP4 198.51.100.1',
  's=-',
  'c=IN IP4 198.51.100.1',
  't=0 0',
  'm=audio 5004 RTP/AVP 0 101',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=rtcp-mux',
  'm=video 5006 RTP/AVP 96',
  'a=rtpmap:96 VP8/90000',
  '',
].join('\r\n');

describe('planOffer()', () => {
  it('planOffer() when given extra codecs and a video line → audio anchored with PCMA added, video disabled', () => {
    const out = serializeSdp(planOffer(sdp(OFFER), 0, OURS, ['PCMA']));
    expect(out).toContain('m=audio 30000 RTP/AVP 0 8 101');
    expect(out).toContain('a=rtpmap:8 PCMA/8000');
    expect(out).toContain('c=IN IP4 192.0.2.1');
    expect(out).toContain('m=video 0 ');
    expect(out).not.toContain('rtcp-mux');
  });
});

describe('planAnswer()', () => {
  const relayed = planOffer(sdp(OFFER), 0, OURS, ['PCMA']);
  const answerWith = (pts: string, maps: string[]) =>
    sdp(
      [
        'v=0',
        'o=bob 2 2 IN IP4 203.0.113.9',
        's=-',
        'c=IN IP4 203.0.113.9',
        't=0 0',
        `m=audio 7000 RTP/AVP ${pts}`,
        ...maps,
        'm=video 0 RTP/AVP 96',
        '',
      ].join('\r\n'),
    );
  const plan = (answer: SessionDescription) =>
    planAnswer({
      originalOffer: sdp(OFFER),
      relayedOffer: relayed,
      peerAnswer: answer,
      audioIndex: 0,
      ours: { ...OURS, rtpPort: 30002, rtcpPort: 30003 },
      registry: createDefaultCodecRegistry(),
      previousAnswer: undefined,
      sessionId: '42',
    });

  it('planAnswer() when the peer picks an offered codec → relay, unoffered codecs removed', () => {
    const r = plan(
      answerWith('0 8 101', [
        'a=rtpmap:0 PCMU/8000',
        'a=rtpmap:8 PCMA/8000',
        'a=rtpmap:101 telephone-event/8000',
      ]),
    );
    if (!r.ok) throw new Error(r.error.detail);
    const text = serializeSdp(r.value.answer);
    expect(text).toContain('m=audio 30002 RTP/AVP 0 101');
    expect(text).not.toContain('PCMA');
    expect(r.value.offerer.codec.encodingName).toBe('PCMU');
    expect(r.value.answerer.codec.encodingName).toBe('PCMU');
    expect(r.value.offerer.telephoneEventPt).toBe(101);
  });

  it('planAnswer() when the peer picks the added PCMA → the offerer is answered PCMU (transcode)', () => {
    const r = plan(answerWith('8', ['a=rtpmap:8 PCMA/8000']));
    if (!r.ok) throw new Error(r.error.detail);
    expect(serializeSdp(r.value.answer)).toMatch(/m=audio 30002 RTP\/AVP 0\r\n/);
    expect(r.value.offerer.codec.encodingName).toBe('PCMU');
    expect(r.value.answerer.codec.encodingName).toBe('PCMA');
  });

  it('planAnswer() when the answer has fewer m= lines → ERR_SDP_ANSWER_MISMATCH', () => {
    const one = sdp(
      'v=0\r\no=b 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\nm=audio 7000 RTP/AVP 0\r\n',
    );
    const r = plan(one);
    expect(r.ok ? 'ok' : r.error.code).toBe('ERR_SDP_ANSWER_MISMATCH');
  });
});

describe('MediaServer', () => {
  let server: MediaServer;
  let alice: RtpTestPeer;
  let bob: RtpTestPeer;

  beforeEach(async () => {
    server = new MediaServer({
      bindAddress: '127.0.22.1',
      minPort: 47400,
      maxPort: 47499,
      quarantineMs: 0,
      statsIntervalMs: 0,
    });
    await server.start();
    alice = await openRtpTestPeer('127.0.22.2');
    bob = await openRtpTestPeer('127.0.22.3');
  });

  afterEach(async () => {
    await server.stop();
    alice.close();
    bob.close();
  });

  async function call(callId: string, codecs: string[]): Promise<void> {
    const toBob = await server.offer(callId, 'a', phoneSdp(alice, codecs));
    if (!toBob.ok) throw new Error(toBob.error.detail);
    bob.target = sdpTarget(toBob.value);
    const toAlice = await server.answer(callId, 'b', phoneSdp(bob, codecs));
    if (!toAlice.ok) throw new Error(toAlice.error.detail);
    alice.target = sdpTarget(toAlice.value);
  }

  it('sendDtmf() on a leg with telephone-event → RFC 4733 packets, three end packets per digit', async () => {
    await call('c1', ['0 PCMU/8000', '101 telephone-event/8000']);
    const r = await server.sendDtmf({ callId: 'c1', legId: 'b' }, '5', { durationMs: 60 });
    expect(r.ok).toBe(true);
    // 60 ms at 20 ms ptime: the marker packet, one update, the end three times.
    await bob.waitFor(5);
    const events = bob.received.filter((p) => (p[1]! & 0x7f) === 101);
    expect(events).toHaveLength(5);
    expect(events[0]![1]! & 0x80).toBe(0x80);
    expect(events.every((p) => p[12] === 5)).toBe(true);
    expect(events.filter((p) => (p[13]! & 0x80) !== 0)).toHaveLength(3);
  });

  it('sendDtmf() with a letter that is no digit → ERR_MEDIA_INVALID_STATE', async () => {
    await call('c1', ['0 PCMU/8000']);
    const r = await server.sendDtmf({ callId: 'c1', legId: 'a' }, '1x');
    expect(r.ok ? 'ok' : r.error.code).toBe('ERR_MEDIA_INVALID_STATE');
  });

  it('play() of a missing file → ERR_MEDIA_FILE_NOT_FOUND; of an unknown leg → NOT_FOUND', async () => {
    await call('c1', ['0 PCMU/8000']);
    const missing = await server.play({ callId: 'c1', legId: 'a' }, { file: '/nonexistent.wav' });
    expect(missing.ok ? 'ok' : missing.error.code).toBe('ERR_MEDIA_FILE_NOT_FOUND');
    const unknown = await server.play({ callId: 'zz', legId: 'a' }, { tone: 'beep' });
    expect(unknown.ok ? 'ok' : unknown.error.code).toBe('ERR_MEDIA_SESSION_NOT_FOUND');
  });

  it('play() of a beep → about 12 PCMU packets to the leg, then finished with completed', async () => {
    await call('c1', ['0 PCMU/8000']);
    const op = await server.play({ callId: 'c1', legId: 'a' }, { tone: 'beep' });
    if (!op.ok) throw new Error(op.error.detail);
    const done = await op.value.finished;
    expect(done.reason).toBe('completed');
    // The last packets may still be on their way when the player reports.
    await alice.waitFor(12);
    await op.value.stop();
  });

  it('play() with loop, then delete() → finished with hangup', async () => {
    await call('c1', ['0 PCMU/8000']);
    const op = await server.play(
      { callId: 'c1', legId: 'a' },
      { tone: 'ringback' },
      { loop: true },
    );
    if (!op.ok) throw new Error(op.error.detail);
    await server.delete('c1');
    expect((await op.value.finished).reason).toBe('hangup');
  });

  it('join() two legs in a room → each gets the mix, the relay between them stops', async () => {
    await call('c1', ['0 PCMU/8000']);
    expect((await server.join({ callId: 'c1', legId: 'a' }, { roomId: 'r1' })).ok).toBe(true);
    expect((await server.join({ callId: 'c1', legId: 'b' }, { roomId: 'r1' })).ok).toBe(true);
    await alice.send(rtpPacket(1, Buffer.alloc(160, 0x7f), { ssrc: 0xa }));
    await bob.waitFor(3);
    expect(server.leg({ callId: 'c1', legId: 'a' })!.stats.forwarded).toBe(0);
    expect((await server.unjoin({ callId: 'c1', legId: 'a' })).ok).toBe(true);
    expect((await server.unjoin({ callId: 'c1', legId: 'b' })).ok).toBe(true);
    const before = bob.received.length;
    await new Promise((r) => setTimeout(r, 60));
    const settled = bob.received.length;
    await alice.send(rtpPacket(2, Buffer.alloc(160, 1), { ssrc: 0xa }));
    await bob.waitFor(settled + 1);
    expect(server.leg({ callId: 'c1', legId: 'a' })!.stats.forwarded).toBe(1);
    // Bob hears one stream, the mix and then alice relayed (D44).
    expect(bob.received.at(-1)!.readUInt32BE(8)).toBe(bob.received[0]!.readUInt32BE(8));
    expect(settled).toBeGreaterThanOrEqual(before);
  });

  it('offer() before start() → ERR_MEDIA_INVALID_STATE', async () => {
    const idle = new MediaServer({ bindAddress: '127.0.22.1', minPort: 47500, maxPort: 47509 });
    const r = await idle.offer('c', 'a', phoneSdp(alice, ['0 PCMU/8000']));
    expect(r.ok ? 'ok' : r.error.code).toBe('ERR_MEDIA_INVALID_STATE');
  });
});
