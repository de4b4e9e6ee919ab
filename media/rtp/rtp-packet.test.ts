import { describe, expect, it } from 'vitest';
import {
  isRtcpPacket,
  parseRtpPacket,
  rtpPacketSize,
  rtpPayloadType,
  rtpSeq,
  rtpSsrc,
  rtpTimestamp,
  serializeRtpPacket,
  serializeRtpPacketInto,
} from './index.ts';
import type { RtpPacket } from './index.ts';

function packet(overrides: Partial<RtpPacket> = {}): RtpPacket {
  return {
    marker: false,
    payloadType: 0,
    sequenceNumber: 1234,
    timestamp: 0xdeadbeef,
    ssrc: 0x11223344,
    csrcs: [],
    extension: undefined,
    payload: Buffer.from([1, 2, 3, 4, 5]),
    paddingSize: 0,
    ...overrides,
  };
}

function parsed(buf: Buffer): RtpPacket {
  const result = parseRtpPacket(buf);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.detail}`);
  return result.value;
}

describe('parseRtpPacket()', () => {
  it('parseRtpPacket() when given a minimal PCMU packet → reads every header field', () => {
    const buf = Buffer.from('80e004d2deadbeef11223344aabb', 'hex');
    expect(parsed(buf)).toEqual({
      marker: true,
      payloadType: 96,
      sequenceNumber: 1234,
      timestamp: 0xdeadbeef,
      ssrc: 0x11223344,
      csrcs: [],
      extension: undefined,
      payload: Buffer.from([0xaa, 0xbb]),
      paddingSize: 0,
    });
  });

  it('parseRtpPacket() when parsing → the payload shares memory with the input', () => {
    const buf = serializeRtpPacket(packet());
    const pkt = parsed(buf);
    buf[12] = 0x77;
    expect(pkt.payload[0]).toBe(0x77);
  });

  it('parseRtpPacket() when CSRCs, an RFC 8285 extension and padding are present → keeps all', () => {
    const original = packet({
      csrcs: [1, 0xffffffff, 3],
      extension: { profile: 0xbede, data: Buffer.from([0x10, 0xff, 0, 0]) },
      paddingSize: 4,
      marker: true,
      payloadType: 127,
    });
    const buf = serializeRtpPacket(original);
    expect(buf.length).toBe(12 + 12 + 8 + 5 + 4);
    expect(parsed(buf)).toEqual(original);
  });

  const malformed: Array<[string, string, string, number]> = [
    ['empty', '', 'ERR_RTP_TOO_SHORT', 0],
    ['11 octets', '8000000100000000000000', 'ERR_RTP_TOO_SHORT', 0],
    ['version 1', '400000010000000000000000', 'ERR_RTP_VERSION', 0],
    ['version 0', '000000010000000000000000', 'ERR_RTP_VERSION', 0],
    ['CC=2 with one CSRC', '82000001000000000000000000000001', 'ERR_RTP_CSRC_TRUNCATED', 12],
    ['X=1 with no extension', '900000010000000000000000', 'ERR_RTP_EXTENSION_TRUNCATED', 12],
    [
      'extension of 2 words with 1 present',
      '900000010000000000000000bede000200000000',
      'ERR_RTP_EXTENSION_TRUNCATED',
      14,
    ],
    ['padding count 0', 'a0000001000000000000000000', 'ERR_RTP_BAD_PADDING', 12],
    ['padding count past header', 'a0000001000000000000000001020305', 'ERR_RTP_BAD_PADDING', 15],
  ];
  it.each(malformed)('parseRtpPacket() when %s → %s', (_name, hex, code, offset) => {
    const result = parseRtpPacket(Buffer.from(hex, 'hex'));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(code);
      expect(result.error.offset).toBe(offset);
      expect(result.error.detail).toMatch(/\d/);
    }
  });

  it('parseRtpPacket() when padding fills the whole payload → empty payload', () => {
    const pkt = parsed(Buffer.from('a00000010000000000000000000003', 'hex'));
    expect(pkt.payload.length).toBe(0);
    expect(pkt.paddingSize).toBe(3);
  });
});

describe('serializeRtpPacketInto()', () => {
  it('serializeRtpPacketInto() when given an offset → writes there and returns the size', () => {
    const pkt = packet({ csrcs: [9] });
    const buf = Buffer.alloc(100, 0xee);
    const written = serializeRtpPacketInto(pkt, buf, 10);
    expect(written).toBe(rtpPacketSize(pkt));
    expect(buf[9]).toBe(0xee);
    expect(buf[10 + written]).toBe(0xee);
    expect(parsed(buf.subarray(10, 10 + written))).toEqual(pkt);
  });

  it('serializeRtpPacketInto() when the buffer is too small → throws RangeError', () => {
    expect(() => serializeRtpPacketInto(packet(), Buffer.alloc(10), 0)).toThrow(RangeError);
  });

  it('serializeRtpPacket() when the extension is not 32-bit aligned → pads it with zeros', () => {
    const buf = serializeRtpPacket(
      packet({ extension: { profile: 0xbede, data: Buffer.from([0x10, 0xaa]) } }),
    );
    const pkt = parsed(buf);
    expect(pkt.extension?.data).toEqual(Buffer.from([0x10, 0xaa, 0, 0]));
  });

  it('serializeRtpPacket() when fields overflow → masks them to their widths', () => {
    const pkt = parsed(serializeRtpPacket(packet({ sequenceNumber: 0x10005, payloadType: 0x80 })));
    expect(pkt.sequenceNumber).toBe(5);
    expect(pkt.payloadType).toBe(0);
  });
});

describe('RTP header peeks', () => {
  const buf = serializeRtpPacket(packet({ payloadType: 8, marker: true }));

  it('rtpSsrc()/rtpSeq()/rtpTimestamp()/rtpPayloadType() when given RTP → read the fields', () => {
    expect(rtpSsrc(buf)).toBe(0x11223344);
    expect(rtpSeq(buf)).toBe(1234);
    expect(rtpTimestamp(buf)).toBe(0xdeadbeef);
    expect(rtpPayloadType(buf)).toBe(8);
  });

  it('rtpSsrc() when the buffer is short or not version 2 → -1', () => {
    expect(rtpSsrc(buf.subarray(0, 11))).toBe(-1);
    expect(rtpSeq(Buffer.from('400000010000000000000000', 'hex'))).toBe(-1);
    expect(rtpPayloadType(Buffer.alloc(0))).toBe(-1);
  });

  it('isRtcpPacket() when demultiplexing per RFC 5761 → RTCP 200..206 yes, RTP no', () => {
    expect(isRtcpPacket(Buffer.from('80c80006', 'hex'))).toBe(true);
    expect(isRtcpPacket(Buffer.from('81c90001', 'hex'))).toBe(true);
    expect(isRtcpPacket(buf)).toBe(false);
    expect(isRtcpPacket(Buffer.from('80', 'hex'))).toBe(false);
  });
});
