/**
 * RFC 4733 §2.3 event packets for one key as a phone sends them: start,
 * an update, then the end packet three times (§2.5.1.4), payload type
 * 101, 10 dB, 100 ms in all.
 */
export function rfc4733DigitPackets(
  event: number,
  seq: number,
  ts: number,
  ssrc = 0x1234abcd,
): Buffer[] {
  const packet = (n: number, isEnd: boolean, duration: number, isMarker: boolean) => {
    const b = Buffer.alloc(16);
    b[0] = 0x80;
    b[1] = (isMarker ? 0x80 : 0) | 101;
    b.writeUInt16BE((seq + n) & 0xffff, 2);
    b.writeUInt32BE(ts >>> 0, 4);
    b.writeUInt32BE(ssrc >>> 0, 8);
    b[12] = event;
    b[13] = (isEnd ? 0x80 : 0) | 10;
    b.writeUInt16BE(duration, 14);
    return b;
  };
  return [
    packet(0, false, 160, true),
    packet(1, false, 320, false),
    packet(2, true, 800, false),
    packet(3, true, 800, false),
    packet(4, true, 800, false),
  ];
}
