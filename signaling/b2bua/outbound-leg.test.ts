import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
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

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** Answers the last request of `method` the leg sent with `status`. */
function answerLast(k: ReturnType<typeof makeKit>, method: string, status: number): void {
  const sent = k.uac.sent.filter((s) => s.firstLine.startsWith(`${method} `)).at(-1)!;
  k.client.receive({
    data: serializeSipMessage(createResponse(sent.message as SipRequest, status)),
    source: { protocol: 'udp', address: '192.0.2.2', port: 5060 },
    local: { protocol: 'udp', address: '192.0.2.1', port: 5060 },
    connectionId: undefined,
  });
}

/**
 * Whether the leg made by `use` can be collected while the transactions it
 * used linger (the fake clock does not move). Only a WeakRef leaves `use`.
 */
async function isCollectedWhileLingering(
  use: (leg: OutboundLeg, k: ReturnType<typeof makeKit>) => Promise<void>,
): Promise<{ isCollected: boolean; k: ReturnType<typeof makeKit> }> {
  const { k, ref } = await (async () => {
    const { k, leg, respond } = legAndKit();
    leg.start();
    respond(200);
    await use(leg, k);
    return { k, ref: new WeakRef(leg) };
  })();
  // A WeakRef's target lives at least to the end of the job that made it.
  await new Promise((resolve) => setTimeout(resolve, 0));
  collectGarbage();
  return { isCollected: ref.deref() === undefined, k };
}

describe('OutboundLeg: an ended leg is not held by its lingering transactions', () => {
  test('after the 200 of its INVITE (32 s in accepted, RFC 6026 §7.2)', async () => {
    const { isCollected, k } = await isCollectedWhileLingering(async () => {});
    expect(isCollected).toBe(true);
    expect(k.uac.sentTimes('ACK')).toEqual([0]);
  });

  test('after the 200 of its BYE (T4 in completed, §17.1.2.2)', async () => {
    const { isCollected } = await isCollectedWhileLingering(async (leg, k) => {
      const done = leg.bye();
      answerLast(k, 'BYE', 200);
      await done;
    });
    expect(isCollected).toBe(true);
  });

  test('after the 200 of a re-INVITE it sent; a retransmitted 200 still gets the ACK', async () => {
    const { isCollected, k } = await isCollectedWhileLingering(async (leg, k) => {
      const done = leg.reinvite(Buffer.alloc(0), undefined);
      answerLast(k, 'INVITE', 200);
      expect((await done)?.status).toBe(200);
    });
    expect(isCollected).toBe(true);
    answerLast(k, 'INVITE', 200);
    expect(k.uac.sent.filter((s) => s.firstLine.startsWith('ACK'))).toHaveLength(3);
  });
});
