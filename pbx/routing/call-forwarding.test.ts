import { describe, expect, test } from 'vitest';
import type { ExtensionTarget } from '../../core/index.ts';
import { DialPlanRouter, type DialPlanDirectory } from './dial-plan-router.ts';
import type { ForwardingExtension } from './call-forwarding.ts';
import { DEFAULT_TEAM_CODES } from './feature-codes.fixture.ts';

/*
 * Call forwarding through the dial plan (docs/decisions.md): 1000 is the
 * caller; 1001–1003 forward as each test sets; 9… goes out by trunk;
 * 600 is a queue.
 */

type Ext = ForwardingExtension & {
  outboundCallerNumber: string | null;
  outboundCallerName: string | null;
  allowOutbound: boolean;
  accountId: number;
};

const ext = (id: number, over: Partial<Ext> = {}): Ext => ({
  id,
  teamId: 1,
  internalNumber: String(1000 + id),
  status: 'enabled',
  dnd: false,
  ringTimeoutSec: 20,
  outboundCallerNumber: null,
  outboundCallerName: null,
  allowOutbound: true,
  accountId: 2,
  ...over,
});

function directory(extensions: Ext[], boxes: Record<number, number> = {}): DialPlanDirectory {
  const byId = new Map(extensions.map((e) => [e.id, e]));
  return {
    internalNumbers: {
      lookup: (teamId, n) => {
        if (teamId !== 1) return undefined;
        if (n === '600') return { kind: 'queue', ownerId: 4 };
        const e = extensions.find((x) => x.internalNumber === n);
        return e === undefined ? undefined : { kind: 'extension', ownerId: e.id };
      },
    },
    extensions: { find: (id) => byId.get(id), idsOfAccount: () => [] },
    outboundRoutes: {
      findCandidates: (_, n) =>
        n.startsWith('9') ? [{ stripDigits: 1, prepend: '', trunkId: 1 }] : [],
    },
    trunks: {
      list: () => [],
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
    dids: {
      findByNumber: (n) =>
        n === '5550100'
          ? { id: 1, teamId: 1, destinationType: 'extension', destinationId: 1, status: 'enabled' }
          : undefined,
    },
    teams: { find: () => ({ uid: 'demo', sipDomain: 'demo.local' }) },
    callerLists: { screeningRules: () => [] },
    inboundRoutes: { list: () => [] },
    workHours: { find: () => undefined },
    ringGroups: { find: () => undefined },
    featureCodes: { effective: () => DEFAULT_TEAM_CODES },
    voicemailBoxes: {
      findByExtension: (id) => (boxes[id] === undefined ? undefined : { id: boxes[id] }),
    },
  };
}

const caller = ext(0, { internalNumber: '1000' });
const call = { teamId: 1, callerExtensionId: 0, callerNumber: '1000', dialled: '1001' };

function targets(decision: ReturnType<DialPlanRouter['route']>): readonly ExtensionTarget[] {
  if (decision.kind !== 'extensions') throw new Error(`not extensions: ${decision.kind}`);
  return decision.targets;
}

describe('DialPlanRouter.route() with forwards', () => {
  test('forwardAlways to an internal number → that extension rings, not the dialled one', () => {
    const router = new DialPlanRouter(
      directory([caller, ext(1, { forwardAlways: '1002' }), ext(2)]),
    );
    expect(targets(router.route(call)).map((t) => t.number)).toEqual(['1002']);
  });

  test('forwardAlways to an external number → the forwarding extension’s outbound routes', () => {
    const router = new DialPlanRouter(
      directory([caller, ext(1, { forwardAlways: '95551234', outboundCallerNumber: '021555' })]),
    );
    const decision = router.route(call);
    expect(decision.kind).toBe('trunks');
    if (decision.kind !== 'trunks') return;
    expect(decision.targets[0]).toMatchObject({ number: '5551234' });
    expect(decision.targets[0]!.callerId.number).toBe('021555');
  });

  test('forwardAlways when the forwarding extension may not call out → forbidden', () => {
    const router = new DialPlanRouter(
      directory([caller, ext(1, { forwardAlways: '95551234', allowOutbound: false })]),
    );
    expect(router.route(call).kind).toBe('forbidden');
  });

  test('forwardAlways to a queue number → the queue application', () => {
    const router = new DialPlanRouter(directory([caller, ext(1, { forwardAlways: '600' })]));
    expect(router.route(call)).toEqual({
      kind: 'application',
      destination: { type: 'queue', targetId: 4 },
    });
  });

  test('forwardAlways loop 1001 → 1002 → 1001 … → stops after 3 hops and rings the extension reached', () => {
    const router = new DialPlanRouter(
      directory([caller, ext(1, { forwardAlways: '1002' }), ext(2, { forwardAlways: '1001' })]),
    );
    // Hops: 1001→1002, 1002→1001, 1001→1002; 1002 then rings.
    expect(targets(router.route(call)).map((t) => t.number)).toEqual(['1002']);
  });

  test('a chain of 3 forwards is followed to its end; a 4th is not', () => {
    const chain = [
      caller,
      ext(1, { forwardAlways: '1002' }),
      ext(2, { forwardAlways: '1003' }),
      ext(3, { forwardAlways: '1004' }),
      ext(4, { forwardAlways: '1005' }),
      ext(5),
    ];
    expect(targets(new DialPlanRouter(directory(chain)).route(call))[0]!.number).toBe('1004');
  });

  test('forwardAlways on an extension with DND → DND wins: unavailable (dnd)', () => {
    const router = new DialPlanRouter(
      directory([caller, ext(1, { forwardAlways: '1002', dnd: true }), ext(2)]),
    );
    expect(router.route(call)).toEqual({ kind: 'unavailable', reason: 'dnd' });
  });
});

describe('DialPlanRouter.route() onUnavailable', () => {
  test('no forwards, no voicemail → no onUnavailable', () => {
    const router = new DialPlanRouter(directory([caller, ext(1)]));
    expect(targets(router.route(call))[0]!.onUnavailable).toBeUndefined();
  });

  test('VM-1 voicemail enabled with a box, no forwards → voicemail on busy, no answer, unreachable', () => {
    const router = new DialPlanRouter(
      directory([caller, ext(1, { voicemailEnabled: true })], { 1: 31 }),
    );
    const vm = { type: 'voicemail', targetId: 31 };
    expect(targets(router.route(call))[0]!.onUnavailable).toEqual({
      busy: vm,
      noAnswer: vm,
      unreachable: vm,
    });
  });

  test('voicemail enabled without a box → nothing for it', () => {
    const router = new DialPlanRouter(directory([caller, ext(1, { voicemailEnabled: true })]));
    expect(targets(router.route(call))[0]!.onUnavailable).toBeUndefined();
  });

  test('forwards set → internal ones as extension or application, external as outboundRoute for the forwarder; voicemail fills the rest', () => {
    const router = new DialPlanRouter(
      directory(
        [
          caller,
          ext(1, {
            forwardBusy: '1002',
            forwardNoAnswer: '95550000',
            voicemailEnabled: true,
          }),
          ext(2),
        ],
        { 1: 31 },
      ),
    );
    expect(targets(router.route(call))[0]!.onUnavailable).toEqual({
      busy: { type: 'extension', targetId: 2 },
      noAnswer: { type: 'outboundRoute', targetId: 1, targetValue: '95550000' },
      unreachable: { type: 'voicemail', targetId: 31 },
    });
  });

  test('forwardUnreachable to a queue, voicemail off → only unreachable set', () => {
    const router = new DialPlanRouter(directory([caller, ext(1, { forwardUnreachable: '600' })]));
    expect(targets(router.route(call))[0]!.onUnavailable).toEqual({
      busy: undefined,
      noAnswer: undefined,
      unreachable: { type: 'queue', targetId: 4 },
    });
  });
});

describe('DialPlanRouter.routeInboundCall() with forwards', () => {
  const inbound = { trunkId: 1, trunkTeamId: 1, dialled: '5550100', callerNumber: '02155501' };

  test('a DID to an extension with forwardAlways → the destination that dials the number', () => {
    const router = new DialPlanRouter(directory([ext(1, { forwardAlways: '95551234' })]));
    expect(router.routeInboundCall(inbound)).toEqual({
      kind: 'application',
      teamId: 1,
      domain: 'demo.local',
      destination: { type: 'outboundRoute', targetId: 1, targetValue: '95551234' },
    });
  });

  test('VM-1 a DID to an extension with voicemail → the target carries onUnavailable', () => {
    const router = new DialPlanRouter(
      directory([ext(1, { voicemailEnabled: true, forwardBusy: '1002' }), ext(2)], { 1: 31 }),
    );
    const decision = router.routeInboundCall(inbound);
    expect(decision.kind).toBe('extensions');
    if (decision.kind !== 'extensions') return;
    expect(decision.targets[0]!.onUnavailable).toEqual({
      busy: { type: 'extension', targetId: 2 },
      noAnswer: { type: 'voicemail', targetId: 31 },
      unreachable: { type: 'voicemail', targetId: 31 },
    });
  });
});
