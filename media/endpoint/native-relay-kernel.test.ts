import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadNativeRelay } from './native-relay-binding.ts';
import { NativeRelayShard } from './native-relay.ts';
import type { NativeLegInfo, NativeLegOptions } from './native-relay.ts';
import { rtp, sleep } from './test-peer.ts';

// D43: RTP of latched pairs relayed by the tc ingress program. Loopback
// addresses of this brief: the relay on .204, phones on .208-.210.
const RELAY_IP = '127.0.0.204';
const PHONE_A_IP = '127.0.0.208';
const PHONE_B_IP = '127.0.0.209';
const ATTACKER_IP = '127.0.0.210';

const { binding, reason: loadReason } = loadNativeRelay();

/** Why the kernel path cannot run here, or undefined when it can. */
function kernelSkipReason(): string | undefined {
  if (binding === undefined) return loadReason;
  const s = NativeRelayShard.create({ binding, kernelForward: true });
  if (!s.ok) return s.error.detail;
  const status = s.value.kernelStatus();
  s.value.destroy();
  return status.isActive ? undefined : status.reason;
}

/** A UDP peer that keeps each packet with the address it came from. */
interface Phone {
  readonly socket: Socket;
  readonly port: number;
  readonly got: { packet: Buffer; address: string; port: number }[];
  send(packet: Uint8Array, port: number): Promise<void>;
  waitFor(count: number): Promise<void>;
}

async function openPhone(address: string, port = 0): Promise<Phone> {
  const socket = createSocket('udp4');
  const got: Phone['got'] = [];
  socket.on('message', (packet, r) => got.push({ packet, address: r.address, port: r.port }));
  await new Promise<void>((resolve) => socket.bind(port, address, resolve));
  return {
    socket,
    port: socket.address().port,
    got,
    send: (packet, to) =>
      new Promise((resolve, reject) =>
        socket.send(packet, to, RELAY_IP, (e) => (e ? reject(e) : resolve())),
      ),
    waitFor: async (count) => {
      const end = Date.now() + 1000;
      while (got.length < count) {
        if (Date.now() > end) throw new Error(`got ${got.length} of ${count} packets`);
        await sleep(5);
      }
    },
  };
}

/** RTCP receiver report with no blocks (RFC 3550 §6.4.2). */
function rtcpRr(ssrc: number): Buffer {
  const b = Buffer.from([0x80, 201, 0, 1, 0, 0, 0, 0]);
  b.writeUInt32BE(ssrc, 4);
  return b;
}

let nextPort = 43_200;
function port(): number {
  nextPort += 2;
  return nextPort;
}

describe('NativeRelayShard.kernelStatus()', () => {
  it.skipIf(binding === undefined)(
    'kernelStatus() when kernelForward is not asked → inactive with the reason',
    () => {
      const s = NativeRelayShard.create({ binding });
      if (!s.ok) throw new Error(s.error.detail);
      expect(s.value.kernelStatus()).toMatchObject({ isActive: false, entries: 0 });
      expect(s.value.kernelStatus().reason).toMatch(/not requested/);
      s.value.destroy();
    },
  );

  it.skipIf(binding === undefined)(
    'kernelForward with no BPF object → inactive, says it is not built, relays in user space',
    () => {
      const s = NativeRelayShard.create({
        binding,
        kernelForward: true,
        kernelObjectPath: '/nonexistent/relay_kern.bpf.o',
      });
      if (!s.ok) throw new Error(s.error.detail);
      expect(s.value.kernelStatus()).toMatchObject({ isActive: false });
      expect(s.value.kernelStatus().reason).toMatch(/not built/);
      s.value.destroy();
    },
  );
});

