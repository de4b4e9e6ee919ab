import { describe, expect, test } from 'vitest';
import { FakeClock } from '../../core/index.ts';
import { createRequest, createResponse } from '../message/index.ts';
import { DEFAULT_TIMERS, type TransactionLayer } from '../transaction/index.ts';
import { AnswerRetransmitter } from './answer-retransmitter.ts';

function setup(protocol: 'udp' | 'tcp') {
  const clock = new FakeClock();
  const start = clock.monotonicMs();
  const sentAtMs: number[] = [];
  const transactions = {
    sendStateless: () => sentAtMs.push(clock.monotonicMs() - start),
  } as unknown as TransactionLayer;
  const invite = createRequest({
    method: 'INVITE',
    requestUri: 'sip:1001@demo.local',
    via: 'SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-x',
    from: '<sip:1000@demo.local>;tag=a',
    to: '<sip:1001@demo.local>',
    callId: 'c1',
    cseq: 4,
  });
  let gaveUp = 0;
  const r = new AnswerRetransmitter(
    transactions,
    clock,
    DEFAULT_TIMERS,
    createResponse(invite, 200),
    { protocol, address: '192.0.2.1', port: 5060 },
    () => gaveUp++,
  );
  return { clock, r, sentAtMs, gaveUp: () => gaveUp };
}

describe('AnswerRetransmitter', () => {
  test('start() over UDP → 2xx resent at T1, 2T1, 4T1… capped at T2; gives up at 64*T1 (§13.3.1.4)', () => {
    const { clock, r, sentAtMs, gaveUp } = setup('udp');
    r.start();
    clock.tick(64 * DEFAULT_TIMERS.t1Ms);
    expect(sentAtMs.slice(0, 5)).toEqual([500, 1500, 3500, 7500, 11_500]);
    expect(gaveUp()).toBe(1);
    const count = sentAtMs.length;
    clock.tick(10_000);
    expect(sentAtMs.length).toBe(count);
  });

  test('stop() when the ACK came → no more retransmissions and no give-up', () => {
    const { clock, r, sentAtMs, gaveUp } = setup('udp');
    r.start();
    clock.tick(600);
    r.stop();
    clock.tick(64 * DEFAULT_TIMERS.t1Ms);
    expect(sentAtMs).toEqual([500]);
    expect(gaveUp()).toBe(0);
    expect(r.seq).toBe(4);
  });

  test('start() over TCP → never resent, still gives up without ACK', () => {
    const { clock, r, sentAtMs, gaveUp } = setup('tcp');
    r.start();
    clock.tick(64 * DEFAULT_TIMERS.t1Ms);
    expect(sentAtMs).toEqual([]);
    expect(gaveUp()).toBe(1);
  });
});
