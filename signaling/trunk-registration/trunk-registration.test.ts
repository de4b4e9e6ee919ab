import { describe, expect, test } from 'vitest';
import {
  FakeClock,
  TypedEmitter,
  computeHa1,
  silentLogger,
  type DigestAlgorithm,
} from '../../core/index.ts';
import { createResponse, type SipRequest } from '../message/index.ts';
import type { ClientTransaction, ClientTransactionEvents } from '../transaction/index.ts';
import { DigestServer } from '../user-agent/index.ts';
import {
  DEFAULT_TRUNK_REGISTRATION_OPTIONS,
  TrunkRegistration,
  type RegistrationTrunk,
} from './trunk-registration.ts';
import { TrunkRegistrations } from './trunk-registrations.ts';

const trunk: RegistrationTrunk = {
  trunkId: 4,
  host: '192.0.2.10',
  port: 5060,
  transport: 'udp',
  username: 'pbx-user',
  password: 'trunk-secret',
};
const REALM = 'carrier.example';

/** What the scripted registrar answers; undefined means no answer (timeout). */
type Answer = (request: SipRequest) => ReturnType<typeof createResponse> | undefined;

/**
 * A registrar that challenges every unauthenticated REGISTER with the real
 * DigestServer and grants `grantedSec`, run over a fake transaction layer.
 */
function carrier(clock: FakeClock, options: { grantedSec?: number; isDown?: () => boolean } = {}) {
  const digest = new DigestServer({ clock, algorithms: ['MD5'] });
  const sent: SipRequest[] = [];
  const answer: Answer = (request) => {
    if (options.isDown?.() === true) return undefined;
    const credentials = request.authorization()[0];
    if (credentials === undefined) {
      return createResponse(request, 401, {
        headers: digest.challenge({ realm: REALM }).map((v) => ['WWW-Authenticate', v] as const),
      });
    }
    const verdict = digest.verify({
      method: 'REGISTER',
      realm: REALM,
      credentials,
      ha1: (user, realm, alg: DigestAlgorithm) =>
        user === trunk.username ? computeHa1(alg, user, realm, trunk.password) : undefined,
    });
    if (!verdict.ok) return createResponse(request, 403);
    const expires = request.expires() ?? 3600;
    const granted = Math.min(expires, options.grantedSec ?? expires);
    return createResponse(request, 200, {
      headers: [['Contact', `${request.getHeader('Contact')};expires=${granted}`]],
    });
  };
  const transactions = {
    sendRequest(request: SipRequest): ClientTransaction {
      sent.push(request);
      const tx = new TypedEmitter<ClientTransactionEvents>();
      queueMicrotask(() => {
        const response = answer(request);
        if (response === undefined) tx.safeEmit('timeout');
        else tx.safeEmit('response', response);
      });
      return tx as unknown as ClientTransaction;
    },
  };
  return { sent, transactions };
}

function deps(clock: FakeClock, transactions: ReturnType<typeof carrier>['transactions']) {
  return {
    clock,
    logger: silentLogger(),
    transactions,
    resolver: {
      resolve: async () => [{ protocol: 'udp' as const, address: trunk.host, port: 5060 }],
    },
    viaSource: () => ({ transport: 'UDP', host: '192.0.2.1', port: 5060 }),
  };
}

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await flush();
}

