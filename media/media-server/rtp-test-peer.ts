import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';

/*
 * A scripted phone for the media server's tests: a UDP socket on its own
 * loopback address that records what it receives, with helpers to write
 * its SDP and read where our side of it wants media. Test code only.
 */

/** A scripted RTP phone. */
export interface RtpTestPeer {
  readonly address: string;
  readonly port: number;
  readonly received: Buffer[];
  /** Where to send, from the SDP the media server gave this phone. */
  target: { address: string; port: number } | undefined;
  send(packet: Uint8Array): Promise<void>;
  /** Resolves once `count` packets arrived; rejects after timeoutMs. */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  /** Calls `fn` for each packet as it arrives. */
  onPacket(fn: (packet: Buffer) => void): void;
  close(): void;
}

/** Binds a phone on `address`. */
export async function openRtpTestPeer(address: string): Promise<RtpTestPeer> {
  const socket: Socket = createSocket('udp4');
  const received: Buffer[] = [];
  const hooks: ((p: Buffer) => void)[] = [];
  socket.on('message', (m) => {
    received.push(m);
    for (const h of hooks) h(m);
  });
  await new Promise<void>((resolve) => socket.bind(0, address, resolve));
  const peer: RtpTestPeer = {
    address,
    port: socket.address().port,
    received,
    target: undefined,
    send: (packet) =>
      new Promise((resolve, reject) => {
        const t = peer.target;
        if (t === undefined) return reject(new Error('no target yet'));
        socket.send(packet, t.port, t.address, (e) => (e ? reject(e) : resolve()));
      }),
    waitFor: async (count, timeoutMs = 2000) => {
      const end = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > end) throw new Error(`got ${received.length} of ${count} packets`);
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    onPacket: (fn) => hooks.push(fn),
    close: () => socket.close(),
  };
  return peer;
}

/** An audio offer or answer from a phone, with these rtpmap lines. */
export function phoneSdp(
  peer: { address: string; port: number },
  codecs: readonly string[],
  direction = 'sendrecv',
): string {
  const pts = codecs.map((c) => c.split(' ')[0]!);
  return [
    'v=0',
    `o=phone 1 1 IN IP4 ${peer.address}`,
    's=-',
    `c=IN IP4 ${peer.address}`,
    't=0 0',
    `m=audio ${peer.port} RTP/AVP ${pts.join(' ')}`,
    ...codecs.map((c) => `a=rtpmap:${c}`),
    `a=${direction}`,
    '',
  ].join('\r\n');
}

/** Where an SDP body asks for audio: its c= address and audio port. */
export function sdpTarget(sdp: string): { address: string; port: number } {
  const address = /^c=IN IP4 (\S+)/m.exec(sdp)?.[1];
  const port = /^m=audio (\d+)/m.exec(sdp)?.[1];
  if (address === undefined || port === undefined) throw new Error(`no audio in ${sdp}`);
  return { address, port: Number(port) };
}

/** Builds an RTP packet with a 12-byte header. */
export function rtpPacket(
  seq: number,
  payload: Uint8Array,
  opts: { ssrc?: number; pt?: number; ts?: number; marker?: boolean } = {},
): Buffer {
  const buf = Buffer.alloc(12 + payload.length);
  buf[0] = 0x80;
  buf[1] = (opts.marker === true ? 0x80 : 0) | (opts.pt ?? 0);
  buf.writeUInt16BE(seq & 0xffff, 2);
  buf.writeUInt32BE((opts.ts ?? seq * 160) >>> 0, 4);
  buf.writeUInt32BE((opts.ssrc ?? 0x1234) >>> 0, 8);
  buf.set(payload, 12);
  return buf;
}
