import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OutgoingStream } from './outgoing-stream.ts';
import { rtpPacket } from './rtp-test-peer.ts';

const header = (p: Buffer) => ({
  marker: (p[1]! & 0x80) !== 0,
  seq: p.readUInt16BE(2),
  ts: p.readUInt32BE(4),
  ssrc: p.readUInt32BE(8),
});

/** Maps one packet sent at `nowMs` and returns its header as it left. */
function sent(
  stream: OutgoingStream,
  nowMs: number,
  seq: number,
  ssrc: number,
  ts = seq * 160,
  pt = 0,
) {
  const p = rtpPacket(seq, Buffer.alloc(160), { ssrc, ts, pt });
  stream.map(p, nowMs);
  return header(p);
}

describe('OutgoingStream', () => {
  it('map() of the first source → packets leave unchanged (identity)', () => {
    const s = new OutgoingStream();
    expect(sent(s, 0, 100, 0xa)).toEqual({ marker: false, seq: 100, ts: 16000, ssrc: 0xa });
    expect(sent(s, 20, 101, 0xa)).toEqual({ marker: false, seq: 101, ts: 16160, ssrc: 0xa });
    expect(s.ssrc).toBe(0xa);
    expect(s.isIdentityFor(0xa)).toBe(true);
    expect(s.switches).toBe(0);
  });

  it('map() when the source changes → same SSRC, next seq, ts on by the elapsed frames, marker set', () => {
    const s = new OutgoingStream();
    sent(s, 0, 100, 0xa);
    sent(s, 20, 101, 0xa);
    // Music on hold starts 40 ms later with numbering of its own.
    const first = sent(s, 60, 7000, 0xb, 999_999);
    expect(first).toEqual({ marker: true, seq: 102, ts: 16160 + 2 * 160, ssrc: 0xa });
    expect(sent(s, 80, 7001, 0xb, 999_999 + 160)).toEqual({
      marker: false,
      seq: 103,
      ts: 16160 + 3 * 160,
      ssrc: 0xa,
    });
    expect(s.isIdentityFor(0xa)).toBe(false);
    expect(s.switches).toBe(1);
  });

  it('map() back to the first source → mapped again, continuing, no longer identity', () => {
    const s = new OutgoingStream();
    sent(s, 0, 100, 0xa);
    sent(s, 20, 7000, 0xb, 5);
    // Its packets sent meanwhile were suppressed: its numbering moved on.
    const back = sent(s, 40, 110, 0xa);
    expect(back).toEqual({ marker: true, seq: 102, ts: 16000 + 2 * 160, ssrc: 0xa });
    expect(s.isIdentityFor(0xa)).toBe(false);
  });

  it('map() within one source → gaps and reordering kept, the newest packet stays the reference', () => {
    const s = new OutgoingStream();
    sent(s, 0, 10, 0xa);
    sent(s, 20, 1, 0xb);
    expect(sent(s, 40, 4, 0xb).seq).toBe(14);
    expect(sent(s, 60, 3, 0xb).seq).toBe(13);
    // A switch now continues after 14, the newest, not after 13.
    expect(sent(s, 80, 500, 0xc).seq).toBe(15);
  });

  it('map() of an RFC 4733 event after a switch → the event keeps its own marker bit', () => {
    const s = new OutgoingStream();
    s.telephoneEventPt = 101;
    sent(s, 0, 1, 0xa);
    expect(sent(s, 20, 50, 0xb, 0, 101).marker).toBe(false);
  });

  it('setClockRate() of 48 kHz → a switch steps the timestamp in 48 kHz frames', () => {
    const s = new OutgoingStream();
    s.setClockRate(48_000);
    sent(s, 0, 1, 0xa, 0);
    sent(s, 20, 2, 0xa, 960);
    expect(sent(s, 60, 9, 0xb, 77).ts).toBe(960 + 2 * 960);
  });

  it('toNative() before any packet → undefined; after a switch → the offsets and newest packet', () => {
    const s = new OutgoingStream();
    expect(s.toNative(0)).toBeUndefined();
    s.telephoneEventPt = 101;
    sent(s, 0, 100, 0xa);
    sent(s, 20, 7000, 0xb, 5);
    expect(s.toNative(50)).toEqual({
      ssrc: 0xa,
      source: 0xb,
      seqOffset: (101 - 7000) & 0xffff,
      tsOffset: (16000 + 160 - 5) >>> 0,
      lastSeq: 101,
      lastTs: 16160,
      sentAgoMs: 30,
      stepTicks: 160,
      clockRate: 8000,
      telephoneEventPt: 101,
      switches: 1,
    });
  });

  it('fromNative() of what the native relay sent → numbering goes on after its newest packet', () => {
    const s = new OutgoingStream();
    sent(s, 0, 100, 0xa);
    const state = s.toNative(0)!;
    // 50 packets of 20 ms went out natively, then the source changed there.
    s.fromNative(
      {
        ...state,
        source: 0xc,
        seqOffset: 3,
        lastSeq: 150,
        lastTs: 16000 + 50 * 160,
        sentAgoMs: 0,
        switches: 1,
      },
      1000,
    );
    expect(sent(s, 1020, 148, 0xc)).toMatchObject({ seq: 151, ssrc: 0xa, marker: false });
    expect(sent(s, 1040, 1, 0xd)).toMatchObject({ seq: 152, ts: 149 * 160, marker: true });
    expect(s.switches).toBe(2);
  });

  it('mapRtcp() of an SR from the current source → sender SSRC and RTP timestamp follow the stream', () => {
    const s = new OutgoingStream();
    sent(s, 0, 100, 0xa);
    sent(s, 20, 1, 0xb, 1000);
    const sr = Buffer.alloc(28);
    sr[0] = 0x80;
    sr[1] = 200;
    sr.writeUInt32BE(0xb, 4);
    sr.writeUInt32BE(1000, 16);
    s.mapRtcp(sr);
    expect(sr.readUInt32BE(4)).toBe(0xa);
    expect(sr.readUInt32BE(16)).toBe(16160);
    const other = Buffer.from(sr);
    other.writeUInt32BE(0xc, 4);
    s.mapRtcp(other);
    expect(other.readUInt32BE(4)).toBe(0xc);
  });

  it('unmapReportBlocks() of an SR + RR compound → blocks about the stream name its source and its numbering', () => {
    const s = new OutgoingStream();
    sent(s, 0, 100, 0xa);
    sent(s, 20, 65_000, 0xb, 1000);
    // An SR with one block, then an RR with two: the far end reports on
    // our stream (0xa, seq 102 after 3 cycles) and on someone else's (0xc).
    const block = (ssrc: number, ext: number) => {
      const b = Buffer.alloc(24);
      b.writeUInt32BE(ssrc, 0);
      b.writeUInt32BE(0x0a000003, 4);
      b.writeUInt32BE(ext, 8);
      b.writeUInt32BE(77, 12);
      return b;
    };
    const sr = Buffer.concat([
      Buffer.from([0x81, 200, 0, 12]),
      Buffer.alloc(24),
      block(0xa, 0x30066),
    ]);
    const rr = Buffer.concat([
      Buffer.from([0x82, 201, 0, 13, 0, 0, 0, 9]),
      block(0xc, 0x10005),
      block(0xa, 0x30067),
    ]);
    const packet = Buffer.concat([sr, rr]);
    s.unmapReportBlocks(packet);
    // 0xb's seq 65,000 went out as 101: 102 in the stream is its 65,001, a cycle earlier.
    expect(packet.readUInt32BE(28)).toBe(0xb);
    expect(packet.readUInt32BE(36)).toBe((2 << 16) | 65_001);
    expect(packet.readUInt32BE(40)).toBe(77);
    expect(packet.readUInt32BE(52 + 8)).toBe(0xc);
    expect(packet.readUInt32BE(52 + 16)).toBe(0x10005);
    expect(packet.readUInt32BE(52 + 32)).toBe(0xb);
    expect(packet.readUInt32BE(52 + 40)).toBe((2 << 16) | 65_002);
  });

  it('map() over any run of sources and wraps → one SSRC, seq +1 per packet, ts never backwards (property)', () => {
    const source = fc.record({
      ssrc: fc.integer({ min: 0, max: 0xffffffff }),
      seq: fc.integer({ min: 0, max: 0xffff }),
      ts: fc.integer({ min: 0, max: 0xffffffff }),
      packets: fc.integer({ min: 1, max: 40 }),
      gapMs: fc.integer({ min: 0, max: 5000 }),
    });
    fc.assert(
      fc.property(fc.array(source, { minLength: 1, maxLength: 8 }), (drawn) => {
        // Each switch is to another SSRC; a source restarting its own
        // numbering under the same SSRC is not a switch.
        const sources = drawn.filter((src, i) => i === 0 || src.ssrc !== drawn[i - 1]!.ssrc);
        const s = new OutgoingStream();
        let nowMs = 0;
        let prev: ReturnType<typeof header> | undefined;
        let ssrc: number | undefined;
        for (const src of sources) {
          nowMs += src.gapMs;
          for (let i = 0; i < src.packets; i++) {
            nowMs += 20;
            const out = sent(s, nowMs, src.seq + i, src.ssrc, src.ts + i * 160);
            ssrc ??= out.ssrc;
            expect(out.ssrc).toBe(ssrc);
            if (prev !== undefined) {
              expect(out.seq).toBe((prev.seq + 1) & 0xffff);
              const step = (out.ts - prev.ts) >>> 0;
              expect(step).toBeGreaterThan(0);
              expect(step).toBeLessThan(0x80000000);
            }
            prev = out;
          }
        }
      }),
    );
  });
});
