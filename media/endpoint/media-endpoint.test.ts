import { afterEach, describe, expect, it } from 'vitest';
import { MediaEndpoint } from './media-endpoint.ts';
import type { MediaEndpointOptions } from './media-endpoint-options.ts';
import { openTestPeer, rtp, sleep } from './test-peer.ts';
import type { TestPeer } from './test-peer.ts';

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanup.splice(0)) fn();
});

async function endpoint(
  bindAddress: string,
  options: Partial<MediaEndpointOptions> = {},
): Promise<MediaEndpoint> {
  const r = await MediaEndpoint.open({ bindAddress, rtpPort: 42000, rtcpPort: 42001, ...options });
  if (!r.ok) throw new Error(r.error.detail);
  cleanup.push(() => r.value.close());
  return r.value;
}

async function peer(address: string): Promise<TestPeer> {
  const p = await openTestPeer(address);
  cleanup.push(() => p.close());
  return p;
}

describe('MediaEndpoint', () => {
  it('open() on a port already bound → ERR_MEDIA_NO_PORTS', async () => {
    await endpoint('127.0.5.1');
    const again = await MediaEndpoint.open({ bindAddress: '127.0.5.1', rtpPort: 42000 });
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.code).toBe('ERR_MEDIA_NO_PORTS');
  });

  it('first fitting packet from behind a NAT → latched; replies go to the real source', async () => {
    const ep = await endpoint('127.0.5.2', { payloadTypes: [0] });
    const phone = await peer('127.0.5.3');
    ep.setRemote({ address: '127.0.5.99', port: 9 }); // the SDP address, wrong behind NAT
    const latched: unknown[] = [];
    ep.on('latched', (a) => latched.push(a));
    const got: Buffer[] = [];
    ep.onRtp = (p) => got.push(p);
    await phone.send(rtp(1, { pt: 8 }), 42000, '127.0.5.2'); // PCMA: not negotiated
    await phone.send(rtp(2), 42000, '127.0.5.2');
    await sleep(30);
    expect(ep.stats.unfit).toBe(1);
    expect(latched).toEqual([{ address: '127.0.5.3', port: phone.port, ssrc: 0x1234 }]);
    expect(got).toHaveLength(1);
    ep.sendRtp(rtp(7, { ssrc: 99 }));
    await phone.waitFor(1);
    expect(phone.received[0]!.readUInt32BE(8)).toBe(99);
  });

  it('a hijack attempt while the latched source is alive → refused and counted', async () => {
    const ep = await endpoint('127.0.5.4', { isKernelFiltered: false });
    const phone = await peer('127.0.5.5');
    const scanner = await peer('127.0.5.6');
    const got: number[] = [];
    ep.onRtp = (p) => got.push(p.readUInt32BE(8));
    await phone.send(rtp(1, { ssrc: 1 }), 42000, '127.0.5.4');
    await sleep(10);
    for (let i = 0; i < 20; i++) await scanner.send(rtp(i, { ssrc: 666 }), 42000, '127.0.5.4');
    await sleep(30);
    expect(got).toEqual([1]);
    expect(ep.stats.wrongSource).toBe(20);
    expect(ep.remote).toEqual({ address: '127.0.5.5', port: phone.port });
  });

  it('a hijack attempt with kernel filtering → never delivered; the stream stays', async () => {
    const ep = await endpoint('127.0.5.7');
    const phone = await peer('127.0.5.8');
    const scanner = await peer('127.0.5.9');
    const got: number[] = [];
    ep.onRtp = (p) => got.push(p.readUInt32BE(8));
    await phone.send(rtp(1, { ssrc: 1 }), 42000, '127.0.5.7');
    await sleep(10);
    for (let i = 0; i < 20; i++) await scanner.send(rtp(i, { ssrc: 666 }), 42000, '127.0.5.7');
    await phone.send(rtp(2, { ssrc: 1 }), 42000, '127.0.5.7');
    await sleep(30);
    expect(got).toEqual([1, 1]);
  });

  it('latched source silent for relatchSilenceMs → a new source takes over after probation', async () => {
    const ep = await endpoint('127.0.5.10', { relatchSilenceMs: 100, probationPackets: 3 });
    const oldPhone = await peer('127.0.5.11');
    const newPhone = await peer('127.0.5.12');
    const relatched: unknown[] = [];
    ep.on('relatched', (a) => relatched.push(a));
    const got: number[] = [];
    ep.onRtp = (p) => got.push(p.readUInt16BE(2));
    await oldPhone.send(rtp(1), 42000, '127.0.5.10');
    await sleep(250);
    for (let seq = 50; seq < 55; seq++)
      await newPhone.send(rtp(seq, { ssrc: 5 }), 42000, '127.0.5.10');
    await sleep(30);
    expect(got).toEqual([1, 52, 53, 54]);
    expect(relatched).toEqual([{ address: '127.0.5.12', port: newPhone.port, ssrc: 5 }]);
    ep.sendRtp(rtp(9));
    await newPhone.waitFor(1);
    expect(oldPhone.received).toHaveLength(0);
  });

  it('malformed, late and duplicate packets → counted, never thrown', async () => {
    const ep = await endpoint('127.0.5.13');
    const phone = await peer('127.0.5.14');
    for (const bad of [Buffer.alloc(3), Buffer.from('GET / HTTP/1.0\r\n\r\n')]) {
      await phone.send(bad, 42000, '127.0.5.13');
    }
    for (const seq of [10, 11, 13, 12, 12, 14]) await phone.send(rtp(seq), 42000, '127.0.5.13');
    await phone.send(Buffer.alloc(4), 42001, '127.0.5.13');
    await sleep(30);
    expect(ep.stats).toMatchObject({ malformed: 3, late: 1, duplicates: 1, rtpReceived: 6 });
  });

  it('RTCP on the RTCP port → handed over and answered at its source', async () => {
    const ep = await endpoint('127.0.5.15');
    const phone = await peer('127.0.5.16');
    const rr = Buffer.from([0x80, 201, 0, 1, 0, 0, 0, 1]);
    const got: Buffer[] = [];
    ep.onRtcp = (p) => got.push(p);
    await phone.send(rr, 42001, '127.0.5.15');
    await sleep(20);
    expect(got.map((b) => b.equals(rr))).toEqual([true]);
    ep.sendRtcp(rr);
    await phone.waitFor(1);
  });

  it('rtcp-mux → RTCP and RTP told apart on one port (RFC 5761 §4)', async () => {
    const ep = await endpoint('127.0.5.17', { rtcpPort: 42000 });
    const phone = await peer('127.0.5.18');
    let rtpCount = 0;
    let rtcpCount = 0;
    ep.onRtp = () => rtpCount++;
    ep.onRtcp = () => rtcpCount++;
    await phone.send(rtp(1), 42000, '127.0.5.17');
    await phone.send(Buffer.from([0x80, 200, 0, 1, 0, 0, 0, 1]), 42000, '127.0.5.17');
    await sleep(20);
    expect([rtpCount, rtcpCount, ep.isRtcpMux]).toEqual([1, 1, true]);
  });

  it('sendRtp() before any remote is known → counted as notSent', async () => {
    const ep = await endpoint('127.0.5.19');
    ep.sendRtp(rtp(1));
    expect(ep.stats.notSent).toBe(1);
    ep.close();
    ep.close();
    expect(ep.closed).toBe(true);
  });

  it('suspend() → the ports are free at once; sends count as notSent; the sweep hears the new owner', async () => {
    const ep = await endpoint('127.0.0.99', { mediaTimeoutMs: 200, relatchSilenceMs: 200 });
    const timeouts: number[] = [];
    ep.on('timeout', ({ silentForMs }) => timeouts.push(silentForMs));
    let heard = 0;
    expect(ep.suspend(() => heard)).toBe(true);
    expect(ep.suspend(() => heard)).toBe(false);
    expect(ep.isSuspended).toBe(true);
    const other = await MediaEndpoint.open({
      bindAddress: '127.0.0.99',
      rtpPort: 42000,
      rtcpPort: 42001,
    });
    if (!other.ok) throw new Error(other.error.detail);
    other.value.close();
    ep.setRemote({ address: '127.0.0.100', port: 4000 });
    ep.sendRtp(rtp(1));
    ep.sendRtcp(rtp(1));
    expect(ep.stats.notSent).toBe(2);
    // Packets the other owner receives keep the silence timer from firing.
    for (let i = 0; i < 6; i++) {
      heard++;
      await sleep(60);
    }
    expect(timeouts).toEqual([]);
    await sleep(350);
    expect(timeouts).toHaveLength(1);
  });

  it('resume() with the other owner’s latched source → same ports, latched there, relaying again', async () => {
    const ep = await endpoint('127.0.0.99');
    const phone = await peer('127.0.0.100');
    ep.suspend(() => 0);
    const r = ep.resume({ address: '127.0.0.100', port: phone.port, ssrc: 0x1234 });
    expect(r.ok).toBe(true);
    expect(ep.isSuspended).toBe(false);
    expect(ep.latchedSource).toEqual({ address: '127.0.0.100', port: phone.port, ssrc: 0x1234 });
    expect(ep.remote).toEqual({ address: '127.0.0.100', port: phone.port });
    const got: Buffer[] = [];
    ep.onRtp = (p) => got.push(p);
    await phone.send(rtp(5), 42000, '127.0.0.99');
    await sleep(30);
    expect(got).toHaveLength(1);
    ep.sendRtp(rtp(6, { ssrc: 77 }));
    await phone.waitFor(1);
    expect(phone.received[0]!.readUInt32BE(8)).toBe(77);
    expect(ep.resume().ok).toBe(false);
  });

  it('resume() when another socket took the port meanwhile → ERR_MEDIA_NO_PORTS, still suspended; close() is safe', async () => {
    const ep = await endpoint('127.0.0.99', { rtcpPort: 42000 });
    ep.suspend(() => 0);
    const thief = await MediaEndpoint.open({ bindAddress: '127.0.0.99', rtpPort: 42000 });
    if (!thief.ok) throw new Error(thief.error.detail);
    cleanup.push(() => thief.value.close());
    const r = ep.resume();
    expect(r.ok ? 'ok' : r.error.code).toBe('ERR_MEDIA_NO_PORTS');
    expect(ep.isSuspended).toBe(true);
    ep.close();
    expect(ep.closed).toBe(true);
  });
});
