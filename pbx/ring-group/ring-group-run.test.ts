import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../core/index.ts';
import type { ApplicationCall, ExtensionTarget } from '../../core/index.ts';
import { FakeCallLeg, FakeOriginator } from '../../test/fakes/fake-call-leg.ts';
import { FakeMediaControl } from '../../test/fakes/fake-media-control.ts';
import {
  InMemoryRingGroupMemory,
  ringGroupTargets,
  type RingGroupConfig,
  type RingGroupStrategy,
} from './ring-group-config.ts';
import { RingGroupRun, type RingGroupDeps, type RingGroupOutcome } from './ring-group-run.ts';

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

const member = (n: number, ringTimeoutMs = 20_000): ExtensionTarget => ({
  teamId: 1,
  extensionId: n,
  number: String(n),
  ringTimeoutMs,
});

function groupConfig(
  strategy: RingGroupStrategy,
  more: Partial<RingGroupConfig> = {},
): RingGroupConfig {
  return {
    id: 7,
    teamId: 1,
    name: 'sales',
    strategy,
    ringTimeSec: 60,
    failoverType: 'extension',
    failoverTargetId: 8475,
    lastCallFirst: false,
    callerNumberPrefix: null,
    callerNamePrefix: null,
    members: [member(1001), member(1002), member(1003)],
    ...more,
  };
}

function setup(strategy: RingGroupStrategy, more: Partial<RingGroupConfig> = {}) {
  const clock = new FakeClock();
  const originator = new FakeOriginator();
  const media = new FakeMediaControl();
  const deps: RingGroupDeps = { clock, originator, media, memory: new InMemoryRingGroupMemory() };
  return { clock, originator, media, deps, config: groupConfig(strategy, more) };
}

function inboundCall(number = '5551234', name?: string): ApplicationCall & { leg: FakeCallLeg } {
  const party = {
    uri: `sip:${number}@t`,
    number,
    ...(name === undefined ? {} : { displayName: name }),
  };
  return {
    callId: 'call-1',
    teamId: 1,
    leg: new FakeCallLeg('inbound', party),
    dialled: '600',
    destination: { type: 'ringGroup', targetId: 7 },
  };
}

async function start(run: RingGroupRun, call: ApplicationCall) {
  let outcome: RingGroupOutcome | undefined;
  const done = run.run(call).then((o) => (outcome = o));
  await flush();
  return { done, current: () => outcome };
}

const ringing = (o: FakeOriginator) =>
  o.placed.filter((p) => p.leg.state !== 'terminated').map((p) => p.leg.remote.number);

