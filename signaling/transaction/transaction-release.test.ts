import { describe, expect, test } from 'vitest';
import { createResponse, type SipRequest } from '../message/index.ts';
import { InviteServerTransaction } from './invite-server-transaction.ts';
import type { ServerTransaction } from './transaction-layer.ts';
import { makeKit, makeRequest, requestPacket, responsePacket } from './transaction-test-kit.ts';
import { DEFAULT_TIMERS } from './transaction-types.ts';

/*
 * D59: a transaction lingers up to 64*T1 after its final response, so it
 * drops the messages its state no longer needs. These tests pin what is
 * kept (what retransmission needs) and that the wire stays the same.
 */

const T1 = DEFAULT_TIMERS.t1Ms;
const TO_UAS = { protocol: 'udp', address: '192.0.2.2', port: 5060 } as const;

function serverSide(method: string) {
  const k = makeKit({}, false);
  const seen: Array<[SipRequest, ServerTransaction]> = [];
  k.server.on('request', (req, tx) => seen.push([req, tx]));
  const req = makeRequest(method);
  const packet = requestPacket(req);
  k.server.receive(packet);
  const [request, tx] = seen[0]!;
  return { k, request, tx, packet };
}

function inviteServer() {
  const side = serverSide('INVITE');
  const { tx } = side;
  if (!(tx instanceof InviteServerTransaction)) throw new TypeError('not an INVITE transaction');
  return { ...side, tx };
}

describe('InviteServerTransaction releases (D59)', () => {
  test('respond(200) → accepted without request or response; INVITE retransmissions still absorbed', () => {
    const { k, request, tx, packet } = inviteServer();
    expect(tx.request).toBe(request);
    tx.respond(createResponse(request, 200, { toTag: 'srv' }));
    expect(tx.state).toBe('accepted');
    expect(tx.request).toBeUndefined();
    expect(tx.lastResponse).toBeUndefined();
    k.server.receive(packet);
    expect(k.uas.sentTimes('SIP/2.0 200')).toEqual([0]);
  });

  test('respond(486) → completed keeps only the response; Timer G and a retransmitted INVITE resend it', () => {
    const { k, request, tx, packet } = inviteServer();
    tx.respond(createResponse(request, 486, { toTag: 'srv' }));
    expect(tx.request).toBeUndefined();
    expect(tx.lastResponse?.status).toBe(486);
    k.clock.tick(100);
    k.server.receive(packet);
    k.clock.tick(400);
    expect(k.uas.sentTimes('SIP/2.0 486')).toEqual([0, 100, 500]);
  });

  test('the ACK of a 486 → confirmed, the response dropped too', () => {
    const { k, request, tx } = inviteServer();
    tx.respond(createResponse(request, 486, { toTag: 'srv' }));
    const ack = makeRequest('ACK', { branch: request.topVia()!.branch!, toTag: 'srv' });
    k.server.receive(requestPacket(ack));
    expect(tx.state).toBe('confirmed');
    expect(tx.lastResponse).toBeUndefined();
  });

  test('a 180 → proceeding keeps the request, so the delayed 100 Trying logic still has it', () => {
    const { request, tx } = inviteServer();
    tx.respond(createResponse(request, 180, { toTag: 'srv' }));
    expect(tx.request).toBe(request);
    expect(tx.lastResponse?.status).toBe(180);
  });
});

describe('NonInviteServerTransaction releases (D59)', () => {
  test('respond(200) → completed without the request; a retransmitted BYE still gets the 200', () => {
    const { k, request, tx, packet } = serverSide('BYE');
    tx.respond(createResponse(request, 200));
    expect(tx.request).toBeUndefined();
    k.server.receive(packet);
    expect(k.uas.sentTimes('SIP/2.0 200')).toEqual([0, 0]);
    k.clock.tick(64 * T1);
    expect(tx.state).toBe('terminated');
  });
});

describe('client transactions release (D59)', () => {
  test('InviteClientTransaction when a 200 arrives → accepted without the INVITE; 2xx retransmissions reach the TU', () => {
    const k = makeKit({}, false);
    const req = makeRequest('INVITE');
    const tx = k.client.sendRequest(req, TO_UAS);
    const statuses: number[] = [];
    tx.on('response', (r) => statuses.push(r.status));
    expect(tx.request).toBe(req);
    k.client.receive(responsePacket(req, 200));
    k.client.receive(responsePacket(req, 200));
    expect(tx.state).toBe('accepted');
    expect(tx.request).toBeUndefined();
    expect(statuses).toEqual([200, 200]);
  });

  test('InviteClientTransaction when a 486 arrives → the ACK is kept and resent for a retransmitted 486, the INVITE is not', () => {
    const k = makeKit({}, false);
    const req = makeRequest('INVITE');
    const tx = k.client.sendRequest(req, TO_UAS);
    k.clock.tick(100);
    k.client.receive(responsePacket(req, 486));
    expect(tx.request).toBeUndefined();
    k.clock.tick(100);
    k.client.receive(responsePacket(req, 486));
    k.clock.tick(1000);
    expect(k.uac.sentTimes('ACK')).toEqual([100, 200]);
    expect(k.uac.sentTimes('INVITE')).toEqual([0]);
  });

  test('NonInviteClientTransaction when a final arrives → completed without the request; no more retransmissions', () => {
    const k = makeKit({}, false);
    const req = makeRequest('BYE');
    const tx = k.client.sendRequest(req, TO_UAS);
    k.clock.tick(100);
    k.client.receive(responsePacket(req, 200));
    expect(tx.state).toBe('completed');
    expect(tx.request).toBeUndefined();
    k.clock.tick(10_000);
    expect(k.uac.sentTimes('BYE')).toEqual([0]);
  });
});
