import { describe, expect, it } from 'vitest';
import {
  SDES_ITEM,
  parseRtcpCompound,
  parseRtcpPacket,
  rtcpPacketSize,
  sdesCname,
  sdesItem,
  serializeRtcpCompound,
  serializeRtcpPacket,
  serializeRtcpPacketInto,
} from './index.ts';
import type { RtcpPacket, RtcpReportBlock } from './index.ts';

const block: RtcpReportBlock = {
  ssrc: 0x01020304,
  fractionLost: 64,
  cumulativeLost: -3,
  extendedHighestSeq: 0x0001ffff,
  jitter: 77,
  lastSr: 0xabcd1234,
  delaySinceLastSr: 65536,
};

const sr: RtcpPacket = {
  type: 'sr',
  ssrc: 0xcafebabe,
  ntpSeconds: 0xe5000000,
  ntpFraction: 0x80000000,
  rtpTimestamp: 160,
  packetCount: 50,
  octetCount: 8000,
  reports: [block],
  profileExtension: Buffer.alloc(0),
  paddingSize: 0,
};
const rr: RtcpPacket = {
  type: 'rr',
  ssrc: 7,
  reports: [block, { ...block, ssrc: 9 }],
  profileExtension: Buffer.from([1, 2, 3, 4]),
  paddingSize: 0,
};
const sdes: RtcpPacket = {
  type: 'sdes',
  chunks: [
    { ssrc: 0xcafebabe, items: [sdesItem(SDES_ITEM.CNAME, 'switchyard@192.0.2.1')] },
    { ssrc: 5, items: [sdesItem(SDES_ITEM.NAME, 'Zoë'), sdesItem(SDES_ITEM.TOOL, 'sy')] },
    { ssrc: 6, items: [] },
  ],
  paddingSize: 0,
};
const bye: RtcpPacket = {
  type: 'bye',
  ssrcs: [0xcafebabe, 1],
  reason: Buffer.from('hangup'),
  paddingSize: 0,
};
const app: RtcpPacket = {
  type: 'app',
  subtype: 3,
  ssrc: 1,
  name: 'SWYD',
  data: Buffer.from([9, 9, 9, 9]),
  paddingSize: 0,
};
const raw: RtcpPacket = {
  type: 'raw',
  packetType: 205,
  count: 1,
  body: Buffer.from('0000000100000002', 'hex'),
  paddingSize: 0,
};

