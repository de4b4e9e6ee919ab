import { describe, expect, test } from 'vitest';
import { createResponse, serializeSipMessage, type SipRequest } from '../message/index.ts';
import type { ServerTransaction } from './transaction-layer.ts';
import { silentLogger } from '../../core/index.ts';
import { TransactionLayer } from './transaction-layer.ts';
import { makeKit, makeRequest, requestPacket, TEST_METHODS } from './transaction-test-kit.ts';
import { DEFAULT_TIMERS } from './transaction-types.ts';

const T1 = DEFAULT_TIMERS.t1Ms;

function serverSide(method: string, protocol: 'udp' | 'tcp' = 'udp') {
  const k = makeKit({}, false);
  const seen: Array<[SipRequest, ServerTransaction]> = [];
  k.server.on('request', (req, tx) => seen.push([req, tx]));
  const req = makeRequest(method);
  const packet = { ...requestPacket(req), source: { ...requestPacket(req).source, protocol } };
  k.server.receive(packet);
  return { k, seen, req, packet };
}

describe('InviteServerTransaction (RFC 3261 §17.2.1, RFC 6026)', () => {
  test('a new INVITE the TU leaves unanswered → 100 Trying after 200 ms (Figure 7); the TU sees it once', () => {
    const { k, seen, packet } = serverSide('INVITE');
    k.clock.tick(199);
    expect(k.uas.sentTimes('SIP/2.0 100')).toEqual([]);
    k.clock.tick(1);
    k.server.receive(packet);
    k.server.receive(packet);
    expect(seen).toHaveLength(1);
    // One 100 at 200 ms, and the last provisional again for each retransmission.
    expect(k.uas.sentTimes('SIP/2.0 100')).toEqual([200, 200, 200]);
  });

  test('an INVITE the TU answers within 200 ms → no 100 Trying, only the answer (§17.2.1 MAY)', () => {
    const { k, seen } = serverSide('INVITE');
    const [req, tx] = seen[0]!;
    k.clock.tick(50);
    tx.respond(createResponse(req, 401));
    k.clock.tick(1000);
    expect(k.uas.sentTimes('SIP/2.0 100')).toEqual([]);
    expect(k.uas.sentTimes('SIP/2.0 401')).toEqual([50, 550]);
  });

  test('a retransmitted INVITE before any response → 100 Trying at once, not again at 200 ms', () => {
    const { k, packet } = serverSide('INVITE');
    k.clock.tick(120);
    k.server.receive(packet);
    k.clock.tick(500);
    expect(k.uas.sentTimes('SIP/2.0 100')).toEqual([120]);
  });

  test('tryingDelayMs 0 → 100 Trying before the TU sees the INVITE', () => {
    const k = makeKit({}, false);
    const server = new TransactionLayer(
      {
        clock: k.clock,
        timers: { ...DEFAULT_TIMERS, tryingDelayMs: 0 },
        transport: k.uas,
        logger: silentLogger(),
      },
      k.serverRejects,
      { allowedMethods: () => TEST_METHODS, supportedOptionTags: [], maxServerTransactions: 10 },
    );
    let sentBefore: number[] = [];
    server.on('request', () => (sentBefore = k.uas.sentTimes('SIP/2.0 100')));
    server.receive(requestPacket(makeRequest('INVITE')));
    expect(sentBefore).toEqual([0]);
  });

  test('Timer G when a 486 is not ACKed → retransmits T1 doubling up to T2; Timer H times out', () => {
    const { k, seen } = serverSide('INVITE');
    const [req, tx] = seen[0]!;
    let timedOut = false;
    tx.on('timeout', () => (timedOut = true));
    tx.respond(createResponse(req, 486));
    k.clock.tick(64 * T1);
    expect(k.uas.sentTimes('SIP/2.0 486')).toEqual([
      0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500,
    ]);
    expect(timedOut).toBe(true);
    expect(tx.state).toBe('terminated');
  });

  test('an ACK for the 486 → confirmed, Timer G stops, Timer I then terminated', () => {
    const { k, seen } = serverSide('INVITE');
    const [req, tx] = seen[0]!;
    tx.respond(createResponse(req, 486, { toTag: 'srv' }));
    k.clock.tick(600);
    const ack = makeRequest('ACK', { branch: req.topVia()!.branch!, toTag: 'srv' });
    k.server.receive(requestPacket(ack));
    expect(tx.state).toBe('confirmed');
    k.clock.tick(DEFAULT_TIMERS.t4Ms - 1);
    expect(tx.state).toBe('confirmed');
    k.clock.tick(1);
    expect(tx.state).toBe('terminated');
    expect(k.uas.sentTimes('SIP/2.0 486')).toEqual([0, 500]);
  });

  test('a 200 → accepted; retransmitted INVITEs absorbed until Timer L (RFC 6026 §7.1)', () => {
    const { k, seen, packet } = serverSide('INVITE');
    const [req, tx] = seen[0]!;
    tx.respond(createResponse(req, 200));
    expect(tx.state).toBe('accepted');
    k.server.receive(packet);
    expect(k.uas.sentTimes('SIP/2.0 200')).toEqual([0]);
    expect(seen).toHaveLength(1);
    k.clock.tick(64 * T1);
    expect(tx.state).toBe('terminated');
  });

  test('an ACK for a 2xx → goes to the TU as a stray ACK, not absorbed', () => {
    const { k, seen } = serverSide('INVITE');
    const [req, tx] = seen[0]!;
    tx.respond(createResponse(req, 200, { toTag: 'srv' }));
    const acks: SipRequest[] = [];
    k.server.on('ack', (a) => acks.push(a));
    k.server.receive(requestPacket(makeRequest('ACK', { toTag: 'srv' })));
    expect(acks).toHaveLength(1);
  });

  test('over TCP a 486 → no Timer G; Timer H still bounds the wait for ACK', () => {
    const { k, seen } = serverSide('INVITE', 'tcp');
    const [req, tx] = seen[0]!;
    tx.respond(createResponse(req, 486));
    k.clock.tick(64 * T1);
    expect(k.uas.sentTimes('SIP/2.0 486')).toEqual([0]);
    expect(tx.state).toBe('terminated');
  });
});

