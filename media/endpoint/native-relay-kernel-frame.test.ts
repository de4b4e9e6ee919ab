import { spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import {
  NATIVE_RELAY_KERNEL_PATH,
  NATIVE_RELAY_PATH,
  loadNativeRelay,
} from './native-relay-binding.ts';
import type { NativeRelayShardHandle } from './native-relay-binding.ts';
import { rtp, sleep } from './test-peer.ts';

// D43: the tc ingress program on crafted frames (BPF_PROG_TEST_RUN) and
// the tcx link's lifetime across a SIGKILL. Loopback .204 and .208-.210.
const RELAY_IP = '127.0.0.204';
const PHONE_A_IP = '127.0.0.208';
const PHONE_B_IP = '127.0.0.209';
const TCX_NEXT = -1;

const { binding, reason: loadReason } = loadNativeRelay();

function probe(): string | undefined {
  if (binding === undefined) return loadReason;
  const h = new binding.RelayShard(0);
  const reason = h.enableKernel(NATIVE_RELAY_KERNEL_PATH);
  h.destroy();
  return reason === '' ? undefined : reason;
}

function ip4(text: string): Buffer {
  return Buffer.from(text.split('.').map(Number));
}

/** RFC 1071 ones' complement sum, folded. */
function onesSum(...parts: Buffer[]): number {
  let sum = 0;
  for (const p of parts) {
    for (let i = 0; i < p.length; i += 2) sum += (p[i]! << 8) | (p[i + 1] ?? 0);
  }
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

interface Udp4 {
  src: string;
  srcPort: number;
  dst: string;
  dstPort: number;
  ttl?: number;
  noChecksum?: boolean;
}

/**
 * An Ethernet frame as loopback carries it (zero MACs) with IPv4 (RFC 791)
 * and UDP (RFC 768) headers and both checksums filled in.
 */
function frame(u: Udp4, payload: Buffer): Buffer {
  const udpLen = 8 + payload.length;
  const f = Buffer.alloc(14 + 20 + udpLen);
  f.writeUInt16BE(0x0800, 12);
  const ip = f.subarray(14, 34);
  ip[0] = 0x45;
  ip.writeUInt16BE(20 + udpLen, 2);
  ip.writeUInt16BE(0x4000, 6);
  ip[8] = u.ttl ?? 64;
  ip[9] = 17;
  ip4(u.src).copy(ip, 12);
  ip4(u.dst).copy(ip, 16);
  ip.writeUInt16BE(~onesSum(ip) & 0xffff, 10);
  const udp = f.subarray(34);
  udp.writeUInt16BE(u.srcPort, 0);
  udp.writeUInt16BE(u.dstPort, 2);
  udp.writeUInt16BE(udpLen, 4);
  payload.copy(udp, 8);
  if (u.noChecksum !== true) udp.writeUInt16BE(~onesSum(pseudo(f), udp) & 0xffff || 0xffff, 6);
  return f;
}

/** The UDP pseudo-header of a frame's IPv4 packet (RFC 768). */
function pseudo(f: Buffer): Buffer {
  const p = Buffer.alloc(12);
  f.copy(p, 0, 26, 34);
  p[9] = 17;
  p.writeUInt16BE(f.length - 34, 10);
  return p;
}

function isIpChecksumOk(f: Buffer): boolean {
  return onesSum(f.subarray(14, 34)) === 0xffff;
}

function isUdpChecksumOk(f: Buffer): boolean {
  return onesSum(pseudo(f), f.subarray(34)) === 0xffff;
}

const skip = probe();
if (skip !== undefined) {
  describe('relay_ingress (tc ingress program)', () => {
    it.skip(`skipped: ${skip}`, () => undefined);
  });
} else {
  const b = binding!;
  describe('relay_ingress (tc ingress program)', () => {
    let h: NativeRelayShardHandle | undefined;
    const legA = 43_402;
    const legB = 43_404;
    const fromA = { src: PHONE_A_IP, srcPort: 40_000, dst: RELAY_IP, dstPort: legA };

    function open(): NativeRelayShardHandle {
      const shard = new b.RelayShard(0);
      expect(shard.enableKernel(NATIVE_RELAY_KERNEL_PATH)).toBe('');
      const args = [false, [0, 8], -1, 2000, 5, 65_536, false] as const;
      const a = shard.openLeg(RELAY_IP, legA, ...args);
      const c = shard.openLeg(RELAY_IP, legB, ...args);
      shard.setLatched(a, PHONE_A_IP, 40_000, 1);
      shard.setLatched(c, PHONE_B_IP, 40_002, 2);
      shard.setPeer(a, c);
      expect(shard.kernelStatus().entries).toBe(2);
      h = shard;
      return shard;
    }

    afterEach(() => h?.destroy());

    it('a frame from the latched source → addresses, ports and TTL rewritten, both checksums valid', () => {
      const shard = open();
      const input = frame(fromA, rtp(7, { ssrc: 1 }));
      expect(isUdpChecksumOk(input) && isIpChecksumOk(input)).toBe(true);
      const r = shard.kernelTestRun(input);
      // A peer on this host: the packet goes on up the stack (TCX_NEXT).
      expect(r.verdict).toBe(TCX_NEXT);
      const out = r.packet;
      expect([...out.subarray(26, 30)].join('.')).toBe(RELAY_IP);
      expect([...out.subarray(30, 34)].join('.')).toBe(PHONE_B_IP);
      expect(out.readUInt16BE(34)).toBe(legB);
      expect(out.readUInt16BE(36)).toBe(40_002);
      expect(out[22]).toBe(63);
      expect(isIpChecksumOk(out)).toBe(true);
      expect(isUdpChecksumOk(out)).toBe(true);
      expect(out.subarray(42).equals(input.subarray(42))).toBe(true);
    });

    it('200 random payloads and TTLs → both checksums stay valid (carry cases)', () => {
      const shard = open();
      for (let i = 0; i < 200; i++) {
        const payload = Buffer.from(Array.from({ length: 160 }, () => (Math.random() * 256) | 0));
        const ttl = 2 + ((Math.random() * 254) | 0);
        const input = frame(
          { ...fromA, ttl },
          rtp((Math.random() * 0x10000) | 0, {
            ssrc: 1,
            ts: (Math.random() * 2 ** 32) >>> 0,
            payload,
          }),
        );
        const out = shard.kernelTestRun(input).packet;
        expect(out[22]).toBe(ttl - 1);
        expect(isIpChecksumOk(out) && isUdpChecksumOk(out)).toBe(true);
      }
    });

    it('a frame with no UDP checksum (0) → rewritten and the checksum stays 0', () => {
      const out = open().kernelTestRun(
        frame({ ...fromA, noChecksum: true }, rtp(1, { ssrc: 1 })),
      ).packet;
      expect(out.readUInt16BE(36)).toBe(40_002);
      expect(out.readUInt16BE(40)).toBe(0);
      expect(isIpChecksumOk(out)).toBe(true);
    });

    /** Leg B's outgoing stream: source 1 goes out as `ssrc`, numbered on. */
    function setStream(shard: NativeRelayShardHandle, seqOffset: number, tsOffset: number) {
      const fields = [1, 0xabcdef01, 1, seqOffset, tsOffset, 500, 80_000, 0, 160, 8000, 101, 1];
      expect(shard.setStream(2, Float64Array.from(fields))).toBe(true);
      expect(shard.kernelStatus().entries).toBe(2);
    }

    it('a stream with offsets (D44) → seq, timestamp and SSRC rewritten, both checksums valid', () => {
      const shard = open();
      setStream(shard, 1000, 5000);
      const out = shard.kernelTestRun(frame(fromA, rtp(7, { ssrc: 1 }))).packet;
      expect(out.readUInt16BE(42 + 2)).toBe(1007);
      expect(out.readUInt32BE(42 + 4)).toBe(7 * 160 + 5000);
      expect(out.readUInt32BE(42 + 8)).toBe(0xabcdef01);
      expect(out[42 + 1]).toBe(0);
      expect(isIpChecksumOk(out) && isUdpChecksumOk(out)).toBe(true);
    });

    it('200 random headers through a stream with random offsets → wraps kept, checksums valid', () => {
      const shard = open();
      for (let i = 0; i < 200; i++) {
        const seqOffset = (Math.random() * 0x10000) | 0;
        const tsOffset = (Math.random() * 2 ** 32) >>> 0;
        setStream(shard, seqOffset, tsOffset);
        const seq = (Math.random() * 0x10000) | 0;
        const ts = (Math.random() * 2 ** 32) >>> 0;
        const payload = Buffer.from(Array.from({ length: 160 }, () => (Math.random() * 256) | 0));
        const out = shard.kernelTestRun(frame(fromA, rtp(seq, { ssrc: 1, ts, payload }))).packet;
        expect(out.readUInt16BE(44)).toBe((seq + seqOffset) & 0xffff);
        expect(out.readUInt32BE(46)).toBe((ts + tsOffset) >>> 0);
        expect(isIpChecksumOk(out) && isUdpChecksumOk(out)).toBe(true);
      }
    });

    it.each([
      ['another SSRC than the source the stream relays', frame(fromA, rtp(1, { ssrc: 2 }))],
      ['another source port', frame({ ...fromA, srcPort: 40_001 }, rtp(1))],
      ['another source address', frame({ ...fromA, src: '127.0.0.210' }, rtp(1))],
      ['a payload type not relayed in the kernel (101)', frame(fromA, rtp(1, { pt: 101 }))],
      [
        'RTCP (RFC 5761 range)',
        frame(fromA, Buffer.from([0x80, 200, 0, 6, 0, 0, 0, 1, 0, 0, 0, 0])),
      ],
      ['not RTP version 2', frame(fromA, Buffer.alloc(20, 0x40))],
      ['TTL 1', frame({ ...fromA, ttl: 1 }, rtp(1))],
      ['another port of the relay', frame({ ...fromA, dstPort: legA + 1 }, rtp(1))],
    ])('%s → TCX_NEXT and the frame untouched', (_name, input) => {
      const r = open().kernelTestRun(input);
      expect(r.verdict).toBe(TCX_NEXT);
      expect(r.packet.equals(input)).toBe(true);
    });
  });

  describe('tcx link lifetime', () => {
    const sockets: Socket[] = [];
    afterEach(() => {
      for (const s of sockets.splice(0)) s.close();
    });

    async function bind(address: string, port: number): Promise<Socket> {
      const s = createSocket('udp4');
      await new Promise<void>((resolve) => s.bind(port, address, resolve));
      sockets.push(s);
      return s;
    }

    function next(
      s: Socket,
      timeoutMs = 500,
    ): Promise<{ port: number; address: string } | undefined> {
      return new Promise((resolve) => {
        const t = setTimeout(() => resolve(undefined), timeoutMs);
        s.once('message', (_m, r) => {
          clearTimeout(t);
          resolve({ port: r.port, address: r.address });
        });
      });
    }

    function hasLink(id: number): boolean | undefined {
      const r = spawnSync('bpftool', ['link', 'show', 'id', String(id)], { stdio: 'ignore' });
      return r.error === undefined ? r.status === 0 : undefined;
    }

    it('a relay process killed with SIGKILL → its tcx link is gone and its old port gets packets again', async () => {
      const [legA, legB, phonePort] = [43_410, 43_412, 40_010];
      const child = spawn(process.execPath, [
        '--input-type=module',
        '-e',
        CHILD,
        NATIVE_RELAY_PATH,
        NATIVE_RELAY_KERNEL_PATH,
        JSON.stringify({ relay: RELAY_IP, legA, legB, a: PHONE_A_IP, b: PHONE_B_IP, phonePort }),
      ]);
      const exited = new Promise((resolve) => child.on('exit', resolve));
      const line = await new Promise<string>((resolve, reject) => {
        child.stdout.once('data', (d: Buffer) => resolve(d.toString()));
        child.once('exit', () => reject(new Error('child exited early')));
      });
      const { linkIds } = JSON.parse(line) as { linkIds: number[] };
      expect(linkIds.length).toBe(1);
      const phoneA = await bind(PHONE_A_IP, phonePort);
      const phoneB = await bind(PHONE_B_IP, phonePort);
      const send = (port: number) =>
        new Promise<void>((resolve) => phoneA.send(rtp(1), port, RELAY_IP, () => resolve()));
      // While the child lives its program relays A → B in the kernel.
      const relayed = next(phoneB);
      await send(legA);
      expect(await relayed).toEqual({ address: RELAY_IP, port: legB });
      expect(hasLink(linkIds[0]!)).not.toBe(false);

      child.kill('SIGKILL');
      await exited;
      expect(hasLink(linkIds[0]!)).not.toBe(true);
      // A new socket on the dead relay's port gets the same packet.
      const reuse = await bind(RELAY_IP, legA);
      const arrived = next(reuse);
      await send(legA);
      expect(await arrived).toEqual({ address: PHONE_A_IP, port: phonePort });
      await sleep(10);
    });
  });
}

/** The relay process of the SIGKILL test: latches a pair and waits. */
const CHILD = `
import { createRequire } from 'node:module';
const [addon, object, json] = process.argv.slice(1);
const o = JSON.parse(json);
const b = createRequire(import.meta.url)(addon);
const h = new b.RelayShard(0);
const reason = h.enableKernel(object);
if (reason !== '') throw new Error(reason);
const args = [false, [0], -1, 2000, 5, 65536, false];
const a = h.openLeg(o.relay, o.legA, ...args);
const c = h.openLeg(o.relay, o.legB, ...args);
h.setLatched(a, o.a, o.phonePort, 0x1234);
h.setLatched(c, o.b, o.phonePort, 2);
h.setPeer(a, c);
process.stdout.write(JSON.stringify(h.kernelStatus()) + '\\n');
setInterval(() => undefined, 1000);
`;
