/**
 * Where the payload lies: after the CSRC list and header extension, and
 * before any padding (RFC 3550 §5.1, §5.3.1); undefined if the header
 * overruns the packet.
 */
export function payloadRange(packet: Buffer): [number, number] | undefined {
  let offset = 12 + (packet[0]! & 0x0f) * 4;
  if ((packet[0]! & 0x10) !== 0) {
    if (packet.length < offset + 4) return undefined;
    offset += 4 + packet.readUInt16BE(offset + 2) * 4;
  }
  const padding = (packet[0]! & 0x20) !== 0 ? packet[packet.length - 1]! : 0;
  const end = packet.length - padding;
  return offset > end ? undefined : [offset, end];
}
