import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';

/*
 * Test helpers: a UDP peer on loopback that records what it receives, and
 * an RTP packet builder. Tests use their own 127.0.0.x so they can run in
 * parallel with other suites (STYLE §5).
 */

/** A phone-like UDP peer for endpoint tests. */
export interface TestPeer {
  readonly socket: Socket;
  readonly address: string;
  readonly port: number;
  readonly received: Buffer[];
  send(packet: Uint8Array, port: number, address: string): Promise<void>;
  /** Resolves once `count` packets have arrived (or rejects after timeoutMs). */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  close(): void;
}

/** Binds a peer on `address` (IPv4 or IPv6), any port. */
export async function openTestPeer(address: string): Promise<TestPeer> {
  const socket = createSocket(address.includes(':') ? 'udp6' : 'udp4');
  const received: Buffer[] = [];
  socket.on('message', (m) => received.push(m));
  await new Promise<void>((resolve) => socket.bind(0, address, resolve));
  return {
    socket,
    address,
    port: socket.address().port,
    received,
    send: (packet, port, to) =>
      new Promise((resolve, reject) =>
        socket.send(packet, port, to, (e) => (e ? reject(e) : resolve())),
      ),
    waitFor: async (count, timeoutMs = 1000) => {
      const end = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > end) throw new Error(`got ${received.length} of ${count} packets`);
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    close: () => socket.close(),
  };
}

/** Builds an RTP packet with a 12-byte header. */
export function rtp(
  seq: number,
  opts: { ssrc?: number; pt?: number; ts?: number; marker?: boolean; payload?: Uint8Array } = {},
): Buffer {
  const payload = opts.payload ?? new Uint8Array(160).fill(0xff);
  const buf = Buffer.alloc(12 + payload.length);
  buf[0] = 0x80;
  buf[1] = (opts.marker === true ? 0x80 : 0) | (opts.pt ?? 0);
  buf.writeUInt16BE(seq & 0xffff, 2);
  buf.writeUInt32BE((opts.ts ?? seq * 160) >>> 0, 4);
  buf.writeUInt32BE((opts.ssrc ?? 0x1234) >>> 0, 8);
  buf.set(payload, 12);
  return buf;
}

/** Waits `ms` of real time. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
