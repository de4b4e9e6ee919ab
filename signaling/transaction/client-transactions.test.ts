import { describe, expect, test } from 'vitest';
import type { SipResponse } from '../message/index.ts';
import { makeKit, makeRequest, responsePacket } from './transaction-test-kit.ts';
import { DEFAULT_TIMERS } from './transaction-types.ts';

const T1 = DEFAULT_TIMERS.t1Ms;

describe('NonInviteClientTransaction (RFC 3261 §17.1.2)', () => {
  test('Timer E when no response → retransmits at T1 doubling up to T2 (§17.1.2.2)', () => {
    const k = makeKit({}, false);
    k.client.sendRequest(makeRequest('OPTIONS'), {
      protocol: 'udp',
      address: '192.0.2.2',
      port: 5060,
    });
    k.clock.tick(12_000);
    // Intervals 500, 1000, 2000, 4000, 4000: sends at 0, 500, 1500, 3500, 7500, 11500.
    expect(k.uac.sentTimes('OPTIONS')).toEqual([0, 500, 1500, 3500, 7500, 11500]);
  });

  test('Timer F when no final response for 64*T1 → timeout to the TU and terminated', () => {
    const k = makeKit({}, false);
    const tx = k.client.sendRequest(makeRequest('OPTIONS'), {
      protocol: 'udp',
      address: '192.0.2.2',
      port: 5060,
    });
    let timedOut = false;
    tx.on('timeout', () => (timedOut = true));
    k.clock.tick(64 * T1 - 1);
    expect(timedOut).toBe(false);
    k.clock.tick(1);
    expect(timedOut).toBe(true);
    expect(tx.state).toBe('terminated');
    expect(k.client.clientTransactionCount).toBe(0);
  });

  test('Timer E when a provisional arrived → retransmits every T2 (§17.1.2.2)', () => {
    const k = makeKit({}, false);
    const req = makeRequest('REGISTER');
    const tx = k.client.sendRequest(req, { protocol: 'udp', address: '192.0.2.2', port: 5060 });
    k.clock.tick(100);
    k.client.receive(responsePacket(req, 100));
    expect(tx.state).toBe('proceeding');
    k.clock.tick(16_000);
    const times = k.uac.sentTimes('REGISTER');
    // The pending 500 ms timer fires in 'proceeding'; later intervals are T2.
    expect(times.slice(0, 4)).toEqual([0, 500, 4500, 8500]);
  });

  test('Timer K when the final arrived over UDP → absorbs retransmitted finals for T4', () => {
    const k = makeKit({}, false);
    const req = makeRequest('OPTIONS');
    const tx = k.client.sendRequest(req, { protocol: 'udp', address: '192.0.2.2', port: 5060 });
    const responses: number[] = [];
    tx.on('response', (r: SipResponse) => responses.push(r.status));
    k.client.receive(responsePacket(req, 200));
    k.client.receive(responsePacket(req, 200));
    expect(responses).toEqual([200]);
    expect(tx.state).toBe('completed');
    k.clock.tick(DEFAULT_TIMERS.t4Ms - 1);
    expect(tx.state).toBe('completed');
    k.clock.tick(1);
    expect(tx.state).toBe('terminated');
    expect(k.uac.sentTimes('OPTIONS')).toEqual([0]);
  });

  test('over TCP → no Timer E retransmissions and Timer K is zero (§17.1.2.2)', () => {
    const k = makeKit({}, false);
    const req = makeRequest('OPTIONS');
    const tx = k.client.sendRequest(req, { protocol: 'tcp', address: '192.0.2.2', port: 5060 });
    k.clock.tick(10_000);
    expect(k.uac.sentTimes('OPTIONS')).toEqual([0]);
    k.client.receive(responsePacket(req, 200));
    k.clock.tick(0);
    expect(tx.state).toBe('terminated');
  });

  test('a transport error → transportError to the TU and terminated (§17.1.4)', async () => {
    const k = makeKit({}, false);
    k.uac.isBroken = true;
    const tx = k.client.sendRequest(makeRequest('OPTIONS'), {
      protocol: 'udp',
      address: '192.0.2.2',
      port: 5060,
    });
    const error = await new Promise<Error>((r) => tx.once('transportError', r));
    expect(error.message).toBe('ECONNREFUSED');
    expect(tx.state).toBe('terminated');
  });
});

