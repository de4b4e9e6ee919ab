import { describe, expect, test } from 'vitest';
import { isAccountCreditExhausted, isCreditExhausted } from './credit-gate.ts';
import { OutboundRouter, type OutboundDirectory, type RoutableTrunk } from './outbound-router.ts';

const trunk: RoutableTrunk = {
  id: 1,
  name: 'carrier',
  host: 'sip.carrier.example',
  port: 5060,
  transport: 'udp',
  username: null,
  status: 'enabled',
  timeoutSec: 45,
  maxChannels: null,
  outboundCallerNumber: null,
  outboundCallerName: null,
  forceOutboundCli: false,
};

function routerFor(
  team: { paymentMode: string; creditLimitE4: number; currentFeesE4: number },
  action: 'dialOut' | 'ringGroup' = 'dialOut',
): OutboundRouter {
  const directory: OutboundDirectory = {
    outboundRoutes: {
      findCandidates: () => [
        { stripDigits: 0, prepend: '', trunkId: 1, action, actionTargetId: 4 },
      ],
    },
    trunks: { find: (id) => (id === 1 ? trunk : undefined), getSecret: () => null },
    extensions: {
      find: () => ({
        internalNumber: '1000',
        outboundCallerNumber: null,
        outboundCallerName: null,
        allowOutbound: true,
      }),
    },
    teams: { find: (id) => (id === 1 ? team : undefined) },
  };
  return new OutboundRouter(directory);
}

const request = { teamId: 1, callerExtensionId: 6, callerNumber: '1000', dialled: '95551234' };

describe('isCreditExhausted()', () => {
  test.each([
    ['unlimited', 0, 999, false],
    ['prepaid', 0, 0, true],
    ['prepaid', 100, 99, false],
    ['prepaid', 100, 100, true],
    ['postpaid', 100, 150, true],
    ['postpaid', 100, -50, false],
  ] as const)(
    'isCreditExhausted() when %s, limit %i, fees %i → %s (TM-7)',
    (paymentMode, creditLimitE4, currentFeesE4, expected) => {
      expect(isCreditExhausted({ paymentMode, creditLimitE4, currentFeesE4 })).toBe(expected);
    },
  );

  test('isCreditExhausted() when the team is unknown or has no payment fields → false', () => {
    expect(isCreditExhausted(undefined)).toBe(false);
    expect(isCreditExhausted({})).toBe(false);
  });
});

describe('OutboundRouter.route() credit gate', () => {
  test('TM-7 route() when a prepaid team reached its credit limit → forbidden for credit-limit (403)', () => {
    const router = routerFor({ paymentMode: 'prepaid', creditLimitE4: 0, currentFeesE4: 0 });
    expect(router.route(request)).toEqual({ kind: 'forbidden', reason: 'credit-limit' });
  });

  test('TM-7 route() when a prepaid team has credit left → its trunks', () => {
    const router = routerFor({ paymentMode: 'prepaid', creditLimitE4: 0, currentFeesE4: -1 });
    expect(router.route(request).kind).toBe('trunks');
  });

  test('TM-7 route() when the matching route hands the call to a ring group → not gated', () => {
    const router = routerFor(
      { paymentMode: 'prepaid', creditLimitE4: 0, currentFeesE4: 10 },
      'ringGroup',
    );
    expect(router.route(request)).toEqual({
      kind: 'application',
      destination: { type: 'ringGroup', targetId: 4 },
    });
  });
});

describe('isAccountCreditExhausted() (AC-6)', () => {
  test.each([
    ['unlimited', 0, 999, false],
    ['prepaid', 0, -1, false],
    ['prepaid', 0, 0, true],
    ['prepaid', 500, 100, true],
    ['postpaid', 100, 99, false],
    ['postpaid', 100, 100, true],
  ] as const)(
    'AC-6 isAccountCreditExhausted() when %s, limit %i, fees %i → %s',
    (paymentMode, creditLimitE4, currentFeesE4, expected) => {
      expect(isAccountCreditExhausted({ paymentMode, creditLimitE4, currentFeesE4 })).toBe(
        expected,
      );
    },
  );
});

describe('OutboundRouter.route() account gate and forced billing', () => {
  function accountRouter(
    account: { paymentMode: string; creditLimitE4: number; currentFeesE4: number },
    trunks: Array<RoutableTrunk & { forcedBilling?: boolean }>,
    priced: (trunkId: number) => boolean = () => false,
  ): OutboundRouter {
    return new OutboundRouter({
      outboundRoutes: {
        findCandidates: () =>
          trunks.map((t) => ({ stripDigits: 0, prepend: '', trunkId: t.id, action: 'dialOut' })),
      },
      trunks: { find: (id) => trunks.find((t) => t.id === id), getSecret: () => null },
      extensions: {
        find: () => ({
          internalNumber: '1000',
          outboundCallerNumber: null,
          outboundCallerName: null,
          allowOutbound: true,
          accountId: 3,
        }),
      },
      accounts: { find: (id) => (id === 3 ? account : undefined) },
      extensionRates: { matches: (call) => priced(call.trunkId) },
    });
  }
  const unlimited = { paymentMode: 'unlimited', creditLimitE4: 0, currentFeesE4: 0 };

  test('AC-6 route() when a prepaid account has no balance → forbidden for credit-limit', () => {
    const router = accountRouter({ ...unlimited, paymentMode: 'prepaid' }, [trunk]);
    expect(router.route(request)).toEqual({ kind: 'forbidden', reason: 'credit-limit' });
  });

  test('AC-6 route() when a prepaid account has money on it → its trunks', () => {
    const account = { paymentMode: 'prepaid', creditLimitE4: 0, currentFeesE4: -10 };
    expect(accountRouter(account, [trunk]).route(request).kind).toBe('trunks');
  });

  test('TRK-7 route() when the forced-billing trunk has no rate → the next trunk takes the call', () => {
    const forced = { ...trunk, forcedBilling: true };
    const plain = { ...trunk, id: 2, name: 'second' };
    const decision = accountRouter(unlimited, [forced, plain]).route(request);
    expect(decision.kind === 'trunks' && decision.targets.map((t) => t.trunkId)).toEqual([2]);
  });

  test('TRK-7 route() when no trunk is left → forbidden; with a rate → the forced trunk', () => {
    const forced = { ...trunk, forcedBilling: true };
    expect(accountRouter(unlimited, [forced]).route(request).kind).toBe('forbidden');
    expect(accountRouter(unlimited, [forced], () => true).route(request).kind).toBe('trunks');
  });
});
