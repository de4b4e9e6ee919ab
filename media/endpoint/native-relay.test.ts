import { createSocket } from 'node:dgram';
import { readdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadNativeRelay } from './native-relay-binding.ts';
import { NativeRelayShard } from './native-relay.ts';
import type { NativeLegInfo, NativeLegOptions } from './native-relay.ts';
import { openTestPeer, rtp, sleep } from './test-peer.ts';
import type { TestPeer } from './test-peer.ts';

const RELAY_IP = '127.0.8.1';
const { binding, reason } = loadNativeRelay();

/** A fresh even port per leg, so no test waits for another's port to free. */
let nextPort = 42_000;
function port(): number {
  nextPort += 2;
  return nextPort;
}

/** RTCP receiver report with no blocks (RFC 3550 §6.4.2), 8 bytes. */
function rtcpRr(ssrc: number): Buffer {
  const b = Buffer.alloc(8);
  b[0] = 0x80;
  b[1] = 201;
  b.writeUInt16BE(1, 2);
  b.writeUInt32BE(ssrc, 4);
  return b;
}

function threadCount(): number {
  return readdirSync('/proc/self/task').length;
}

describe('loadNativeRelay()', () => {
  it('loadNativeRelay() when the addon file is missing → undefined with the reason', () => {
    const r = loadNativeRelay('/nonexistent/rtp_relay.node');
    expect(r.binding).toBeUndefined();
    expect(r.reason).toMatch(/not built/);
  });
});