const skip = kernelSkipReason();
if (skip !== undefined) {
  describe('NativeRelayShard kernelForward', () => {
    it.skip(`skipped: ${skip}`, () => undefined);
  });
} else {
  describe('NativeRelayShard kernelForward', () => {
    let shard: NativeRelayShard;
    let a: NativeLegInfo;
    let b: NativeLegInfo;
    let phoneA: Phone;
    let phoneB: Phone;
    const sockets: Socket[] = [];

    async function phone(address: string): Promise<Phone> {
      const p = await openPhone(address);
      sockets.push(p.socket);
      return p;
    }

    function openLeg(opts: Omit<NativeLegOptions, 'bindAddress' | 'rtpPort'> = {}): NativeLegInfo {
      const r = shard.openLeg({ bindAddress: RELAY_IP, rtpPort: port(), ...opts });
      if (!r.ok) throw new Error(r.error.detail);
      return r.value;
    }

    /** Latches both legs with one packet from each phone. */
    async function latchBoth(): Promise<void> {
      await phoneA.send(rtp(0, { ssrc: 1 }), a.rtpPort);
      await phoneB.send(rtp(0, { ssrc: 2 }), b.rtpPort);
      await phoneA.waitFor(1);
      expect(shard.kernelStatus().entries).toBe(2);
    }

    beforeEach(async () => {
      const s = NativeRelayShard.create({ binding, kernelForward: true });
      if (!s.ok) throw new Error(s.error.detail);
      shard = s.value;
      // Without the socket filter the shard itself judges other sources.
      a = openLeg({ payloadTypes: [0, 8, 101], isKernelFiltered: false, relatchSilenceMs: 150 });
      b = openLeg({ payloadTypes: [0, 8, 101] });
      shard.setPeer(a.id, b.id);
      phoneA = await phone(PHONE_A_IP);
      phoneB = await phone(PHONE_B_IP);
    });

    afterEach(() => {
      shard.destroy();
      for (const s of sockets.splice(0)) s.close();
    });

    it('a latched pair → RTP relayed by the kernel with the relay’s addresses, counted from the map', async () => {
      expect(shard.kernelStatus()).toMatchObject({ isActive: true, entries: 0 });
      await latchBoth();
      for (let i = 1; i <= 10; i++) {
        await phoneA.send(rtp(i, { ssrc: 1 }), a.rtpPort);
        await phoneB.send(rtp(i, { ssrc: 2, pt: 8 }), b.rtpPort);
      }
      await phoneA.waitFor(11);
      await phoneB.waitFor(10);
      // Phone B missed phone A's first packet: B had no far end yet.
      for (const g of phoneB.got) {
        expect(g).toMatchObject({ address: RELAY_IP, port: b.rtpPort });
      }
      for (const g of phoneA.got) {
        expect(g).toMatchObject({ address: RELAY_IP, port: a.rtpPort });
      }
      expect(phoneB.got.map((g) => g.packet.readUInt16BE(2))).toEqual([
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
      ]);
      expect(phoneB.got[9]!.packet.equals(rtp(10, { ssrc: 1 }))).toBe(true);
      const sa = shard.stats(a.id)!;
      // The kernel relayed 10; the shard's sockets saw only the first.
      expect(sa).toMatchObject({ kernelForwarded: 10, kernelForwardedBytes: 10 * 172 });
      expect(sa.rtpReceived - sa.kernelForwarded).toBe(1);
      expect(sa).toMatchObject({ rtpReceived: 11, rtpSent: 11, rtpSentBytes: 11 * 172 });
      expect(shard.stats(b.id)).toMatchObject({
        kernelForwarded: 10,
        rtpReceived: 11,
        rtpSent: 10,
      });
      expect(shard.totals()).toMatchObject({ kernelForwarded: 20, rtpReceived: 22, rtpSent: 21 });
    });

    it('a stream handed over with offsets (D44) → the kernel rewrites it, a new SSRC switches it in the shard, reports about it are translated, close() returns the newest packet', async () => {
      const phoneARtcp = await phone(PHONE_A_IP);
      const rtcpAt = { address: PHONE_A_IP, port: phoneARtcp.port };
      shard.setRemote(a.id, { address: PHONE_A_IP, port: phoneA.port }, rtcpAt);
      await latchBoth();
      shard.setStream(b.id, {
        ssrc: 0xabc,
        source: 1,
        seqOffset: 100,
        tsOffset: 1000,
        lastSeq: 100,
        lastTs: 1000,
        sentAgoMs: 0,
        stepTicks: 160,
        clockRate: 8000,
        telephoneEventPt: 101,
        switches: 1,
      });
      for (let i = 1; i <= 5; i++) await phoneA.send(rtp(i, { ssrc: 1 }), a.rtpPort);
      await phoneB.waitFor(5);
      expect(shard.stats(a.id)).toMatchObject({ kernelForwarded: 5 });
      const header = (p: Buffer) => [p.readUInt16BE(2), p.readUInt32BE(4), p.readUInt32BE(8)];
      expect(phoneB.got.map((g) => header(g.packet))).toEqual(
        [1, 2, 3, 4, 5].map((i) => [100 + i, i * 160 + 1000, 0xabc]),
      );
      // Phone A restarts its stream: the first packet reaches the shard,
      // which switches the stream over; the kernel entry follows.
      await sleep(30);
      await phoneA.send(rtp(500, { ssrc: 7, ts: 90_000 }), a.rtpPort);
      await phoneB.waitFor(6);
      for (let i = 1; i < 3; i++) {
        await phoneA.send(rtp(500 + i, { ssrc: 7, ts: 90_000 + i * 160 }), a.rtpPort);
      }
      await phoneB.waitFor(8);
      const tail = phoneB.got.slice(5).map((g) => g.packet);
      expect(tail.map((p) => p.readUInt16BE(2))).toEqual([106, 107, 108]);
      expect(tail.every((p) => p.readUInt32BE(8) === 0xabc)).toBe(true);
      expect(tail.map((p) => (p[1]! & 0x80) !== 0)).toEqual([true, false, false]);
      expect(tail[1]!.readUInt32BE(4) - tail[0]!.readUInt32BE(4)).toBe(160);
      expect(shard.stats(a.id)).toMatchObject({ kernelForwarded: 7 });
      // Phone B reports on the stream it gets (0xabc, up to 108 in its
      // second cycle): phone A reads it about its own (7, up to 502; the
      // offset's borrow takes the cycle) (RFC 3550 §6.4.1).
      const rr = Buffer.alloc(32);
      rr.set([0x81, 201, 0, 7]);
      rr.writeUInt32BE(2, 4);
      rr.writeUInt32BE(0xabc, 8);
      rr.writeUInt32BE((1 << 16) | 108, 16);
      await phoneB.send(rr, b.rtcpPort);
      await phoneARtcp.waitFor(1);
      const report = phoneARtcp.got[0]!.packet;
      expect(report.readUInt32BE(8)).toBe(7);
      expect(report.readUInt32BE(16)).toBe(502);
      const closed = shard.closeWithStream(b.id);
      expect(closed?.stream).toMatchObject({
        ssrc: 0xabc,
        source: 7,
        lastSeq: 108,
        lastTs: tail[2]!.readUInt32BE(4),
        switches: 2,
      });
    });

    it('RTP from a third source → not relayed by the kernel; the shard refuses it as wrongSource', async () => {
      await latchBoth();
      const attacker = await phone(ATTACKER_IP);
      for (let i = 1; i <= 3; i++) await attacker.send(rtp(i, { ssrc: 66 }), a.rtpPort);
      await phoneA.send(rtp(1, { ssrc: 1 }), a.rtpPort);
      await phoneB.waitFor(1);
      await sleep(30);
      expect(phoneB.got.map((g) => g.packet.readUInt32BE(8))).toEqual([1]);
      expect(shard.stats(a.id)).toMatchObject({ wrongSource: 3, kernelForwarded: 1 });
    });

    it('a talking source relayed in the kernel → a newcomer cannot take the latch over', async () => {
      await latchBoth();
      // Longer than relatchSilenceMs (150) since the shard last saw phone
      // A: only the kernel's packet times keep its latch fresh, else the
      // newcomer's burst would pass probation and take over.
      for (let i = 1; i <= 15; i++) {
        await phoneA.send(rtp(i, { ssrc: 1 }), a.rtpPort);
        await sleep(20);
      }
      await phoneA.send(rtp(16, { ssrc: 1 }), a.rtpPort);
      const attacker = await phone(ATTACKER_IP);
      for (let i = 1; i <= 10; i++) await attacker.send(rtp(100 + i, { ssrc: 66 }), a.rtpPort);
      await phoneB.waitFor(16);
      await sleep(30);
      expect(shard.latched(a.id)).toMatchObject({ address: PHONE_A_IP, port: phoneA.port });
      expect(shard.stats(a.id)).toMatchObject({
        relatches: 0,
        wrongSource: 10,
        kernelForwarded: 16,
      });
    });

    it('setTaps() with 101 → telephone-event reaches onTap through the shard, audio stays in the kernel', async () => {
      const tapped: number[] = [];
      shard.onTap = (_leg, packet) => tapped.push(packet[1]! & 0x7f);
      shard.setTaps(a.id, [101]);
      await latchBoth();
      await phoneA.send(rtp(1, { ssrc: 1, pt: 101 }), a.rtpPort);
      await phoneA.send(rtp(2, { ssrc: 1 }), a.rtpPort);
      await phoneB.waitFor(2);
      const deadline = Date.now() + 1000;
      while (tapped.length === 0 && Date.now() < deadline) await sleep(5);
      expect(tapped).toEqual([101]);
      expect(shard.stats(a.id)).toMatchObject({ tapped: 1, kernelForwarded: 1 });
    });

    it('setTaps() after the pair is in the kernel → the tapped type moves to the shard at once', async () => {
      await latchBoth();
      await phoneA.send(rtp(1, { ssrc: 1, pt: 101 }), a.rtpPort);
      await phoneB.waitFor(1);
      expect(shard.stats(a.id)).toMatchObject({ kernelForwarded: 1, tapped: 0 });
      shard.setTaps(a.id, [101]);
      await phoneA.send(rtp(2, { ssrc: 1, pt: 101 }), a.rtpPort);
      await phoneB.waitFor(2);
      expect(shard.stats(a.id)).toMatchObject({ kernelForwarded: 1, tapped: 1 });
    });

    it('a newcomer after relatchSilenceMs of silence → re-latched, and the kernel entry follows it', async () => {
      await latchBoth();
      await sleep(200);
      const newcomer = await phone(ATTACKER_IP);
      for (let i = 1; i <= 5; i++) await newcomer.send(rtp(i, { ssrc: 9 }), a.rtpPort);
      await phoneB.waitFor(1);
      expect(shard.latched(a.id)).toMatchObject({ address: ATTACKER_IP, port: newcomer.port });
      expect(shard.stats(a.id)).toMatchObject({ relatches: 1, kernelForwarded: 0 });
      await newcomer.send(rtp(6, { ssrc: 9 }), a.rtpPort);
      await phoneA.send(rtp(7, { ssrc: 1 }), a.rtpPort);
      await phoneB.waitFor(2);
      await sleep(20);
      // Four probation packets and then the former source's one.
      expect(shard.stats(a.id)).toMatchObject({ kernelForwarded: 1, wrongSource: 5 });
      // Phone B's direction now goes to the newcomer, still in the kernel.
      await phoneB.send(rtp(1, { ssrc: 2 }), b.rtpPort);
      await newcomer.waitFor(1);
      expect(newcomer.got[0]).toMatchObject({ address: RELAY_IP, port: a.rtpPort });
    });

    it('RTCP on port + 1 → relayed by the shard, not the kernel', async () => {
      const phoneBRtcp = await phone(PHONE_B_IP);
      const rtcpAt = { address: PHONE_B_IP, port: phoneBRtcp.port };
      shard.setRemote(b.id, { address: PHONE_B_IP, port: phoneB.port }, rtcpAt);
      await latchBoth();
      await phoneA.send(rtcpRr(1), a.rtcpPort);
      await phoneBRtcp.waitFor(1);
      expect(phoneBRtcp.got[0]).toMatchObject({ address: RELAY_IP, port: b.rtcpPort });
      expect(shard.stats(a.id)).toMatchObject({ rtcpReceived: 1, kernelForwarded: 0 });
    });

    it('rtcp-mux RTCP on the RTP port → handled by the shard, RTP by the kernel', async () => {
      const mux = openLeg({ isRtcpMux: true });
      shard.setPeer(mux.id, b.id);
      await phoneA.send(rtp(0, { ssrc: 1 }), mux.rtpPort);
      await phoneB.send(rtp(0, { ssrc: 2 }), b.rtpPort);
      await phoneA.waitFor(1);
      await phoneA.send(rtcpRr(1), mux.rtpPort);
      await phoneA.send(rtp(1, { ssrc: 1 }), mux.rtpPort);
      await phoneB.waitFor(1);
      await sleep(20);
      expect(phoneB.got.map((g) => g.packet[1])).toEqual([0]);
      // Leg B knows no RTCP address (no SDP, no RTCP heard): notSent.
      expect(shard.stats(mux.id)).toMatchObject({ rtcpReceived: 1, kernelForwarded: 1 });
      expect(shard.stats(b.id)).toMatchObject({ rtcpSent: 0, notSent: 2 });
    });

    it('close() of a leg → both entries removed; the peer’s packets reach its socket again', async () => {
      await latchBoth();
      await phoneA.send(rtp(1, { ssrc: 1 }), a.rtpPort);
      await phoneB.waitFor(1);
      const final = shard.close(b.id);
      expect(final).toMatchObject({ rtpSent: 1, rtpReceived: 1, kernelForwarded: 0 });
      expect(shard.kernelStatus().entries).toBe(0);
      await phoneA.send(rtp(2, { ssrc: 1 }), a.rtpPort);
      await sleep(30);
      // Leg A has no peer now: the socket path takes it and counts notSent.
      expect(shard.stats(a.id)).toMatchObject({ rtpReceived: 3, kernelForwarded: 1, notSent: 1 });
      expect(shard.totals()).toMatchObject({ kernelForwarded: 1 });
    });

    it('relearn() → the leg’s and its peer’s entries go until the leg latches again', async () => {
      await latchBoth();
      shard.relearn(a.id, { address: PHONE_A_IP, port: phoneA.port });
      expect(shard.kernelStatus().entries).toBe(0);
      await phoneA.send(rtp(1, { ssrc: 1 }), a.rtpPort);
      await phoneB.waitFor(1);
      expect(shard.kernelStatus().entries).toBe(2);
    });

    it('setPeer() to a third leg → the entries follow the new pair', async () => {
      await latchBoth();
      const c = openLeg();
      shard.setPeer(a.id, c.id);
      // Leg C has not latched, so neither direction qualifies.
      expect(shard.kernelStatus().entries).toBe(0);
    });
  });
}