describe('TrunkRegistration', () => {
  test('start() when the registrar challenges → REGISTER again with credentials, registered', async () => {
    const clock = new FakeClock();
    const { sent, transactions } = carrier(clock, { grantedSec: 600 });
    const registration = new TrunkRegistration(trunk, deps(clock, transactions));
    registration.start();
    await settle();
    expect(sent).toHaveLength(2);
    expect(sent[0]!.authorization()).toEqual([]);
    expect(sent[1]!.authorization()[0]).toContain('username="pbx-user"');
    // RFC 3261 §10.2: one Call-ID per registrar, CSeq one higher each time.
    expect(sent[1]!.callId()).toBe(sent[0]!.callId());
    expect(sent[1]!.cseq()!.seq).toBe(sent[0]!.cseq()!.seq + 1);
    expect(sent[0]!.requestUri).toBe('sip:192.0.2.10');
    expect(registration.status).toMatchObject({
      trunkId: 4,
      state: 'registered',
      expiresSec: 600,
      lastError: undefined,
    });
  });

  test('start() when registered → refreshed at 80 % of the granted Expires', async () => {
    const clock = new FakeClock();
    const { sent, transactions } = carrier(clock, { grantedSec: 100 });
    new TrunkRegistration(trunk, deps(clock, transactions)).start();
    await settle();
    const before = sent.length;
    clock.tick(79_000);
    await settle();
    expect(sent.length).toBe(before);
    clock.tick(1000);
    await settle();
    expect(sent.length).toBeGreaterThan(before);
    expect(sent.at(-1)!.authorization()).not.toEqual([]);
  });

  test('start() when the password is wrong → failed with the status, retried with back-off', async () => {
    const clock = new FakeClock();
    const { sent, transactions } = carrier(clock);
    const registration = new TrunkRegistration(
      { ...trunk, password: 'wrong' },
      deps(clock, transactions),
    );
    registration.start();
    await settle();
    expect(registration.status).toMatchObject({
      state: 'failed',
      lastError: '403 Forbidden',
      failureCount: 1,
    });
    const base = DEFAULT_TRUNK_REGISTRATION_OPTIONS.retryBaseMs;
    const afterFirst = sent.length;
    clock.tick(base);
    await settle();
    expect(sent.length).toBeGreaterThan(afterFirst);
    expect(registration.status.failureCount).toBe(2);
    // The second failure waits twice as long.
    const afterSecond = sent.length;
    clock.tick(base);
    await settle();
    expect(sent.length).toBe(afterSecond);
    clock.tick(base);
    await settle();
    expect(sent.length).toBeGreaterThan(afterSecond);
  });

  test('start() when the registrar does not answer → failed with 408', async () => {
    const clock = new FakeClock();
    const { transactions } = carrier(clock, { isDown: () => true });
    const registration = new TrunkRegistration(trunk, deps(clock, transactions));
    registration.start();
    await settle();
    expect(registration.status).toMatchObject({
      state: 'failed',
      lastError: '408 Request Timeout',
    });
  });

  test('stop() when registered → REGISTER with Expires 0, state stopped, no more refreshes', async () => {
    const clock = new FakeClock();
    const { sent, transactions } = carrier(clock, { grantedSec: 100 });
    const registration = new TrunkRegistration(trunk, deps(clock, transactions));
    registration.start();
    await settle();
    await registration.stop();
    expect(sent.at(-1)!.expires()).toBe(0);
    expect(registration.status.state).toBe('stopped');
    const count = sent.length;
    clock.tick(3_600_000);
    await settle();
    expect(sent.length).toBe(count);
  });
});

describe('TrunkRegistrations', () => {
  test('status() → one entry per started trunk; stop() unregisters each', async () => {
    const clock = new FakeClock();
    const { sent, transactions } = carrier(clock);
    const registrations = new TrunkRegistrations(deps(clock, transactions));
    registrations.start([trunk, { ...trunk, trunkId: 5 }]);
    registrations.start([trunk]);
    await settle();
    expect(registrations.status().map((s) => [s.trunkId, s.state])).toEqual([
      [4, 'registered'],
      [5, 'registered'],
    ]);
    expect(registrations.status(9)).toBeUndefined();
    await registrations.stop();
    expect(sent.filter((r) => r.expires() === 0 && r.authorization().length > 0)).toHaveLength(2);
  });

  test('sync() → new trunks register, removed ones unREGISTER, changed ones start again, unchanged stay', async () => {
    const clock = new FakeClock();
    const { sent, transactions } = carrier(clock);
    const registrations = new TrunkRegistrations(deps(clock, transactions));
    registrations.start([trunk, { ...trunk, trunkId: 5 }]);
    await settle();
    const before = sent.length;
    await registrations.sync([
      { ...trunk, trunkId: 5, port: 5070 },
      { ...trunk, trunkId: 6 },
    ]);
    await settle();
    expect(registrations.status().map((s) => [s.trunkId, s.state])).toEqual([
      [5, 'registered'],
      [6, 'registered'],
    ]);
    const since = sent.slice(before);
    // Trunk 4 removed and trunk 5 changed: each unREGISTERs (with its challenge answered).
    expect(since.filter((r) => r.expires() === 0 && r.authorization().length > 0)).toHaveLength(2);
    const untouched = sent.length;
    await registrations.sync([
      { ...trunk, trunkId: 5, port: 5070 },
      { ...trunk, trunkId: 6 },
    ]);
    await settle();
    expect(sent.length).toBe(untouched);
    await registrations.stop();
  });
});
