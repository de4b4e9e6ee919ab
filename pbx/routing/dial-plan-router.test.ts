import { describe, expect, test } from 'vitest';
import type { CallerListRule } from './caller-screen.ts';
import { DEFAULT_TEAM_CODES } from './feature-codes.fixture.ts';
import { DialPlanRouter, type DialPlanDirectory, type PeerTrunk } from './dial-plan-router.ts';

const peer = (over: Partial<PeerTrunk>): PeerTrunk => ({
  id: 1,
  teamId: null,
  type: 'ipPeer',
  host: '192.0.2.1',
  status: 'enabled',
  ...over,
});

const extension = {
  id: 6,
  teamId: 1,
  internalNumber: '1000',
  status: 'enabled',
  dnd: false,
  ringTimeoutSec: 30,
  outboundCallerNumber: null,
  outboundCallerName: null,
  allowOutbound: true,
  accountId: 2,
};

function directory(trunks: PeerTrunk[], lists: CallerListRule[] = []): DialPlanDirectory {
  return {
    internalNumbers: {
      lookup: (_, n) => (n === '1000' ? { kind: 'extension', ownerId: 6 } : undefined),
    },
    extensions: { find: (id) => (id === 6 ? extension : undefined), idsOfAccount: () => [] },
    outboundRoutes: {
      findCandidates: (_, n) =>
        n.startsWith('9') ? [{ stripDigits: 1, prepend: '', trunkId: 1 }] : [],
    },
    trunks: {
      list: () => trunks,
      find: () => ({
        id: 1,
        name: 'carrier',
        host: '192.0.2.1',
        port: 5060,
        transport: 'udp',
        username: null,
        status: 'enabled',
        timeoutSec: 45,
        maxChannels: null,
        outboundCallerNumber: null,
        outboundCallerName: null,
        forceOutboundCli: false,
      }),
      getSecret: () => null,
    },
    dids: { findByNumber: () => undefined },
    teams: { find: () => ({ uid: 'demo', sipDomain: 'demo.local' }) },
    callerLists: { list: () => lists },
    inboundRoutes: { list: () => [] },
    workHours: { find: () => undefined },
    ringGroups: { find: () => undefined },
    featureCodes: { effective: () => DEFAULT_TEAM_CODES },
    voicemailBoxes: { findByExtension: () => undefined },
  };
}

const request = { teamId: 1, callerExtensionId: 6, callerNumber: '1000', dialled: '1000' };

describe('DialPlanRouter', () => {
  test('route() when the number is internal → the extension, not a trunk', () => {
    expect(new DialPlanRouter(directory([])).route(request).kind).toBe('extensions');
  });

  test('route() when the number is not internal → the outbound routes', () => {
    const decision = new DialPlanRouter(directory([])).route({ ...request, dialled: '95551234' });
    expect(decision.kind).toBe('trunks');
    expect(decision.kind === 'trunks' && decision.targets[0]!.number).toBe('5551234');
  });

  test.each([
    ['team', null, null],
    ['account', 2, null],
    ['extension', null, 6],
  ])(
    'route() when the caller is on the %s blacklist of an internal callee → forbidden (BL-1)',
    (_, accountId, extensionId) => {
      const entry = { listType: 'black', numberPattern: '1000', accountId, extensionId };
      const router = new DialPlanRouter(directory([], [{ ...entry, status: 'enabled' }]));
      expect(router.route(request)).toEqual({ kind: 'forbidden' });
    },
  );

  test('route() when the callee has a whitelist without the caller → forbidden (WL-1)', () => {
    const entry = { listType: 'white', numberPattern: '2000', accountId: null, extensionId: 6 };
    const router = new DialPlanRouter(directory([], [{ ...entry, status: 'enabled' }]));
    expect(router.route(request)).toEqual({ kind: 'forbidden' });
  });

  test('trunkPeers() → enabled ipPeer trunks only, system trunks without a team (TRK-3)', () => {
    const router = new DialPlanRouter(
      directory([
        peer({ id: 1 }),
        peer({ id: 2, teamId: 3, host: 'sip.example' }),
        peer({ id: 3, type: 'registration' }),
        peer({ id: 4, status: 'disabled' }),
      ]),
    );
    expect(router.trunkPeers()).toEqual([
      { trunkId: 1, teamId: undefined, host: '192.0.2.1' },
      { trunkId: 2, teamId: 3, host: 'sip.example' },
    ]);
  });
});
