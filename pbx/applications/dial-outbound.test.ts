import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/index.ts';
import type { RouteDecision, RouteRequest, TrunkTarget } from '../../core/index.ts';
import { FakeCallLeg, FakeOriginator } from '../../test/fakes/fake-call-leg.ts';
import { FakeMediaControl } from '../../test/fakes/fake-media-control.ts';
import { dialOutbound } from './dial-outbound.ts';

const trunk: TrunkTarget = {
  trunkId: 1,
  trunkName: 'carrier',
  host: '192.0.2.1',
  port: 5060,
  transport: 'udp',
  number: '5551234',
  callerId: { number: '021555', name: undefined },
  maxChannels: undefined,
  responseTimeoutMs: 4000,
  credentials: undefined,
};

function setUp(decision: RouteDecision) {
  const media = new FakeMediaControl();
  const originator = new FakeOriginator();
  const requests: RouteRequest[] = [];
  const leg = new FakeCallLeg('inbound', { uri: 'sip:1000@t', number: '1000' });
  const ctx = { media, originator, logger: silentLogger() };
  const deps = {
    router: {
      route: (r: RouteRequest) => {
        requests.push(r);
        return decision;
      },
    },
    directory: {
      internalNumbers: {
        lookup: (_: number, n: string) =>
          n === '1000' ? { kind: 'extension', ownerId: 5 } : undefined,
      },
    },
  };
  const run = (targetId?: number) =>
    dialOutbound(
      {
        callId: leg.id,
        teamId: 1,
        leg,
        dialled: '1001',
        destination: { type: 'outboundRoute', targetId, targetValue: '95551234' },
      },
      ctx,
      deps,
    );
  return { media, originator, requests, leg, run };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('dialOutbound()', () => {
  it('dialOutbound() when the route gives trunks → originates to them for the forwarding extension, rings, bridges on answer', async () => {
    const { media, originator, requests, leg, run } = setUp({ kind: 'trunks', targets: [trunk] });
    const done = run(9);
    await tick();
    expect(requests[0]).toEqual({
      teamId: 1,
      callerExtensionId: 9,
      callerNumber: '1000',
      dialled: '95551234',
    });
    const placed = originator.placed[0]!;
    expect(placed.request).toMatchObject({
      target: { kind: 'trunks', trunks: [trunk] },
      caller: { number: '1000' },
      ringTimeoutMs: 60_000,
      parentCallId: leg.id,
    });
    expect(leg.ops).toEqual(['ring']);
    placed.leg.remoteAnswers();
    await tick();
    await tick();
    expect(leg.ops).toEqual(['ring', 'answer']);
    expect(media.links[0]).toMatchObject({ op: 'mix', a: leg.media, b: placed.leg.media });
    placed.leg.remoteHangsUp();
    await done;
    expect(leg.state).toBe('terminated');
  });

  it('dialOutbound() without targetId → routes as the caller’s own extension', async () => {
    const { requests, run, leg } = setUp({ kind: 'not-found' });
    await run();
    expect(requests[0]!.callerExtensionId).toBe(5);
    expect(leg.actions.at(-1)).toMatchObject({ op: 'hangup', cause: { sipStatus: 404 } });
  });

  it('dialOutbound() when the route forbids the call → caller hung up 403, nothing originated', async () => {
    const { originator, run, leg } = setUp({ kind: 'forbidden' });
    await run(9);
    expect(originator.placed).toEqual([]);
    expect(leg.actions.at(-1)).toMatchObject({ op: 'hangup', cause: { sipStatus: 403 } });
  });

  it('dialOutbound() when the trunk call fails → caller hung up with its cause', async () => {
    const { originator, run, leg } = setUp({ kind: 'trunks', targets: [trunk] });
    const done = run(9);
    await tick();
    originator.placed[0]!.leg.remoteHangsUp({ reason: 'busy', q850: 17, sipStatus: 486 });
    await done;
    expect(leg.actions.at(-1)).toMatchObject({ op: 'hangup', cause: { reason: 'busy' } });
  });

  it('dialOutbound() when the number is an application’s → goes on to that destination', async () => {
    const destination = { type: 'queue' as const, targetId: 4 };
    const { run } = setUp({ kind: 'application', destination });
    expect(await run(9)).toEqual({ kind: 'destination', destination });
  });
});
