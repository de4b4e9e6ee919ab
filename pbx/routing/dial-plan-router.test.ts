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
  port: 5060,
  username: null,
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

function directory(
  trunks: PeerTrunk[],
  lists: CallerListRule[] = [],
  insecure: Record<number, string> = {},
): DialPlanDirectory {
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
      getSecret: (id) => (id === 5 || id === 6 ? 'trunk-secret' : null),
      effectiveConfig: (id): { values: Record<string, string> } => ({
        values: insecure[id] === undefined ? {} : { insecure: insecure[id] },
      }),
    },
    dids: { findByNumber: () => undefined },
    teams: { find: () => ({ uid: 'demo', sipDomain: 'demo.local' }) },
    callerLists: { screeningRules: () => lists },
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

  test('trunkPeers() → enabled ipPeer and registration trunks, system trunks without a team (TRK-3)', () => {
    const open = { 1: 'port,invite', 2: 'port,invite', 3: 'port,invite' };
    const router = new DialPlanRouter(
      directory(
        [
          peer({ id: 1 }),
          peer({ id: 2, teamId: 3, host: 'sip.example' }),
          peer({ id: 3, type: 'registration', username: 'pbx-user' }),
          peer({ id: 4, status: 'disabled' }),
          peer({ id: 7, type: 'registration', username: null }),
        ],
        [],
        open,
      ),
    );
    expect(router.trunkPeers()).toEqual([
      { trunkId: 1, teamId: undefined, host: '192.0.2.1' },
      { trunkId: 2, teamId: 3, host: 'sip.example' },
      { trunkId: 3, teamId: undefined, host: '192.0.2.1', username: 'pbx-user' },
    ]);
  });

  test.each([
    ['port,invite', {}],
    ['very', {}],
    ['invite', { port: 5080 }],
    ['port', { credentials: { username: 'pbx-user', password: 'trunk-secret' } }],
    ['no', { port: 5080, credentials: { username: 'pbx-user', password: 'trunk-secret' } }],
  ])('T-2 trunkPeers() when insecure=%s → %j (D91)', (insecure, expected) => {
    const trunk = peer({ id: 5, type: 'registration', username: 'pbx-user', port: 5080 });
    const [only] = new DialPlanRouter(directory([trunk], [], { 5: insecure })).trunkPeers();
    expect(only).toEqual({
      trunkId: 5,
      teamId: undefined,
      host: '192.0.2.1',
      username: 'pbx-user',
      ...expected,
    });
  });

  test('T-2 trunkPeers() without insecure → port and credentials, as Asterisk; no secret, no challenge (D91)', () => {
    const trunks = [peer({ id: 1 }), peer({ id: 6, type: 'registration', username: 'u' })];
    expect(new DialPlanRouter(directory(trunks)).trunkPeers()).toEqual([
      { trunkId: 1, teamId: undefined, host: '192.0.2.1', port: 5060 },
      {
        trunkId: 6,
        teamId: undefined,
        host: '192.0.2.1',
        username: 'u',
        port: 5060,
        credentials: { username: 'u', password: 'trunk-secret' },
      },
    ]);
  });
});