describe('InviteClientTransaction (RFC 3261 §17.1.1, RFC 6026)', () => {
  test('Timer A when no response → retransmits at T1, 2T1, 4T1 … until Timer B', () => {
    const k = makeKit({}, false);
    const tx = k.client.sendRequest(makeRequest('INVITE'), {
      protocol: 'udp',
      address: '192.0.2.2',
      port: 5060,
    });
    let timedOut = false;
    tx.on('timeout', () => (timedOut = true));
    k.clock.tick(64 * T1);
    expect(k.uac.sentTimes('INVITE')).toEqual([0, 500, 1500, 3500, 7500, 15500, 31500]);
    expect(timedOut).toBe(true);
    expect(tx.state).toBe('terminated');
  });

  test('a provisional → proceeding, Timer A and B stop', () => {
    const k = makeKit({}, false);
    const req = makeRequest('INVITE');
    const tx = k.client.sendRequest(req, { protocol: 'udp', address: '192.0.2.2', port: 5060 });
    k.client.receive(responsePacket(req, 180));
    k.clock.tick(120_000);
    expect(tx.state).toBe('proceeding');
    expect(k.uac.sentTimes('INVITE')).toEqual([0]);
  });

  test('a 486 → ACK sent, retransmitted 486 re-ACKed, Timer D then terminated (§17.1.1.2)', () => {
    const k = makeKit({}, false);
    const req = makeRequest('INVITE');
    const tx = k.client.sendRequest(req, { protocol: 'udp', address: '192.0.2.2', port: 5060 });
    const statuses: number[] = [];
    tx.on('response', (r: SipResponse) => statuses.push(r.status));
    k.client.receive(responsePacket(req, 486));
    k.clock.tick(1000);
    k.client.receive(responsePacket(req, 486));
    expect(statuses).toEqual([486]);
    expect(k.uac.sentTimes('ACK')).toEqual([0, 1000]);
    const ack = k.uac.sent.find((r) => r.firstLine.startsWith('ACK'))!.message;
    expect(ack.getHeader('CSeq')).toBe('1 ACK');
    expect(ack.topVia()?.branch).toBe(req.topVia()?.branch);
    expect(ack.toTag()).toBe('to1');
    k.clock.tick(31_000 - 1);
    expect(tx.state).toBe('completed');
    k.clock.tick(1);
    expect(tx.state).toBe('terminated');
  });

  test('a 200 → accepted; retransmitted 2xx reach the TU until Timer M (RFC 6026 §7.2)', () => {
    const k = makeKit({}, false);
    const req = makeRequest('INVITE');
    const tx = k.client.sendRequest(req, { protocol: 'udp', address: '192.0.2.2', port: 5060 });
    const statuses: number[] = [];
    tx.on('response', (r: SipResponse) => statuses.push(r.status));
    k.client.receive(responsePacket(req, 200));
    expect(tx.state).toBe('accepted');
    k.client.receive(responsePacket(req, 200));
    expect(statuses).toEqual([200, 200]);
    expect(k.uac.sentTimes('ACK')).toEqual([]);
    k.clock.tick(64 * T1);
    expect(tx.state).toBe('terminated');
  });

  test('over TCP a 486 → Timer D is zero', () => {
    const k = makeKit({}, false);
    const req = makeRequest('INVITE');
    const tx = k.client.sendRequest(req, { protocol: 'tcp', address: '192.0.2.2', port: 5060 });
    k.client.receive(responsePacket(req, 486));
    k.clock.tick(0);
    expect(tx.state).toBe('terminated');
  });
});