function parseOne(buf: Buffer): RtcpPacket {
  const result = parseRtcpPacket(buf);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.detail}`);
  return result.value;
}

describe('RTCP round trip', () => {
  it.each([
    ['SR', sr],
    ['RR with profile extension', rr],
    ['SDES', sdes],
    ['BYE with reason', bye],
    ['BYE without reason', { ...bye, reason: undefined }],
    ['APP', app],
    ['RTPFB kept raw', raw],
    ['padded RR', { ...rr, paddingSize: 8 }],
  ] as Array<[string, RtcpPacket]>)(
    'serializeRtcpPacket() then parseRtcpPacket() when %s → the same packet',
    (_name, pkt) => {
      const buf = serializeRtcpPacket(pkt);
      expect(buf.length).toBe(rtcpPacketSize(pkt));
      expect(buf.length % 4).toBe(0);
      expect(parseOne(buf)).toEqual(pkt);
    },
  );

  it('parseRtcpCompound() when given SR+SDES+BYE → three packets in order', () => {
    const buf = serializeRtcpCompound([sr, sdes, bye]);
    const result = parseRtcpCompound(buf);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value).toEqual([sr, sdes, bye]);
  });

  it('serializeRtcpPacketInto() when given an offset → writes at it and returns the size', () => {
    const buf = Buffer.alloc(200);
    const size = serializeRtcpPacketInto(rr, buf, 8);
    expect(parseOne(buf.subarray(8, 8 + size))).toEqual(rr);
  });
});

describe('RTCP wire layout', () => {
  it('serializeRtcpPacket() when given an RR → the RFC 3550 §6.4.2 octets', () => {
    const buf = serializeRtcpPacket({ ...rr, reports: [block], profileExtension: Buffer.alloc(0) });
    expect(buf.toString('hex')).toBe(
      '81c90007' +
        '00000007' +
        '01020304' +
        '40fffffd' +
        '0001ffff' +
        '0000004d' +
        'abcd1234' +
        '00010000',
    );
  });

  it('serializeRtcpPacket() when an SDES chunk ends on a word boundary → adds a null word', () => {
    const buf = serializeRtcpPacket({
      type: 'sdes',
      chunks: [{ ssrc: 1, items: [sdesItem(SDES_ITEM.CNAME, 'ab')] }],
      paddingSize: 0,
    });
    expect(buf.toString('hex')).toBe('81ca0003' + '00000001' + '01026162' + '00000000');
  });

  it('sdesCname() when the chunk has a CNAME → the text, else undefined', () => {
    const pkt = parseOne(serializeRtcpPacket(sdes));
    if (pkt.type !== 'sdes') throw new Error('not sdes');
    expect(sdesCname(pkt.chunks[0]!)).toBe('switchyard@192.0.2.1');
    expect(sdesCname(pkt.chunks[1]!)).toBeUndefined();
  });
});

describe('RTCP malformed input', () => {
  const table: Array<[string, string, string, number]> = [
    ['empty', '', 'ERR_RTCP_TOO_SHORT', 0],
    ['3 octets', '80c800', 'ERR_RTCP_TOO_SHORT', 0],
    ['version 1', '40c90001' + '00000001', 'ERR_RTCP_VERSION', 0],
    ['length past end', '80c90002' + '00000001', 'ERR_RTCP_LENGTH', 2],
    ['SR without sender info', '80c80001' + '00000001', 'ERR_RTCP_SR_TRUNCATED', 4],
    ['RR claiming a block', '81c90001' + '00000001', 'ERR_RTCP_RR_TRUNCATED', 4],
    ['padding count 0', 'a0c90001' + '00000000', 'ERR_RTCP_BAD_PADDING', 7],
    ['padding past header', 'a0c90001' + '00000009', 'ERR_RTCP_BAD_PADDING', 7],
    ['SDES chunk without end', '81ca0002' + '00000001' + '01020102', 'ERR_RTCP_SDES_TRUNCATED', 12],
    ['SDES item overrun', '81ca0002' + '00000001' + '01096162', 'ERR_RTCP_SDES_TRUNCATED', 8],
    ['SDES missing chunk', '82ca0002' + '00000001' + '00000000', 'ERR_RTCP_SDES_TRUNCATED', 12],
    ['BYE missing SSRC', '82cb0001' + '00000001', 'ERR_RTCP_BYE_TRUNCATED', 4],
    ['BYE reason overrun', '81cb0002' + '00000001' + '09616263', 'ERR_RTCP_BYE_TRUNCATED', 8],
    ['APP without name', '80cc0001' + '00000001', 'ERR_RTCP_APP_TRUNCATED', 4],
    ['second packet truncated', '80c90001' + '00000001' + '80', 'ERR_RTCP_TOO_SHORT', 8],
  ];
  it.each(table)('parseRtcpCompound() when %s → %s', (_name, hex, code, offset) => {
    const result = parseRtcpCompound(Buffer.from(hex, 'hex'));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(code);
      expect(result.error.offset).toBe(offset);
      expect(result.error.detail.length).toBeGreaterThan(0);
    }
  });

  it('parseRtcpPacket() when the buffer holds two packets → ERR_RTCP_LENGTH', () => {
    const result = parseRtcpPacket(serializeRtcpCompound([rr, bye]));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('ERR_RTCP_LENGTH');
  });

  it('serializeRtcpPacket() when a packet can not be encoded → throws RangeError', () => {
    expect(() => serializeRtcpPacket({ ...raw, body: Buffer.alloc(3) })).toThrow(RangeError);
    expect(() => serializeRtcpPacket({ ...raw, count: 32 })).toThrow(RangeError);
  });
});

describe('RTCP alignment', () => {
  it('fuzz regression: a BYE with a reason and one octet of padding → re-serializes aligned and re-parses equal', () => {
    const bytes = Buffer.from([161, 203, 0, 3, 0, 0, 0, 1, 3, 98, 121, 101, 0, 0, 0, 1]);
    const first = parseRtcpCompound(bytes);
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    const again = serializeRtcpCompound(first.value);
    expect(again.length % 4).toBe(0);
    const second = parseRtcpCompound(again);
    expect(second.ok && second.value).toEqual(first.value);
  });
});
