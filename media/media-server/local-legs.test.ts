import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MediaServer } from './media-server.ts';
import { openRtpTestPeer, phoneSdp, rtpPacket, sdpTarget } from './rtp-test-peer.ts';
import type { RtpTestPeer } from './rtp-test-peer.ts';

describe('MediaServer local legs (answerLocal, offerLocal, acceptAnswer)', () => {
  let server: MediaServer;
  let alice: RtpTestPeer;
  let bob: RtpTestPeer;

  beforeEach(async () => {
    server = new MediaServer({
      bindAddress: '127.0.22.11',
      minPort: 47600,
      maxPort: 47699,
      quarantineMs: 0,
      statsIntervalMs: 0,
    });
    await server.start();
    alice = await openRtpTestPeer('127.0.22.12');
    bob = await openRtpTestPeer('127.0.22.13');
  });

  afterEach(async () => {
    await server.stop();
    alice.close();
    bob.close();
  });

  it('answerLocal() of a PCMA+PCMU offer → one codec (the first offered) and telephone-event', async () => {
    const offer = phoneSdp(alice, ['8 PCMA/8000', '0 PCMU/8000', '101 telephone-event/8000']);
    const r = await server.answerLocal('c1', 'a', offer);
    if (!r.ok) throw new Error(r.error.detail);
    expect(r.value).toMatch(/^m=audio \d+ RTP\/AVP 8 101\r$/m);
    expect(r.value).toContain('c=IN IP4 127.0.22.11');
    expect(server.leg({ callId: 'c1', legId: 'a' })?.codec?.name).toBe('PCMA');
  });

  it('answerLocal() of an offer with only an unknown codec → ERR_SDP_NO_COMMON_CODEC, no leg left', async () => {
    const r = await server.answerLocal('c1', 'a', phoneSdp(alice, ['3 GSM/8000']));
    expect(r.ok ? 'ok' : r.error.code).toBe('ERR_SDP_NO_COMMON_CODEC');
    expect(server.legCount).toBe(0);
  });

  it('answerLocal() then play() → the prompt reaches the phone in its codec', async () => {
    const r = await server.answerLocal('c1', 'a', phoneSdp(alice, ['0 PCMU/8000']));
    if (!r.ok) throw new Error(r.error.detail);
    const op = await server.play({ callId: 'c1', legId: 'a' }, { tone: 'beep' });
    if (!op.ok) throw new Error(op.error.detail);
    expect((await op.value.finished).reason).toBe('completed');
    expect(alice.received.length).toBeGreaterThanOrEqual(12);
    expect(alice.received.every((p) => (p[1]! & 0x7f) === 0)).toBe(true);
  });

  it('play() of a name without extension → the .wav file of that name in the sounds dir', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-sounds-'));
    mkdirSync(join(dir, 'conf'));
    writeFileSync(join(dir, 'conf', 'enter-pin.wav'), wavOf(new Int16Array(800)));
    const named = new MediaServer({
      bindAddress: '127.0.22.11',
      minPort: 47700,
      maxPort: 47709,
      quarantineMs: 0,
      statsIntervalMs: 0,
      soundsDir: dir,
    });
    await named.start();
    try {
      const r = await named.answerLocal('c9', 'a', phoneSdp(alice, ['0 PCMU/8000']));
      if (!r.ok) throw new Error(r.error.detail);
      const op = await named.play({ callId: 'c9', legId: 'a' }, { file: 'conf/enter-pin' });
      if (!op.ok) throw new Error(op.error.detail);
      expect((await op.value.finished).reason).toBe('completed');
    } finally {
      await named.stop();
    }
  });

  it('answerLocal() with RFC 4733 → a digit from the phone is reported as a dtmf event', async () => {
    const offer = phoneSdp(alice, ['0 PCMU/8000', '101 telephone-event/8000']);
    const r = await server.answerLocal('c1', 'a', offer);
    if (!r.ok) throw new Error(r.error.detail);
    alice.target = sdpTarget(r.value);
    const digits: string[] = [];
    server.on('dtmf', (d) => digits.push(d.digit));
    // RFC 4733 §2.3: event 7, end bit, volume 10, duration 800; sent three times.
    const payload = Buffer.from([7, 0x80 | 10, 0x03, 0x20]);
    for (let i = 0; i < 3; i++) await alice.send(rtpPacket(10 + i, payload, { pt: 101, ts: 1600 }));
    const end = Date.now() + 2000;
    while (digits.length === 0 && Date.now() < end) await new Promise((res) => setTimeout(res, 5));
    expect(digits).toEqual(['7']);
  });

  it('offerLocal() → acceptAnswer() → mix() with an answered local leg → RTP flows both ways, transcoded', async () => {
    const a = await server.answerLocal('c1', 'a', phoneSdp(alice, ['0 PCMU/8000']));
    if (!a.ok) throw new Error(a.error.detail);
    alice.target = sdpTarget(a.value);
    const offer = await server.offerLocal('c2', 'b');
    if (!offer.ok) throw new Error(offer.error.detail);
    expect(offer.value).toMatch(/^m=audio \d+ RTP\/AVP 0 8 9 /m);
    bob.target = sdpTarget(offer.value);
    const accepted = await server.acceptAnswer('c2', 'b', phoneSdp(bob, ['8 PCMA/8000']));
    if (!accepted.ok) throw new Error(accepted.error.detail);
    const mixed = await server.mix({ callId: 'c1', legId: 'a' }, { callId: 'c2', legId: 'b' });
    expect(mixed.ok).toBe(true);
    await alice.send(rtpPacket(1, Buffer.alloc(160, 0xff)));
    await bob.waitFor(1);
    expect(bob.received[0]![1]! & 0x7f).toBe(8);
    await bob.send(rtpPacket(1, Buffer.alloc(160, 0xd5), { pt: 8 }));
    await alice.waitFor(1);
    expect(alice.received[0]![1]! & 0x7f).toBe(0);
  });

  it('acceptAnswer() without a local offer → ERR_MEDIA_INVALID_STATE; on an unknown leg → NOT_FOUND', async () => {
    await server.answerLocal('c1', 'a', phoneSdp(alice, ['0 PCMU/8000']));
    const r = await server.acceptAnswer('c1', 'a', phoneSdp(bob, ['0 PCMU/8000']));
    expect(r.ok ? 'ok' : r.error.code).toBe('ERR_MEDIA_INVALID_STATE');
    const none = await server.acceptAnswer('zz', 'b', phoneSdp(bob, ['0 PCMU/8000']));
    expect(none.ok ? 'ok' : none.error.code).toBe('ERR_MEDIA_SESSION_NOT_FOUND');
  });
});

/** A mono 16-bit 8 kHz WAV of `samples` (RFC 2361 PCM, 44-byte header). */
function wavOf(samples: Int16Array): Buffer {
  const data = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  const h = Buffer.alloc(44);
  h.write('RIFF', 0);
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVEfmt ', 8);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(8000, 24);
  h.writeUInt32LE(16000, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36);
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}
