import { describe, expect, it } from 'vitest';
import {
  CODEC_IMPAIRMENT,
  RtpReceiveStats,
  estimateMos,
  rttFromReportBlock,
  unixMsToNtp,
  unixMsToNtpMiddle32,
} from './index.ts';
import type { RtcpReportBlock } from './index.ts';

/** Feeds 20 ms PCMU packets (160 timestamp units) arriving exactly on time. */
function feed(stats: RtpReceiveStats, seqs: number[], startMs = 0): void {
  for (const s of seqs) stats.onPacket(s & 0xffff, (s * 160) >>> 0, startMs + s * 20);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

describe('RtpReceiveStats', () => {
  it('RtpReceiveStats.onPacket() when packets arrive in order → no loss, no jitter', () => {
    const stats = new RtpReceiveStats(1, 8000, { minSequential: 1 });
    feed(stats, range(0, 100));
    expect(stats.expected).toBe(100);
    expect(stats.received).toBe(100);
    expect(stats.lost).toBe(0);
    expect(stats.jitter).toBe(0);
  });

  it('RtpReceiveStats.onPacket() when 10 of 100 are missing → A.3 loss and fraction', () => {
    const stats = new RtpReceiveStats(1, 8000, { minSequential: 1 });
    feed(
      stats,
      range(0, 100).filter((s) => s % 10 !== 5),
    );
    expect(stats.lost).toBe(10);
    expect(stats.lossPercent).toBeCloseTo(10);
    const block = stats.buildReportBlock(2000);
    expect(block.fractionLost).toBe(Math.floor((10 * 256) / 100));
    expect(block.cumulativeLost).toBe(10);
    expect(block.extendedHighestSeq).toBe(99);
    // A second report with nothing new has a zero fraction (A.3 interval).
    expect(stats.buildReportBlock(3000).fractionLost).toBe(0);
  });

  it('RtpReceiveStats.onPacket() when a packet repeats → duplicate, not late', () => {
    const stats = new RtpReceiveStats(1, 8000, { minSequential: 1 });
    feed(stats, [0, 1, 2]);
    expect(stats.onPacket(2, 320, 100)).toBe('duplicate');
    expect(stats.onPacket(1, 160, 100)).toBe('duplicate');
    expect(stats.duplicates).toBe(2);
    expect(stats.late).toBe(0);
  });

  it('RtpReceiveStats.onPacket() when a packet is reordered → late once, duplicate after', () => {
    const stats = new RtpReceiveStats(1, 8000, { minSequential: 1 });
    feed(stats, [0, 1, 3, 4]);
    expect(stats.onPacket(2, 320, 90)).toBe('late');
    expect(stats.onPacket(2, 320, 95)).toBe('duplicate');
    expect(stats.late).toBe(1);
    expect(stats.lost).toBe(-1);
  });

  it('RtpReceiveStats.onPacket() when the sequence wraps → duplicates still detected', () => {
    const stats = new RtpReceiveStats(1, 8000, { minSequential: 1 });
    feed(stats, range(65530, 65545));
    expect(stats.extendedMaxSeq).toBe(65536 + 8);
    expect(stats.onPacket(65535, 0, 0)).toBe('duplicate');
    expect(stats.onPacket(3, 0, 0)).toBe('duplicate');
    // RFC 3550 §6.4.1: duplicates count as received, so loss goes negative.
    expect(stats.lost).toBe(-2);
  });

  it('RtpReceiveStats.onPacket() when a gap clears history → sequence numbers reused are new', () => {
    const stats = new RtpReceiveStats(1, 8000, { minSequential: 1 });
    feed(stats, [0, 1, 2, 1030]);
    // 1026 maps to the same history slot as 2; it must be seen as late.
    expect(stats.onPacket(1026, 0, 0)).toBe('late');
  });

  it('RtpReceiveStats.jitter when arrivals alternate ±10 ms → converges to 80 units (A.8)', () => {
    const stats = new RtpReceiveStats(1, 8000, { minSequential: 1 });
    for (let i = 0; i < 2000; i++) {
      stats.onPacket(i, i * 160, i * 20 + (i % 2 === 0 ? 0 : 10));
    }
    // |D| is 10 ms = 80 timestamp units on every packet.
    expect(stats.jitter).toBeCloseTo(80, 3);
    expect(stats.jitterMs).toBeCloseTo(10, 3);
    expect(stats.buildReportBlock(0).jitter).toBe(79);
  });

  it('RtpReceiveStats.jitter when the RTP timestamp wraps → no spike', () => {
    const stats = new RtpReceiveStats(1, 8000, { minSequential: 1 });
    const base = 0xffffffff - 160 * 5;
    for (let i = 0; i < 20; i++) stats.onPacket(i, (base + i * 160) >>> 0, i * 20);
    expect(stats.jitter).toBeCloseTo(0, 6);
  });

  it('RtpReceiveStats.buildReportBlock() when an SR was received → LSR and DLSR per §6.4.1', () => {
    const stats = new RtpReceiveStats(42, 8000);
    const ntp = { seconds: 0x00012345, fraction: 0x67890000 };
    stats.onSenderReport(ntp, 1000);
    const block = stats.buildReportBlock(1500);
    expect(block.ssrc).toBe(42);
    expect(block.lastSr).toBe(0x23456789);
    expect(block.delaySinceLastSr).toBe(32768);
  });

  it('RtpReceiveStats.buildReportBlock() when no SR was received → LSR and DLSR are 0', () => {
    const block = new RtpReceiveStats(1, 8000).buildReportBlock(5000);
    expect(block.lastSr).toBe(0);
    expect(block.delaySinceLastSr).toBe(0);
  });

  it('RtpReceiveStats.onPacket() when the source is new → first packet is probation', () => {
    const stats = new RtpReceiveStats(1, 8000);
    expect(stats.onPacket(7, 0, 0)).toBe('probation');
    expect(stats.onPacket(8, 160, 20)).toBe('ok');
    expect(stats.discarded).toBe(1);
    expect(stats.expected).toBe(1);
  });
});

describe('RTT (RFC 3550 §6.4.1)', () => {
  it('rttFromReportBlock() when A − LSR − DLSR is 60 ms → 60 ms', () => {
    const sentMs = 1_700_000_000_000;
    const block: RtcpReportBlock = {
      ssrc: 1,
      fractionLost: 0,
      cumulativeLost: 0,
      extendedHighestSeq: 0,
      jitter: 0,
      lastSr: unixMsToNtpMiddle32(sentMs),
      delaySinceLastSr: 65536 / 2,
    };
    const rtt = rttFromReportBlock(block, sentMs + 560);
    expect(rtt).toBeCloseTo(60, 0);
    expect(rttFromReportBlock({ ...block, lastSr: 0 }, sentMs)).toBeUndefined();
  });

  it('unixMsToNtp() when given the Unix epoch → 2208988800 s and zero fraction', () => {
    expect(unixMsToNtp(0)).toEqual({ seconds: 2208988800, fraction: 0 });
    expect(unixMsToNtp(500).fraction).toBe(0x80000000);
  });

  it('RtpReceiveStats.mos() when RTT and loss are known → matches estimateMos()', () => {
    const stats = new RtpReceiveStats(1, 8000, { minSequential: 1 });
    feed(
      stats,
      range(0, 100).filter((s) => s % 20 !== 0),
    );
    stats.rttMs = 100;
    expect(stats.mos()).toBeCloseTo(
      estimateMos({
        oneWayDelayMs: 50,
        packetLossPercent: stats.lossPercent,
        codec: CODEC_IMPAIRMENT.g711,
      }),
    );
    expect(stats.mos()).toBeLessThan(4.2);
  });
});
