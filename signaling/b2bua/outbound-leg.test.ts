import { describe, expect, test } from 'vitest';
import { silentLogger } from '../../core/index.ts';
import { createResponse, serializeSipMessage, type SipRequest } from '../message/index.ts';
import { DEFAULT_TIMERS } from '../transaction/index.ts';
import { makeKit } from '../transaction/transaction-test-kit.ts';
import { DEFAULT_B2BUA_OPTIONS, type B2buaContext } from './b2bua-context.ts';
import { OutboundLeg } from './outbound-leg.ts';

const VIA = { transport: 'UDP', host: '192.0.2.1', port: 5060 };

function legAndKit() {
  const k = makeKit({}, false);
  const ctx: B2buaContext = {
    transactions: k.client,
    clock: k.clock,
    timers: DEFAULT_TIMERS,
    logger: silentLogger(),
    media: undefined,
    options: DEFAULT_B2BUA_OPTIONS,
    viaSource: () => VIA,
  };
  const leg = new OutboundLeg(
    ctx,
    { protocol: 'udp', address: '192.0.2.2', port: 5060 },
    VIA,
    '<sip:switch@192.0.2.1:5060>',
    {
      requestUri: 'sip:bob@192.0.2.2',
      from: '<sip:alice@192.0.2.1>',
      to: '<sip:bob@192.0.2.2>',
      maxForwards: 70,
      body: Buffer.alloc(0),
      contentType: undefined,
    },
  );
  const respond = (status: number): void =>
    k.client.receive({
      data: serializeSipMessage(
        createResponse(leg.invite, status, {
          toTag: 'callee',
          headers: [['Contact', '<sip:bob@192.0.2.2:5060>']],
        }),
      ),
      source: { protocol: 'udp', address: '192.0.2.2', port: 5060 },
      local: { protocol: 'udp', address: '192.0.2.1', port: 5060 },
      connectionId: undefined,
    });
  return { k, leg, respond };
}

describe('OutboundLeg (D59: listeners after the final)', () => {
  test('a retransmitted 200 after the first → the same ACK again, one final event (§13.2.2.4)', () => {
    const { k, leg, respond } = legAndKit();
    const finals: number[] = [];
    leg.on('final', (r) => finals.push(r.status));
    leg.start();
    respond(200);
    k.clock.tick(500);
    respond(200);
    respond(200);
    expect(finals).toEqual([200]);
    const acks = k.uac.sent.filter((s) => s.firstLine.startsWith('ACK'));
    expect(acks).toHaveLength(3);
    const bytes = acks.map((a) => serializeSipMessage(a.message as SipRequest).toString());
    expect(new Set(bytes).size).toBe(1);
  });

  test('a 486 → one final event; a retransmitted 486 is ACKed by the transaction, not reported', () => {
    const { k, leg, respond } = legAndKit();
    const finals: number[] = [];
    leg.on('final', (r) => finals.push(r.status));
    leg.start();
    respond(486);
    respond(486);
    expect(finals).toEqual([486]);
    expect(k.uac.sentTimes('ACK')).toEqual([0, 0]);
  });
});