if (binding === undefined) {
  describe('NativeRelayShard', () => {
    it.skip(`skipped: ${reason}`, () => undefined);
  });
} else {
  describe('NativeRelayShard', () => {
    let shard: NativeRelayShard;
    let a: NativeLegInfo;
    let b: NativeLegInfo;
    let phoneA: TestPeer;
    let phoneB: TestPeer;
    let phoneBRtcp: TestPeer;
    const peers: TestPeer[] = [];

    async function peer(address: string): Promise<TestPeer> {
      const p = await openTestPeer(address);
      peers.push(p);
      return p;
    }

    function openLeg(opts: Omit<NativeLegOptions, 'bindAddress' | 'rtpPort'> = {}) {
      const r = shard.openLeg({ bindAddress: RELAY_IP, rtpPort: port(), ...opts });
      if (!r.ok) throw new Error(r.error.detail);
      return r.value;
    }

    beforeEach(async () => {
      const s = NativeRelayShard.create({ binding });
      if (!s.ok) throw new Error(s.error.detail);
      shard = s.value;
      a = openLeg({ relatchSilenceMs: 150, payloadTypes: [0, 8] });
      b = openLeg();
      shard.setPeer(a.id, b.id);
      phoneA = await peer('127.0.8.2');
      phoneB = await peer('127.0.8.3');
      phoneBRtcp = await peer('127.0.8.3');
      shard.setRemote(b.id, phoneB, phoneBRtcp);
    });

    afterEach(() => {
      shard.destroy();
      for (const p of peers.splice(0)) p.close();
    });

    it('relays RTP both ways once each leg knows its far end', async () => {
      for (let i = 0; i < 5; i++) await phoneA.send(rtp(i, { ssrc: 1 }), a.rtpPort, RELAY_IP);
      await phoneB.waitFor(5);
      // Leg A latched phone A from its first packet, so B→A has a target.
      for (let i = 0; i < 3; i++) await phoneB.send(rtp(i, { ssrc: 2 }), b.rtpPort, RELAY_IP);
      await phoneA.waitFor(3);
      expect(phoneB.received[0]!.readUInt32BE(8)).toBe(1);
      expect(phoneA.received[0]!.readUInt32BE(8)).toBe(2);
      expect(shard.stats(a.id)).toMatchObject({
        rtpReceived: 5,
        rtpReceivedBytes: 5 * 172,
        rtpSent: 3,
        rtpSentBytes: 3 * 172,
      });
      expect(shard.stats(b.id)).toMatchObject({ rtpReceived: 3, rtpSent: 5, notSent: 0 });
      expect(shard.totals()).toMatchObject({ rtpReceived: 8, rtpSent: 8 });
    });

    it('relays RTCP from port + 1 to the peer leg’s RTCP address', async () => {
      await phoneA.send(rtcpRr(1), a.rtcpPort, RELAY_IP);
      await phoneBRtcp.waitFor(1);
      expect(phoneBRtcp.received[0]![1]).toBe(201);
      expect(shard.stats(a.id)).toMatchObject({ rtcpReceived: 1 });
      expect(shard.stats(b.id)).toMatchObject({ rtcpSent: 1 });
    });

    it('with rtcp-mux → RTCP on the RTP port is told apart and relayed both ways', async () => {
      const mux = openLeg({ isRtcpMux: true });
      expect(mux.rtcpPort).toBe(mux.rtpPort);
      shard.setPeer(mux.id, b.id);
      await phoneA.send(rtp(1), mux.rtpPort, RELAY_IP);
      await phoneA.send(rtcpRr(1), mux.rtpPort, RELAY_IP);
      await phoneBRtcp.waitFor(1);
      // Leg B learnt phone B's RTCP address from SDP; the muxed leg sends
      // RTCP to its latched RTP source.
      await phoneBRtcp.send(rtcpRr(2), b.rtcpPort, RELAY_IP);
      await phoneA.waitFor(1);
      expect(phoneA.received[0]![1]).toBe(201);
      expect(shard.stats(mux.id)).toMatchObject({ rtpReceived: 1, rtcpReceived: 1, rtcpSent: 1 });
    });

    it('latched() after the first fitting packet → that source; before → undefined', async () => {
      expect(shard.latched(a.id)).toBeUndefined();
      await phoneA.send(rtp(1, { ssrc: 77 }), a.rtpPort, RELAY_IP);
      await phoneB.waitFor(1);
      expect(shard.latched(a.id)).toEqual({ address: '127.0.8.2', port: phoneA.port, ssrc: 77 });
    });

    it('packets from another source while the latched one is alive → refused and counted', async () => {
      // Without the kernel filter the C latch itself judges every packet.
      const open = openLeg({ isKernelFiltered: false });
      shard.setPeer(open.id, b.id);
      const attacker = await peer('127.0.8.9');
      await phoneA.send(rtp(1), open.rtpPort, RELAY_IP);
      await phoneB.waitFor(1);
      for (let i = 0; i < 10; i++) await attacker.send(rtp(i, { ssrc: 9 }), open.rtpPort, RELAY_IP);
      await phoneA.send(rtp(2), open.rtpPort, RELAY_IP);
      await phoneB.waitFor(2);
      await sleep(30);
      expect(phoneB.received).toHaveLength(2);
      expect(shard.stats(open.id)).toMatchObject({ wrongSource: 10, rtpReceived: 2 });
      expect(shard.latched(open.id)?.address).toBe('127.0.8.2');
    });

    it('with the kernel filter → another source never reaches the relay', async () => {
      const attacker = await peer('127.0.8.9');
      await phoneA.send(rtp(1), a.rtpPort, RELAY_IP);
      await phoneB.waitFor(1);
      for (let i = 0; i < 10; i++) await attacker.send(rtp(i, { ssrc: 9 }), a.rtpPort, RELAY_IP);
      await phoneA.send(rtp(2), a.rtpPort, RELAY_IP);
      await phoneB.waitFor(2);
      await sleep(30);
      expect(phoneB.received).toHaveLength(2);
      expect(shard.stats(a.id)).toMatchObject({ wrongSource: 0, rtpReceived: 2 });
    });

    it('a new source after relatchSilenceMs → taken over after 5 packets in a row', async () => {
      const moved = await peer('127.0.8.4');
      await phoneA.send(rtp(1), a.rtpPort, RELAY_IP);
      await phoneB.waitFor(1);
      // Until the latched source has been silent for 150 ms and a sweep
      // (every 100 ms) has lifted the kernel filter, the kernel drops these.
      let seq = 100;
      const end = Date.now() + 2000;
      while (shard.latched(a.id)?.address !== '127.0.8.4' && Date.now() < end) {
        await moved.send(rtp(seq++, { ssrc: 5 }), a.rtpPort, RELAY_IP);
        await sleep(10);
      }
      await moved.send(rtp(seq++, { ssrc: 5 }), a.rtpPort, RELAY_IP);
      await phoneB.waitFor(3);
      expect(shard.latched(a.id)).toMatchObject({ address: '127.0.8.4', ssrc: 5 });
      expect(shard.stats(a.id)).toMatchObject({ relatches: 1, wrongSource: 4 });
    });

    it('a payload type not negotiated → unfit, nothing latched', async () => {
      await phoneA.send(rtp(1, { pt: 18 }), a.rtpPort, RELAY_IP);
      await phoneA.send(Buffer.from([1, 2, 3]), a.rtpPort, RELAY_IP);
      await phoneA.send(rtp(2, { pt: 8 }), a.rtpPort, RELAY_IP);
      await phoneB.waitFor(1);
      expect(shard.stats(a.id)).toMatchObject({ unfit: 1, malformed: 1, rtpReceived: 1 });
    });

    it('a leg without a peer or far end → notSent, counted', async () => {
      const lone = openLeg();
      await phoneA.send(rtp(1), lone.rtpPort, RELAY_IP);
      await phoneB.send(rtp(1), b.rtpPort, RELAY_IP);
      await sleep(50);
      expect(shard.stats(lone.id)).toMatchObject({ rtpReceived: 1, notSent: 1 });
      // Leg A has not latched yet and has no SDP address.
      expect(shard.stats(a.id)).toMatchObject({ notSent: 1 });
    });

    it('setPeer() to a third leg → the former peer is unpaired', async () => {
      const c = openLeg();
      shard.setPeer(b.id, c.id);
      await phoneA.send(rtp(1), a.rtpPort, RELAY_IP);
      await sleep(50);
      expect(phoneB.received).toHaveLength(0);
      expect(shard.stats(a.id)).toMatchObject({ rtpReceived: 1, notSent: 1 });
    });

    it('close() → the ports are free at once and the totals keep the counts', async () => {
      await phoneA.send(rtp(1), a.rtpPort, RELAY_IP);
      await phoneB.waitFor(1);
      shard.close(a.id);
      shard.close(a.id);
      expect(shard.stats(a.id)).toBeUndefined();
      const s = createSocket('udp4');
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.bind(a.rtcpPort, RELAY_IP, resolve);
      });
      s.close();
      const again = shard.openLeg({ bindAddress: RELAY_IP, rtpPort: a.rtpPort });
      expect(again.ok).toBe(true);
      expect(shard.totals()).toMatchObject({ rtpReceived: 1, rtpSent: 1 });
    });

    it('setTaps() with 101 → those packets reach onTap and are still forwarded; others are not tapped', async () => {
      const tapped: [number, number][] = [];
      shard.onTap = (leg, packet) => tapped.push([leg, packet[1]! & 0x7f]);
      shard.setTaps(a.id, [101]);
      await phoneA.send(rtp(1), a.rtpPort, RELAY_IP);
      await phoneA.send(rtp(2, { pt: 101 }), a.rtpPort, RELAY_IP);
      await phoneA.send(rtp(3, { pt: 101 }), a.rtpPort, RELAY_IP);
      await phoneB.waitFor(3);
      const end = Date.now() + 1000;
      while (tapped.length < 2 && Date.now() < end) await sleep(5);
      expect(tapped).toEqual([
        [a.id, 101],
        [a.id, 101],
      ]);
      expect(shard.stats(a.id)).toMatchObject({ tapped: 2, tapDropped: 0, rtpReceived: 3 });
      expect(() => shard.setTaps(a.id, [200])).toThrow(/payloadTypes/);
    });

    it('onTap that throws → counted in tapErrors, relaying goes on', async () => {
      shard.onTap = () => {
        throw new Error('listener bug');
      };
      shard.setTaps(a.id, [0]);
      await phoneA.send(rtp(1), a.rtpPort, RELAY_IP);
      await phoneA.send(rtp(2), a.rtpPort, RELAY_IP);
      await phoneB.waitFor(2);
      const end = Date.now() + 1000;
      while (shard.tapErrors < 2 && Date.now() < end) await sleep(5);
      expect(shard.tapErrors).toBe(2);
    });

    it('setLatched() → the far end is used at once, and other sources wait for the relatch silence', async () => {
      const open = openLeg({ isKernelFiltered: false });
      shard.setPeer(open.id, b.id);
      shard.setLatched(open.id, { address: '127.0.8.2', port: phoneA.port, ssrc: 7 });
      expect(shard.latched(open.id)).toEqual({ address: '127.0.8.2', port: phoneA.port, ssrc: 7 });
      // Phone B's packet goes to the seeded source before phone A sent anything.
      await phoneB.send(rtp(1, { ssrc: 2 }), b.rtpPort, RELAY_IP);
      await phoneA.waitFor(1);
      const attacker = await peer('127.0.8.9');
      await attacker.send(rtp(1, { ssrc: 9 }), open.rtpPort, RELAY_IP);
      await sleep(30);
      expect(shard.stats(open.id)).toMatchObject({ wrongSource: 1, rtpReceived: 0 });
      expect(() => shard.setLatched(open.id, { address: '::1', port: 4, ssrc: 1 })).toThrow();
    });

    it('close() → the final counters of the leg; undefined the second time', async () => {
      await phoneA.send(rtp(1), a.rtpPort, RELAY_IP);
      await phoneB.waitFor(1);
      expect(shard.close(a.id)).toMatchObject({ rtpReceived: 1, rtpReceivedBytes: 172 });
      expect(shard.close(a.id)).toBeUndefined();
      expect(shard.close(b.id)).toMatchObject({ rtpSent: 1 });
    });

    it('openLeg() on a port in use → ERR_MEDIA_NO_PORTS with errno', () => {
      const r = shard.openLeg({ bindAddress: RELAY_IP, rtpPort: a.rtpPort });
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe('ERR_MEDIA_NO_PORTS');
      expect(r.error.cause).toMatchObject({ code: 'EADDRINUSE', errno: 98, syscall: 'bind' });
    });

    it('bad arguments → ValidationError before the addon is called', () => {
      expect(() => shard.openLeg({ bindAddress: 'example.com', rtpPort: 5000 })).toThrow(
        expect.objectContaining({ code: 'ERR_VALIDATION', field: 'bindAddress' }),
      );
      expect(() => shard.openLeg({ bindAddress: RELAY_IP, rtpPort: 65535 })).toThrow(/rtpPort/);
      expect(() =>
        shard.openLeg({ bindAddress: RELAY_IP, rtpPort: port(), payloadTypes: [128] }),
      ).toThrow(/payloadTypes/);
      expect(() => shard.setRemote(b.id, { address: '::1', port: 4000 })).toThrow(/IPv4/);
      expect(() => shard.setPeer(a.id, 9999)).toThrow(
        expect.objectContaining({ code: 'ERR_INVALID_STATE' }),
      );
    });

    it('NativeRelayShard.create() with coalesceUs → relays; out of range → ValidationError', async () => {
      expect(() => NativeRelayShard.create({ binding, coalesceUs: -1 })).toThrow(/coalesceUs/);
      const c = NativeRelayShard.create({ binding, coalesceUs: 200 });
      if (!c.ok) throw new Error(c.error.detail);
      try {
        const x = c.value.openLeg({ bindAddress: RELAY_IP, rtpPort: port() });
        const y = c.value.openLeg({ bindAddress: RELAY_IP, rtpPort: port() });
        if (!x.ok || !y.ok) throw new Error('openLeg failed');
        c.value.setPeer(x.value.id, y.value.id);
        c.value.setRemote(y.value.id, phoneB);
        for (let i = 0; i < 20; i++) await phoneA.send(rtp(i), x.value.rtpPort, RELAY_IP);
        await phoneB.waitFor(20);
        expect(c.value.stats(y.value.id)).toMatchObject({ rtpSent: 20 });
      } finally {
        c.value.destroy();
      }
    });

    it('destroy() → the shard thread is joined, the ports freed, later calls refused', () => {
      const before = threadCount();
      const extra = NativeRelayShard.create({ binding });
      if (!extra.ok) throw new Error(extra.error.detail);
      expect(threadCount()).toBe(before + 1);
      const leg = extra.value.openLeg({ bindAddress: RELAY_IP, rtpPort: port() });
      extra.value.destroy();
      extra.value.destroy();
      expect(threadCount()).toBe(before);
      if (!leg.ok) throw new Error(leg.error.detail);
      const again = shard.openLeg({ bindAddress: RELAY_IP, rtpPort: leg.value.rtpPort });
      expect(again.ok).toBe(true);
      expect(() => extra.value.openLeg({ bindAddress: RELAY_IP, rtpPort: port() })).toThrow(
        expect.objectContaining({ code: 'ERR_INVALID_STATE' }),
      );
    });
  });
}
