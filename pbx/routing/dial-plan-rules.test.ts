import { describe, expect, test } from 'vitest';
import type { CallerListRule } from './caller-screen.ts';
import { DEFAULT_TEAM_CODES } from './feature-codes.fixture.ts';
import { DialPlanRouter, type DialPlanDirectory } from './dial-plan-router.ts';
import type { RoutableTrunk } from './outbound-router.ts';

/*
 * Spec 01 §1.2 team rules (TM-3, TM-4) and §2.2 EXT-5, over three teams:
 * team 1 (prefix 81) with extensions 1000 (the caller) and 1001, team 2
 * (prefix 82) with 1001, and team 3 without a prefix, also with 1001.
 * Numbers starting with 8 or 9 also match an outbound route.
 */

const ext = (id: number, teamId: number, internalNumber: string, over = {}) => ({
  id,
  teamId,
  internalNumber,
  status: 'enabled',
  dnd: false,
  ringTimeoutSec: 30,
  outboundCallerNumber: null,
  outboundCallerName: null,
  allowOutbound: true,
  accountId: null,
  ...over,
});

const carrier: RoutableTrunk = {
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
};

interface Setup {
  internalCallsAllowed?: boolean;
  caller?: Partial<ReturnType<typeof ext>>;
  lists?: Array<CallerListRule & { teamId: number }>;
}

function directory(setup: Setup = {}): DialPlanDirectory {
  const extensions = [
    ext(6, 1, '1000', setup.caller),
    ext(7, 1, '1001'),
    ext(8, 2, '1001'),
    ext(9, 3, '1001'),
  ];
  const teams = [
    { id: 1, interTeamPrefix: '81', internalCallsAllowed: setup.internalCallsAllowed ?? true },
    { id: 2, interTeamPrefix: '82', internalCallsAllowed: true },
    { id: 3, interTeamPrefix: null, internalCallsAllowed: true },
  ];
  return {
    internalNumbers: {
      lookup: (teamId, n) => {
        const owner = extensions.find((e) => e.teamId === teamId && e.internalNumber === n);
        return owner === undefined ? undefined : { kind: 'extension', ownerId: owner.id };
      },
    },
    extensions: { find: (id) => extensions.find((e) => e.id === id), idsOfAccount: () => [] },
    outboundRoutes: {
      findCandidates: (_, n) =>
        /^[89]/.test(n) ? [{ stripDigits: 1, prepend: '', trunkId: 1 }] : [],
    },
    trunks: { list: () => [], find: () => carrier, getSecret: () => null },
    dids: { findByNumber: () => undefined },
    teams: {
      find: (id) => {
        const team = teams.find((t) => t.id === id);
        return team === undefined ? undefined : { ...team, uid: `t${id}`, sipDomain: null };
      },
      list: () => teams,
    },
    callerLists: {
      screeningRules: (teamId) => (setup.lists ?? []).filter((r) => r.teamId === teamId),
    },
    inboundRoutes: { list: () => [] },
    workHours: { find: () => undefined },
    ringGroups: { find: () => undefined },
    featureCodes: { effective: () => DEFAULT_TEAM_CODES },
    voicemailBoxes: { findByExtension: () => undefined },
  };
}

const call = (dialled: string) => ({
  teamId: 1,
  callerExtensionId: 6,
  callerNumber: '1000',
  dialled,
});

/** The (team, extension) pairs a decision rings, or its kind. */
function rung(decision: ReturnType<DialPlanRouter['route']>): unknown {
  if (decision.kind === 'extensions') return decision.targets.map((t) => [t.teamId, t.extensionId]);
  if (decision.kind === 'trunks') return decision.targets.map((t) => t.number);
  return decision.kind;
}

describe('DialPlanRouter.route() team rules', () => {
  test('route() when the team allows internal calls → the extension rings (TM-3)', () => {
    expect(rung(new DialPlanRouter(directory()).route(call('1001')))).toEqual([[1, 7]]);
  });

  test('route() when the team forbids internal calls → an extension number is forbidden, outbound still works (TM-3)', () => {
    const router = new DialPlanRouter(directory({ internalCallsAllowed: false }));
    expect(router.route(call('1001'))).toEqual({ kind: 'forbidden' });
    expect(rung(router.route(call('95551234')))).toEqual(['5551234']);
  });

  test('route() when another team’s prefix precedes its internal number → that team’s extension (TM-4)', () => {
    expect(rung(new DialPlanRouter(directory()).route(call('821001')))).toEqual([[2, 8]]);
  });

  test('route() when a bare internal number exists in several teams → the caller’s own team (TM-4)', () => {
    expect(rung(new DialPlanRouter(directory()).route(call('1001')))).toEqual([[1, 7]]);
  });

  test('route() when the prefix is followed by no extension of that team → the outbound routes (TM-4)', () => {
    expect(rung(new DialPlanRouter(directory()).route(call('829999')))).toEqual(['29999']);
  });

  test('route() when the caller dials its own team’s prefix → not an inter-team call (TM-4)', () => {
    expect(rung(new DialPlanRouter(directory()).route(call('811001')))).toEqual(['11001']);
  });

  test('route() when the other team blacklists the caller → forbidden by that team’s list (TM-4, TM-8)', () => {
    const lists = [
      {
        teamId: 2,
        listType: 'black',
        numberPattern: '1000',
        accountId: null,
        extensionId: null,
        status: 'enabled',
      },
    ];
    const router = new DialPlanRouter(directory({ lists }));
    expect(router.route(call('821001'))).toEqual({ kind: 'forbidden' });
    expect(rung(router.route(call('1001')))).toEqual([[1, 7]]);
  });

  test('route() when the extension may not call out → external forbidden, internal still rings (EXT-5)', () => {
    const router = new DialPlanRouter(directory({ caller: { allowOutbound: false } }));
    expect(router.route(call('95551234'))).toEqual({ kind: 'forbidden' });
    expect(rung(router.route(call('1001')))).toEqual([[1, 7]]);
  });
});