describe('RingGroupRun', () => {
  it('run() when ringall and one member answers → others cancelled, caller answered and bridged (RG-2)', async () => {
    const { deps, config, originator, media } = setup('ringall');
    const call = inboundCall();
    const { done } = await start(new RingGroupRun(deps, config), call);
    expect(call.leg.ops).toEqual(['ring']);
    expect(ringing(originator)).toEqual(['1001', '1002', '1003']);
    const [m1, m2, m3] = originator.placed.map((p) => p.leg);
    m2?.remoteAnswers();
    await flush();
    expect(m1?.state).toBe('terminated');
    expect(m3?.state).toBe('terminated');
    expect(m1?.actions.at(-1)).toMatchObject({ op: 'hangup', cause: { q850: 26 } });
    expect(call.leg.ops).toEqual(['ring', 'answer']);
    expect(media.links).toEqual([{ op: 'mix', a: call.leg.media, b: m2?.media }]);
    m2?.remoteHangsUp();
    const outcome = await done;
    expect(outcome).toMatchObject({ kind: 'answered', extensionId: 1002 });
    expect(call.leg.state).toBe('terminated');
  });

  it('IVR-9 run() when isKeepingCaller and the member hangs up first → caller handed back up, isCallerKept', async () => {
    const { deps, config, originator } = setup('ringall');
    const call = inboundCall();
    const run = new RingGroupRun(deps, config);
    const done = run.run(call, { isKeepingCaller: true });
    await flush();
    originator.placed[0]?.leg.remoteAnswers();
    await flush();
    originator.placed[0]?.leg.remoteHangsUp();
    const outcome = await done;
    expect(outcome).toMatchObject({ kind: 'answered', extensionId: 1001, isCallerKept: true });
    expect(outcome.kind === 'answered' && outcome.end.kept).toBe(call.leg);
    expect(call.leg.state).toBe('confirmed');
  });

  it('IVR-9 run() when isKeepingCaller and the caller hangs up first → member hung up, not kept', async () => {
    const { deps, config, originator } = setup('ringall');
    const call = inboundCall();
    const done = new RingGroupRun(deps, config).run(call, { isKeepingCaller: true });
    await flush();
    const member1 = originator.placed[0]?.leg;
    member1?.remoteAnswers();
    await flush();
    call.leg.remoteHangsUp();
    const outcome = await done;
    expect(outcome).toMatchObject({ kind: 'answered', isCallerKept: false });
    expect(member1?.state).toBe('terminated');
  });

  it('run() without isKeepingCaller and the member hangs up first → caller hung up, isCallerKept false', async () => {
    const { deps, config, originator } = setup('ringall');
    const call = inboundCall();
    const { done } = await start(new RingGroupRun(deps, config), call);
    originator.placed[0]?.leg.remoteAnswers();
    await flush();
    originator.placed[0]?.leg.remoteHangsUp();
    expect(await done).toMatchObject({ kind: 'answered', isCallerKept: false });
    expect(call.leg.state).toBe('terminated');
  });

  it('run() with a MOH class → early media, the class plays while members ring and stops at the answer (RG-4)', async () => {
    const { deps, config, originator, media } = setup('ringall', {
      moh: { moh: 'wait_music', teamId: 1 },
    });
    const call = inboundCall();
    const { done } = await start(new RingGroupRun(deps, config), call);
    expect(call.leg.actions[0]).toEqual({ op: 'ring', isEarlyMedia: true });
    const [music] = media.running(call.leg.media, 'play');
    expect(music?.source).toEqual({ moh: 'wait_music', teamId: 1 });
    originator.placed[0]?.leg.remoteAnswers();
    await flush();
    expect(music?.isEnded).toBe(true);
    expect(call.leg.ops).toEqual(['ring', 'answer']);
    originator.placed[0]?.leg.remoteHangsUp();
    expect(await done).toMatchObject({ kind: 'answered', extensionId: 1001 });
  });

  it('run() when sequential → rings one member at a time, next on timeout or busy (RG-2)', async () => {
    const { deps, config, originator, clock } = setup('sequential', {
      members: [member(1001, 10_000), member(1002), member(1003)],
    });
    const call = inboundCall();
    await start(new RingGroupRun(deps, config), call);
    expect(ringing(originator)).toEqual(['1001']);
    clock.tick(10_000);
    expect(ringing(originator)).toEqual(['1002']);
    expect(originator.legsTo('1001')[0]?.actions.at(-1)).toMatchObject({ op: 'hangup' });
    originator.legsTo('1002')[0]?.remoteHangsUp({ reason: 'busy', q850: 17 });
    expect(ringing(originator)).toEqual(['1003']);
  });

  it('run() when rrmemory → each call starts after the member that started the previous one (RG-2)', async () => {
    const { deps, config, originator } = setup('rrmemory');
    const firsts: string[] = [];
    for (let i = 0; i < 4; i++) {
      const call = inboundCall();
      const before = originator.placed.length;
      await start(new RingGroupRun(deps, config), call);
      firsts.push(originator.placed[before]?.leg.remote.number ?? '');
      call.leg.remoteHangsUp();
      await flush();
    }
    expect(firsts).toEqual(['1001', '1002', '1003', '1001']);
  });

  it('run() when rrmemory and the first member does not answer → hunts on to the next (RG-2)', async () => {
    const { deps, config, originator } = setup('rrmemory');
    deps.memory?.setLastMember(7, 1002);
    await start(new RingGroupRun(deps, config), inboundCall());
    expect(ringing(originator)).toEqual(['1003']);
    originator.legsTo('1003')[0]?.remoteHangsUp({ reason: 'no-answer', q850: 19 });
    expect(ringing(originator)).toEqual(['1001']);
  });

  it('run() when idle → rings only members not in a call (RG-2)', async () => {
    const { deps, config, originator } = setup('idle');
    const busy = new Set([1002]);
    const run = new RingGroupRun(
      { ...deps, memberStatus: { isIdle: (m) => !busy.has(m.extensionId) } },
      config,
    );
    await start(run, inboundCall());
    expect(ringing(originator)).toEqual(['1001', '1003']);
  });

  it('run() when idle and nobody is idle → failover at once, caller never rung (RG-3)', async () => {
    const { deps, config, originator } = setup('idle');
    const run = new RingGroupRun({ ...deps, memberStatus: { isIdle: () => false } }, config);
    const call = inboundCall();
    const outcome = await run.run(call);
    expect(outcome).toEqual({
      kind: 'destination',
      destination: { type: 'extension', targetId: 8475 },
      reason: 'no-members',
    });
    expect(call.leg.ops).toEqual([]);
    expect(originator.placed).toHaveLength(0);
  });

  it('run() when incremental → adds one member per step and keeps the earlier ones ringing (RG-2)', async () => {
    const { deps, config, originator, clock } = setup('incremental', { incrementalStepSec: 5 });
    await start(new RingGroupRun(deps, config), inboundCall());
    expect(ringing(originator)).toEqual(['1001']);
    clock.tick(5_000);
    expect(ringing(originator)).toEqual(['1001', '1002']);
    clock.tick(5_000);
    expect(ringing(originator)).toEqual(['1001', '1002', '1003']);
    clock.tick(40_000);
    expect(ringing(originator)).toEqual(['1001', '1002', '1003']);
  });

  it('run() when incremental without a step → each step lasts the member ring timeout (RG-2 [I])', async () => {
    const { deps, config, originator, clock } = setup('incremental', {
      members: [member(1001, 8_000), member(1002, 8_000)],
    });
    await start(new RingGroupRun(deps, config), inboundCall());
    clock.tick(7_999);
    expect(ringing(originator)).toEqual(['1001']);
    clock.tick(1);
    expect(ringing(originator)).toEqual(['1001', '1002']);
  });

  it('RG-3 ringTimeSec elapses → every member cancelled and the failover returned', async () => {
    const { deps, config, originator, clock } = setup('ringall', { ringTimeSec: 30 });
    const call = inboundCall();
    const { done } = await start(new RingGroupRun(deps, config), call);
    clock.tick(30_000);
    expect(await done).toEqual({
      kind: 'destination',
      destination: { type: 'extension', targetId: 8475 },
      reason: 'no-answer',
    });
    expect(ringing(originator)).toEqual([]);
    expect(call.leg.state).toBe('early');
  });

  it('RG-3 every member busy → failover without waiting for ringTimeSec', async () => {
    const { deps, config, originator } = setup('ringall', {
      failoverType: 'hangup',
      failoverTargetId: null,
    });
    const { done } = await start(new RingGroupRun(deps, config), inboundCall());
    for (const p of originator.placed) p.leg.remoteHangsUp({ reason: 'busy', q850: 17 });
    expect(await done).toMatchObject({ kind: 'destination', destination: { type: 'hangup' } });
  });

  it('RG-3 sequential members together exceed ringTimeSec → the last one is cut short', async () => {
    const { deps, config, originator, clock } = setup('sequential', { ringTimeSec: 25 });
    const { done } = await start(new RingGroupRun(deps, config), inboundCall());
    clock.tick(20_000);
    expect(ringing(originator)).toEqual(['1002']);
    clock.tick(5_000);
    expect((await done).kind).toBe('destination');
    expect(originator.placed).toHaveLength(2);
  });

  it('run() when the caller hangs up while members ring → all member legs cancelled', async () => {
    const { deps, config, originator, clock } = setup('ringall');
    const call = inboundCall();
    const { done } = await start(new RingGroupRun(deps, config), call);
    call.leg.remoteHangsUp();
    expect(await done).toEqual({ kind: 'caller-hangup' });
    expect(originator.placed.every((p) => p.leg.state === 'terminated')).toBe(true);
    expect(clock.pendingCount).toBe(0);
  });

  it('RG-5 lastCallFirst → the member who last talked to the caller rings first', async () => {
    const { deps, config, originator } = setup('sequential', { lastCallFirst: true });
    const run = new RingGroupRun(
      {
        ...deps,
        recentCalls: { lastMemberFor: (_g, caller) => (caller === '5551234' ? 1003 : undefined) },
      },
      config,
    );
    await start(run, inboundCall());
    expect(ringing(originator)).toEqual(['1003']);
  });

  it('RG-5 a member answers → the caller and the member are remembered for the next call', async () => {
    const { deps, config, originator } = setup('ringall');
    const answered: unknown[] = [];
    const run = new RingGroupRun(
      {
        ...deps,
        recentCalls: {
          lastMemberFor: () => undefined,
          answered: (...args) => answered.push(args),
        },
      },
      config,
    );
    await start(run, inboundCall());
    originator.legsTo('1002')[0]?.remoteAnswers();
    await flush();
    expect(answered).toEqual([[config.id, '5551234', 1002]]);
  });

  it('RG-6 prefixes → members see the prefixed number and name', async () => {
    const { deps, config, originator } = setup('ringall', {
      callerNumberPrefix: '9',
      callerNamePrefix: 'sales:',
    });
    await start(new RingGroupRun(deps, config), inboundCall('5551234', 'Ann'));
    expect(originator.placed[0]?.request.caller).toMatchObject({
      number: '95551234',
      displayName: 'sales:Ann',
    });
    expect(originator.placed[0]?.request.parentCallId).toBe('call-1');
  });

  it('RGM-2 statistics → offered per member rung, answered for the one who took it', async () => {
    const { deps, config, originator } = setup('ringall');
    const events: string[] = [];
    const stats = {
      offered: (g: number, e: number) => events.push(`offered ${g}/${e}`),
      answered: (g: number, e: number) => events.push(`answered ${g}/${e}`),
    };
    await start(new RingGroupRun({ ...deps, stats }, config), inboundCall());
    originator.legsTo('1001')[0]?.remoteAnswers();
    await flush();
    expect(events).toEqual([
      'offered 7/1001',
      'offered 7/1002',
      'offered 7/1003',
      'answered 7/1001',
    ]);
  });

  it('run() when the caller cannot be answered → member hung up, outcome failed', async () => {
    const { deps, config, originator } = setup('ringall');
    const call = inboundCall();
    call.leg.failNextAnswer = true;
    const { done } = await start(new RingGroupRun(deps, config), call);
    originator.legsTo('1001')[0]?.remoteAnswers();
    expect((await done).kind).toBe('failed');
    expect(originator.legsTo('1001')[0]?.state).toBe('terminated');
    expect(call.leg.state).toBe('terminated');
  });

  it('run() when no member can be placed → failover at once', async () => {
    const { deps, config, originator } = setup('sequential');
    originator.refuse = true;
    const { done } = await start(new RingGroupRun(deps, config), inboundCall());
    expect((await done).kind).toBe('destination');
  });
});

describe('ringGroupTargets()', () => {
  const ext = (id: number, more: object = {}) => ({
    id,
    teamId: 1,
    internalNumber: String(id),
    status: 'enabled',
    dnd: false,
    ringTimeoutSec: 30,
    ...more,
  });

  it('RG-7 ringGroupTargets() when members are disabled, on DND or gone → only the others, in order', () => {
    const targets = ringGroupTargets(
      [
        ext(1003),
        ext(1001, { dnd: true }),
        undefined,
        ext(1002, { status: 'disabled' }),
        ext(1004),
      ],
      1,
    );
    expect(targets.map((t) => t.number)).toEqual(['1003', '1004']);
    expect(targets[0]?.ringTimeoutMs).toBe(30_000);
  });
});
