import { describe, expect, test } from 'vitest';
import { FakeClock, TypedEmitter, silentLogger } from '../../core/index.ts';
import { createResponse, type SipRequest } from '../message/index.ts';
import type { ClientTransaction, ClientTransactionEvents } from '../transaction/index.ts';
import { TrunkQualify, type QualifyTrunk } from './trunk-qualify.ts';

const trunk: QualifyTrunk = {
  trunkId: 7,
  host: '192.0.2.20',
  port: 5060,
  transport: 'udp',
  maxMs: 2000,
  intervalMs: 60_000,
};

/**
 * A carrier over a fake transaction layer: it answers each OPTIONS after
 * `delayMs` of the fake clock with `status`, or never while `isDown`.
 */
function carrier(clock: FakeClock) {
  const sent: SipRequest[] = [];
  const state = { isDown: false, delayMs: 7, status: 200 };
  const transactions = {
    sendRequest(request: SipRequest): ClientTransaction {
      sent.push(request);
      const tx = new TypedEmitter<ClientTransactionEvents>();
      if (!state.isDown) {
        const status = state.status;
        clock.setTimeout(
          () => tx.safeEmit('response', createResponse(request, status)),
          state.delayMs,
        );
      }
      return tx as unknown as ClientTransaction;
    },
  };
  const qualify = new TrunkQualify({
    clock,
    logger: silentLogger(),
    transactions,
    resolver: {
      resolve: async () => [{ protocol: 'udp' as const, address: trunk.host, port: 5060 }],
    },
    viaSource: () => ({ transport: 'UDP', host: '192.0.2.1', port: 5060 }),
  });
  return { sent, state, qualify };
}

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
async function advance(clock: FakeClock, ms: number): Promise<void> {
  await flush();
  clock.tick(ms);
  await flush();
}

describe('TrunkQualify', () => {
  test('TRK-2 an answered OPTIONS → ok with its round trip, asked again after the interval', async () => {
    const clock = new FakeClock();
    const { sent, qualify } = carrier(clock);
    qualify.sync([trunk]);
    expect(qualify.status(7)).toMatchObject({ state: 'unknown' });
    await advance(clock, 7);
    expect(qualify.status(7)).toMatchObject({ state: 'ok', rttMs: 7 });
    expect(qualify.isUnreachable(7)).toBe(false);
    expect(sent[0]!.method).toBe('OPTIONS');
    expect(sent[0]!.requestUri).toBe('sip:192.0.2.20:5060');
    await advance(clock, 59_999);
    expect(sent).toHaveLength(1);
    await advance(clock, 1);
    expect(sent).toHaveLength(2);
    qualify.stop();
  });

  test('any status counts as an answer; slower than maxMs → lagged', async () => {
    const clock = new FakeClock();
    const { state, qualify } = carrier(clock);
    state.status = 404;
    state.delayMs = 2500;
    qualify.sync([trunk]);
    await advance(clock, 2500);
    expect(qualify.status(7)).toMatchObject({ state: 'lagged', rttMs: 2500 });
    expect(qualify.isUnreachable(7)).toBe(false);
    qualify.stop();
  });

  test('no answer within 2 × maxMs → unreachable, retried every 10 s, ok again once it answers', async () => {
    const clock = new FakeClock();
    const { sent, state, qualify } = carrier(clock);
    state.isDown = true;
    qualify.sync([trunk]);
    await advance(clock, 3999);
    expect(qualify.status(7)?.state).toBe('unknown');
    await advance(clock, 1);
    expect(qualify.status(7)?.state).toBe('unreachable');
    expect(qualify.isUnreachable(7)).toBe(true);
    expect(qualify.unreachableCount).toBe(1);
    state.isDown = false;
    await advance(clock, 10_000);
    expect(sent).toHaveLength(2);
    await advance(clock, 7);
    expect(qualify.status(7)).toMatchObject({ state: 'ok', rttMs: 7 });
    qualify.stop();
  });

  test('sync() → a removed trunk stops and is no longer unreachable; a changed one starts over', async () => {
    const clock = new FakeClock();
    const { sent, state, qualify } = carrier(clock);
    state.isDown = true;
    qualify.sync([trunk]);
    await advance(clock, 4000);
    expect(qualify.isUnreachable(7)).toBe(true);
    qualify.sync([{ ...trunk, maxMs: 500 }]);
    expect(qualify.status(7)?.state).toBe('unknown');
    qualify.sync([]);
    expect(qualify.status(7)).toBeUndefined();
    expect(qualify.isUnreachable(7)).toBe(false);
    const count = sent.length;
    await advance(clock, 120_000);
    expect(sent).toHaveLength(count);
  });
});
