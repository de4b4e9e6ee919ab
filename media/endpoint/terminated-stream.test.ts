import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../core/index.ts';
import { createPcmu, decodeUlaw, encodeUlaw } from '../codecs/index.ts';
import type { DtmfEvent } from '../dtmf/index.ts';
import { serializeTelephoneEvent } from '../dtmf/index.ts';
import { parseRtpPacket } from '../rtp/index.ts';
import { MediaEndpoint } from './media-endpoint.ts';
import { TerminatedStream } from './terminated-stream.ts';
import { openTestPeer, rtp, sleep } from './test-peer.ts';
import type { TestPeer } from './test-peer.ts';

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanup.splice(0)) fn();
});

async function setUp(
  ip: string,
  phoneIp: string,
): Promise<{
  stream: TerminatedStream;
  phone: TestPeer;
  clock: FakeClock;
}> {
  const clock = new FakeClock();
  const ep = await MediaEndpoint.open({ bindAddress: ip, rtpPort: 44000, rtcpPort: 44001 });
  if (!ep.ok) throw new Error(ep.error.detail);
  const phone = await openTestPeer(phoneIp);
  ep.value.setRemote({ address: phoneIp, port: phone.port });
  const stream = new TerminatedStream({
    endpoint: ep.value,
    codec: createPcmu({}),
    telephoneEventPayloadType: 101,
    clock,
  });
  cleanup.push(() => {
    stream.close();
    ep.value.close();
    phone.close();
  });
  return { stream, phone, clock };
}

function tone(n: number, offset: number): Int16Array {
  return Int16Array.from({ length: n }, (_, i) => Math.round(8000 * Math.sin((i + offset) / 5)));
}

describe('TerminatedStream', () => {
  it('a PCMU stream received → decoded 20 ms PCM frames in order', async () => {
    const { stream, phone, clock } = await setUp('127.0.7.1', '127.0.7.2');
    const sent = [0, 1, 2, 3, 4, 5].map((i) => encodeUlaw(tone(160, i * 160)));
    for (const [i, payload] of sent.entries()) {
      await phone.send(rtp(500 + i, { payload, ts: 8000 + i * 160 }), 44000, '127.0.7.1');
    }
    await sleep(30);
    const frames: Int16Array[] = [];
    stream.on('frame', (f) => frames.push(f));
    for (let i = 0; i < 8; i++) {
      clock.tick(20);
      stream.tick(clock.monotonicMs());
    }
    expect(frames.length).toBeGreaterThanOrEqual(6);
    expect(frames.slice(0, 6).map((f) => Array.from(f))).toEqual(
      sent.map((p) => Array.from(decodeUlaw(p))),
    );
    expect(stream.stats.framesDecoded).toBe(6);
  });

  it('RFC 4733 packets with repeated end packets → one begin and one end dtmf event', async () => {
    const { stream, phone } = await setUp('127.0.7.3', '127.0.7.4');
    const events: DtmfEvent[] = [];
    stream.on('dtmf', (e) => events.push(e));
    const packets = [
      { duration: 160, isEnd: false, marker: true },
      { duration: 320, isEnd: false, marker: false },
      { duration: 480, isEnd: false, marker: false },
      { duration: 800, isEnd: true, marker: false },
      { duration: 800, isEnd: true, marker: false },
      { duration: 800, isEnd: true, marker: false },
    ];
    for (const [i, p] of packets.entries()) {
      const payload = serializeTelephoneEvent({
        event: 5,
        isEnd: p.isEnd,
        volume: 10,
        duration: p.duration,
      });
      await phone.send(
        rtp(90 + i, { pt: 101, ts: 4000, marker: p.marker, payload }),
        44000,
        '127.0.7.3',
      );
    }
    await sleep(30);
    expect(events).toEqual([
      { kind: 'begin', digit: '5' },
      { kind: 'end', digit: '5', durationMs: 100 },
    ]);
  });

  it('sendFrame() then tick() → one PCMU packet with the encoded frame', async () => {
    const { stream, phone } = await setUp('127.0.7.5', '127.0.7.6');
    const pcm = tone(160, 0);
    stream.sendFrame(pcm);
    stream.tick(0);
    stream.tick(20); // nothing queued: no packet, the timestamp still moves on
    stream.sendFrame(pcm);
    stream.tick(40);
    await phone.waitFor(2);
    const [a, b] = phone.received.map((buf) => parseRtpPacket(buf));
    if (!a?.ok || !b?.ok) throw new Error('bad RTP');
    expect(a.value.payload.equals(encodeUlaw(pcm))).toBe(true);
    expect([a.value.marker, b.value.marker]).toEqual([true, true]);
    expect((b.value.sequenceNumber - a.value.sequenceNumber) & 0xffff).toBe(1);
    expect((b.value.timestamp - a.value.timestamp) >>> 0).toBe(320);
  });

  it('sendDtmf() → RFC 4733 packets replace audio: marker first, end bit three times', async () => {
    const { stream, phone } = await setUp('127.0.7.7', '127.0.7.8');
    stream.sendDtmf('7', 60);
    for (let i = 0; i < 6; i++) {
      stream.sendFrame(tone(160, 0));
      stream.tick(i * 20);
    }
    await phone.waitFor(6);
    const pkts = phone.received
      .map((buf) => parseRtpPacket(buf))
      .map((r) => (r.ok ? r.value : undefined));
    expect(
      pkts
        .slice(0, 5)
        .map((p) => [p?.payloadType, p?.marker, p?.payload[0], (p?.payload[1] ?? 0) >> 7]),
    ).toEqual([
      [101, true, 7, 0],
      [101, false, 7, 0],
      [101, false, 7, 1],
      [101, false, 7, 1],
      [101, false, 7, 1],
    ]);
    expect(new Set(pkts.slice(0, 5).map((p) => p?.timestamp)).size).toBe(1);
    expect(stream.stats.eventPacketsSent).toBe(5);
  });
});
