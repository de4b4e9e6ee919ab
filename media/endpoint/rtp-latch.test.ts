import { describe, expect, it } from 'vitest';
import { RtpLatch } from './rtp-latch.ts';

const OPTS = { payloadTypes: [0, 101], relatchSilenceMs: 1000, probationPackets: 3 };

describe('RtpLatch', () => {
  it('check() on the first fitting packet → latched, then accept from that source', () => {
    const latch = new RtpLatch(OPTS);
    expect(latch.check('192.0.2.1', 4000, 7, 0, 1, 0)).toBe('latched');
    expect(latch.check('192.0.2.1', 4000, 7, 0, 2, 20)).toBe('accept');
    expect(latch.isLatchedSource('192.0.2.1', 4000)).toBe(true);
  });

  it('check() with a payload type not negotiated → unfit, nothing latched', () => {
    const latch = new RtpLatch(OPTS);
    expect(latch.check('192.0.2.1', 4000, 7, 8, 1, 0)).toBe('unfit');
    expect(latch.isLatched).toBe(false);
  });

  it('check() with an SSRC other than the announced one → unfit', () => {
    const latch = new RtpLatch({ expectedSsrc: 42 });
    expect(latch.check('192.0.2.1', 4000, 7, 0, 1, 0)).toBe('unfit');
    expect(latch.check('192.0.2.1', 4000, 42, 0, 1, 0)).toBe('latched');
  });

  it('check() from another source while the latched one is alive → wrong-source', () => {
    const latch = new RtpLatch(OPTS);
    latch.check('192.0.2.1', 4000, 7, 0, 1, 0);
    for (let i = 0; i < 10; i++) {
      expect(latch.check('198.51.100.9', 5000, 9, 0, 100 + i, 500 + i)).toBe('wrong-source');
    }
    expect(latch.port).toBe(4000);
  });

  it('check() after silence → a new source takes over only after probation', () => {
    const latch = new RtpLatch(OPTS);
    latch.check('192.0.2.1', 4000, 7, 0, 1, 0);
    expect(latch.check('198.51.100.9', 5000, 9, 0, 10, 1000)).toBe('probation');
    expect(latch.check('198.51.100.9', 5000, 9, 0, 11, 1020)).toBe('probation');
    expect(latch.check('198.51.100.9', 5000, 9, 0, 12, 1040)).toBe('relatched');
    expect(latch.isLatchedSource('198.51.100.9', 5000)).toBe(true);
  });

  it('check() from a scanner spraying from many ports → never relatched', () => {
    const latch = new RtpLatch(OPTS);
    latch.check('192.0.2.1', 4000, 7, 0, 1, 0);
    for (let i = 0; i < 100; i++) {
      const verdict = latch.check('203.0.113.5', 6000 + (i % 7), 9, 0, i, 2000 + i);
      expect(verdict).toBe('probation');
    }
    expect(latch.port).toBe(4000);
  });

  it('check() with out-of-order numbers from a candidate → probation starts again', () => {
    const latch = new RtpLatch(OPTS);
    latch.check('192.0.2.1', 4000, 7, 0, 1, 0);
    expect(latch.check('198.51.100.9', 5000, 9, 0, 10, 2000)).toBe('probation');
    expect(latch.check('198.51.100.9', 5000, 9, 0, 11, 2000)).toBe('probation');
    expect(latch.check('198.51.100.9', 5000, 9, 0, 30, 2000)).toBe('probation');
    expect(latch.check('198.51.100.9', 5000, 9, 0, 31, 2000)).toBe('probation');
    expect(latch.check('198.51.100.9', 5000, 9, 0, 32, 2000)).toBe('relatched');
  });

  it('check() when the latched source speaks again → the candidate is forgotten', () => {
    const latch = new RtpLatch(OPTS);
    latch.check('192.0.2.1', 4000, 7, 0, 1, 0);
    latch.check('198.51.100.9', 5000, 9, 0, 10, 1500);
    latch.check('198.51.100.9', 5000, 9, 0, 11, 1520);
    expect(latch.check('192.0.2.1', 4000, 7, 0, 2, 1530)).toBe('accept');
    expect(latch.check('198.51.100.9', 5000, 9, 0, 12, 1540)).toBe('wrong-source');
  });

  it('reset() → the next fitting packet latches afresh', () => {
    const latch = new RtpLatch(OPTS);
    latch.check('192.0.2.1', 4000, 7, 0, 1, 0);
    latch.reset();
    expect(latch.check('198.51.100.9', 5000, 9, 0, 1, 10)).toBe('latched');
  });
});