describe('NonInviteServerTransaction (RFC 3261 §17.2.2)', () => {
  test('a retransmission in trying → absorbed; after the final → the final is resent', () => {
    const { k, seen, packet } = serverSide('OPTIONS');
    const [req, tx] = seen[0]!;
    k.server.receive(packet);
    expect(k.uas.sent).toHaveLength(0);
    tx.respond(createResponse(req, 200));
    k.server.receive(packet);
    expect(k.uas.sentTimes('SIP/2.0 200')).toEqual([0, 0]);
    expect(seen).toHaveLength(1);
  });

  test('Timer J → completed lasts 64*T1 over UDP, then terminated', () => {
    const { k, seen } = serverSide('REGISTER');
    const [req, tx] = seen[0]!;
    tx.respond(createResponse(req, 200));
    k.clock.tick(64 * T1 - 1);
    expect(tx.state).toBe('completed');
    k.clock.tick(1);
    expect(tx.state).toBe('terminated');
    expect(k.server.serverTransactionCount).toBe(0);
  });

  test('Timer J over TCP → zero', () => {
    const { k, seen } = serverSide('REGISTER', 'tcp');
    const [req, tx] = seen[0]!;
    tx.respond(createResponse(req, 200));
    k.clock.tick(0);
    expect(tx.state).toBe('terminated');
  });

  test('a provisional then a final → proceeding then completed; the provisional is resent meanwhile', () => {
    const { k, seen, packet } = serverSide('OPTIONS');
    const [req, tx] = seen[0]!;
    tx.respond(createResponse(req, 180));
    expect(tx.state).toBe('proceeding');
    k.server.receive(packet);
    expect(k.uas.sentTimes('SIP/2.0 180')).toEqual([0, 0]);
    tx.respond(createResponse(req, 200));
    expect(tx.state).toBe('completed');
  });

  test('a transport that takes bytes → the final is sent and resent as the same bytes (D105)', () => {
    const k = makeKit({}, false);
    const sent: Array<{ kind: 'message' | 'bytes'; text: string }> = [];
    const server = new TransactionLayer(
      {
        clock: k.clock,
        timers: DEFAULT_TIMERS,
        transport: {
          send: (message) => {
            sent.push({ kind: 'message', text: serializeSipMessage(message).toString('latin1') });
            return Promise.resolve({ ok: true });
          },
          sendBytes: (data) => {
            sent.push({ kind: 'bytes', text: data.toString('latin1') });
            return Promise.resolve({ ok: true });
          },
        },
        logger: silentLogger(),
      },
      k.serverRejects,
      { allowedMethods: () => TEST_METHODS, supportedOptionTags: [], maxServerTransactions: 10 },
    );
    const seen: Array<[SipRequest, ServerTransaction]> = [];
    server.on('request', (req, tx) => seen.push([req, tx]));
    const packet = requestPacket(makeRequest('BYE', { toTag: 'to1' }));
    server.receive(packet);
    const [req, tx] = seen[0]!;
    tx.respond(createResponse(req, 100));
    server.receive(packet);
    tx.respond(createResponse(req, 200));
    server.receive(packet);
    server.receive(packet);
    expect(sent.map((s) => s.kind)).toEqual(['message', 'message', 'bytes', 'bytes', 'bytes']);
    const finals = sent.slice(2).map((s) => s.text);
    expect(finals[0]).toMatch(/^SIP\/2\.0 200 OK\r\n/);
    expect(finals[0]).toContain('Call-ID: call-1@192.0.2.1');
    expect(new Set(finals).size).toBe(1);
    k.clock.tick(64 * T1);
    expect(tx.state).toBe('terminated');
    expect(server.serverTransactionCount).toBe(0);
  });
});
