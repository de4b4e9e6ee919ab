import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  parseRtcpCompound,
  parseRtpPacket,
  rtpPayloadType,
  rtpSeq,
  rtpSsrc,
  SDES_ITEM,
  sdesItem,
  serializeRtcpCompound,
  serializeRtpPacket,
} from './index.ts';

/*
 * Fuzz targets (STYLE §5, like pion's fuzz job): random datagrams and
 * mutations of valid ones must never make a parser throw, and whatever
 * parses must serialize back to something that parses to the same value.
 * Each run is bounded in time.
 */

const TIME_LIMIT_MS = 2500;
const RUNS = 1_000_000;

const VALID_RTP = [
  '80000001000000a0cafebabe' + 'ff'.repeat(160),
  'b2e0ffff0000000000000001' + '00000002' + '00000003' + 'bede0001' + '10ff0000' + 'aabb0002',
];
const block = {
  ssrc: 0x01020304,
  fractionLost: 64,
  cumulativeLost: -3,
  extendedHighestSeq: 0x1ffff,
  jitter: 77,
  lastSr: 0xabcd1234,
  delaySinceLastSr: 65536,
};
const VALID_RTCP = [
  serializeRtcpCompound([
    {
      type: 'sr',
      ssrc: 1,
      ntpSeconds: 0xe5000000,
      ntpFraction: 0x80000000,
      rtpTimestamp: 160,
      packetCount: 50,
      octetCount: 8000,
      reports: [block],
      profileExtension: Buffer.alloc(0),
      paddingSize: 0,
    },
    {
      type: 'sdes',
      chunks: [{ ssrc: 1, items: [sdesItem(SDES_ITEM.CNAME, 'sy@192.0.2.1')] }],
      paddingSize: 0,
    },
    { type: 'bye', ssrcs: [1], reason: Buffer.from('bye'), paddingSize: 4 },
  ]),
  serializeRtcpCompound([
    {
      type: 'rr',
      ssrc: 2,
      reports: [block, block],
      profileExtension: Buffer.alloc(0),
      paddingSize: 0,
    },
    { type: 'app', subtype: 1, ssrc: 2, name: 'SWYD', data: Buffer.alloc(4), paddingSize: 0 },
    { type: 'raw', packetType: 205, count: 1, body: Buffer.alloc(8, 1), paddingSize: 0 },
  ]),
].map((buf) => buf.toString('hex'));

/** Random bytes, or a valid packet with a few bytes overwritten, cut or extended. */
function datagrams(valid: string[]): fc.Arbitrary<Buffer> {
  const mutated = fc
    .tuple(
      fc.constantFrom(...valid.map((hex) => Buffer.from(hex, 'hex'))),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
      fc.integer({ min: -8, max: 8 }),
    )
    .map(([base, edits, resize]) => {
      const length = Math.max(0, base.length + resize);
      const buf = Buffer.alloc(length);
      base.copy(buf, 0, 0, Math.min(length, base.length));
      for (const [at, value] of edits) if (length > 0) buf[at % length] = value;
      return buf;
    });
  const random = fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes));
  return fc.oneof(mutated, random);
}

describe('RTP/RTCP fuzz', () => {
  it('parseRtpPacket() when fed random and mutated datagrams → never throws, re-parses equal', () => {
    fc.assert(
      fc.property(datagrams(VALID_RTP), (buf) => {
        const first = parseRtpPacket(buf);
        rtpSsrc(buf);
        rtpSeq(buf);
        rtpPayloadType(buf);
        if (!first.ok) {
          expect(first.error.offset).toBeGreaterThanOrEqual(0);
          expect(first.error.offset).toBeLessThanOrEqual(buf.length);
          return;
        }
        const again = parseRtpPacket(serializeRtpPacket(first.value));
        expect(again).toEqual(first);
      }),
      { numRuns: RUNS, interruptAfterTimeLimit: TIME_LIMIT_MS },
    );
  });

  it('parseRtcpCompound() when fed random and mutated datagrams → never throws, re-parses equal', () => {
    fc.assert(
      fc.property(datagrams(VALID_RTCP), (buf) => {
        const first = parseRtcpCompound(buf);
        if (!first.ok) {
          expect(first.error.offset).toBeGreaterThanOrEqual(0);
          expect(first.error.offset).toBeLessThanOrEqual(buf.length);
          return;
        }
        const again = parseRtcpCompound(serializeRtcpCompound(first.value));
        expect(again).toEqual(first);
      }),
      { numRuns: RUNS, interruptAfterTimeLimit: TIME_LIMIT_MS },
    );
  });

  it('the RTCP fuzz seeds when parsed → are valid compound packets', () => {
    for (const hex of VALID_RTCP) {
      const result = parseRtcpCompound(Buffer.from(hex, 'hex'));
      if (!result.ok) throw new Error(`${hex}: ${result.error.code} ${result.error.detail}`);
    }
    for (const hex of VALID_RTP) expect(parseRtpPacket(Buffer.from(hex, 'hex')).ok).toBe(true);
  });
});
