import { describe, expect, test } from 'vitest';
import { createResponse, type SipResponse } from '../message/index.ts';
import { makeKit, makeRequest, requestPacket } from './transaction-test-kit.ts';

function lastSent(k: ReturnType<typeof makeKit>): SipResponse {
  return k.uas.sent.at(-1)!.message as SipResponse;
}

describe('TransactionLayer stateless checks (STYLE §4.2)', () => {
  test('an unknown method → 405 with Allow (RFC 3261 §8.2.1)', () => {
    const k = makeKit({}, false);
    k.server.receive(requestPacket(makeRequest('FOO')));
    const res = lastSent(k);
    expect(res.status).toBe(405);
    expect(res.getHeader('Allow')).toBe('INVITE, ACK, BYE, CANCEL, OPTIONS, REGISTER');
    expect(k.serverRejects.count('ERR_SIP_METHOD_NOT_ALLOWED')).toBe(1);
  });

  test('Max-Forwards 0 → 483 (§16.3 step 2)', () => {
    const k = makeKit({}, false);
    const req = makeRequest('OPTIONS');
    req.setHeader('Max-Forwards', '0');
    k.server.receive(requestPacket(req));
    expect(lastSent(k).status).toBe(483);
  });

  test('an unknown Require → 420 with Unsupported (§8.2.2.3)', () => {
    const k = makeKit({}, false);
    k.server.receive(
      requestPacket(makeRequest('OPTIONS', { headers: [['Require', 'foo, 100rel']] })),
    );
    const res = lastSent(k);
    expect(res.status).toBe(420);
    expect(res.getHeader('Unsupported')).toBe('foo');
  });

  test('a merged request (same From tag, Call-ID, CSeq, other branch) → 482 (§8.2.2.2)', () => {
    const k = makeKit({}, false);
    const seen: string[] = [];
    k.server.on('request', (r) => seen.push(r.method));
    k.server.receive(requestPacket(makeRequest('INVITE')));
    k.server.receive(requestPacket(makeRequest('INVITE')));
    expect(seen).toEqual(['INVITE']);
    expect(lastSent(k).status).toBe(482);
  });

  test('garbage bytes → dropped and recorded, no reply, no throw', () => {
    const k = makeKit({}, false);
    const packet = {
      ...requestPacket(makeRequest('OPTIONS')),
      data: Buffer.from('\x00\x01garbage\r\n\r\n'),
    };
    expect(() => k.server.receive(packet)).not.toThrow();
    expect(k.uas.sent).toHaveLength(0);
    expect(k.serverRejects.recent()).toHaveLength(1);
  });

  test('the top Via gets received and rport stamped from the source (§18.2.1, RFC 3581)', () => {
    const k = makeKit({}, false);
    let via = '';
    k.server.on('request', (r) => (via = r.getHeaderValues('Via')[0]!));
    const req = makeRequest('OPTIONS');
    req.setHeader('Via', 'SIP/2.0/UDP 10.0.0.5:5062;branch=z9hG4bKabc;rport');
    k.server.receive(requestPacket(req));
    expect(via).toBe('SIP/2.0/UDP 10.0.0.5:5062;branch=z9hG4bKabc;rport=5060;received=192.0.2.1');
  });
});

describe('TransactionLayer over an impaired network', () => {
  test.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'seed %i with drops, duplicates and reordering → the TU sees each request at most once, the UAC at most one final',
    (seed) => {
      const k = makeKit({ dropRate: 0.3, duplicateRate: 0.3, reorderJitterMs: 300, seed });
      let requests = 0;
      k.server.on('request', (req, tx) => {
        requests++;
        tx.respond(createResponse(req, 200));
      });
      const finals: number[] = [];
      const tx = k.client.sendRequest(makeRequest('REGISTER'), {
        protocol: 'udp',
        address: '192.0.2.2',
        port: 5060,
      });
      tx.on('response', (r) => finals.push(r.status));
      let timedOut = false;
      tx.on('timeout', () => (timedOut = true));
      k.clock.runAll();
      expect(requests).toBeLessThanOrEqual(1);
      expect(finals.length).toBeLessThanOrEqual(1);
      // Either the request got through and its answer came back, or Timer F fired.
      expect(finals.length === 1 || timedOut).toBe(true);
      expect(k.client.clientTransactionCount).toBe(0);
      expect(k.server.serverTransactionCount).toBe(0);
    },
  );
});
