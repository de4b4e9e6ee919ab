import { describe, expect, it } from 'vitest';
import { caller, enqueue, flush, member, playing, queueSetup, ringing } from './queue-test-kit.ts';
import { extensionQueueMember } from './queue-config.ts';

describe('Queue joining and leaving', () => {
  it('Q-1 run() → caller answered, entered at position 1, a member rung for agentRingTimeout', async () => {
    const { queue, originator, events } = queueSetup();
    const call = caller();
    await enqueue(queue, call);
    expect(call.leg.ops).toEqual(['answer']);
    expect(ringing(originator)).toEqual(['1001']);
    expect(originator.placed[0]?.request).toMatchObject({
      ringTimeoutMs: 15_000,
      parentCallId: 'call-1',
    });
    expect(events).toEqual(['entered:call-1@1', 'offered:call-1>ext:1001']);
  });

  it('Q-2 members not signed in or paused → never rung', async () => {
    const { queue, originator } = queueSetup({ strategy: 'ringall' }, [
      member(1001, { isLoggedIn: false }),
      member(1002, { isPaused: true }),
      member(1003),
    ]);
    await enqueue(queue, caller());
    expect(ringing(originator)).toEqual(['1003']);
  });

  it('Q-3 joinEmpty off and nobody signed in → failover at once, caller not answered', async () => {
    const { queue, events } = queueSetup({ joinEmpty: false }, [
      member(1001, { isLoggedIn: false }),
    ]);
    const call = caller();
    const outcome = await queue.run(call);
    expect(outcome).toEqual({
      kind: 'destination',
      destination: { type: 'extension', targetId: 8475 },
      reason: 'join-empty',
    });
    expect(call.leg.ops).toEqual([]);
    expect(events).toEqual(['failover:call-1:join-empty+0']);
  });

  it('Q-3 joinEmpty on and nobody signed in → queued anyway, then Q-9 max wait', async () => {
    const { queue, clock } = queueSetup({}, []);
    const call = caller();
    const { done } = await enqueue(queue, call);
    expect(queue.waitingCount).toBe(1);
    clock.tick(45_000);
    expect(await done).toMatchObject({ kind: 'destination', reason: 'max-wait' });
  });

  it('Q-4 maxCallers reached → the newcomer goes to failover, not in line', async () => {
    const { queue } = queueSetup({ maxCallers: 1 }, []);
    await enqueue(queue, caller('call-1'));
    const outcome = await queue.run(caller('call-2'));
    expect(outcome).toMatchObject({ kind: 'destination', reason: 'full' });
    expect(queue.waitingCount).toBe(1);
  });

  it('Q-9 max wait → ringing member legs cancelled, MOH stopped, failover returned', async () => {
    const { queue, clock, originator, media, events } = queueSetup({ agentRingTimeoutSec: 60 });
    const call = caller();
    const { done } = await enqueue(queue, call);
    clock.tick(45_000);
    expect(await done).toEqual({
      kind: 'destination',
      destination: { type: 'extension', targetId: 8475 },
      reason: 'max-wait',
    });
    expect(originator.legsTo('1001')[0]?.state).toBe('terminated');
    await flush();
    expect(playing(media, call.leg)).toEqual([]);
    expect(events.at(-1)).toBe('failover:call-1:max-wait+45000');
    expect(call.leg.state).toBe('confirmed');
  });

  it('Q-10 failover type busy without target → destination {type: busy}', async () => {
    const { queue, clock } = queueSetup({ failoverType: 'busy', failoverTargetId: null }, []);
    const { done } = await enqueue(queue, caller());
    clock.tick(45_000);
    expect(await done).toMatchObject({ destination: { type: 'busy' } });
  });

  it('Q-18 caller presses the function key → leaves for the key target, ringing cancelled', async () => {
    const { queue, originator } = queueSetup({
      functionKey: '0',
      functionKeyTargetType: 'voicemail',
      functionKeyTarget: 12,
    });
    const call = caller();
    const { done } = await enqueue(queue, call);
    call.leg.pressDigit('5');
    call.leg.pressDigit('0');
    expect(await done).toEqual({
      kind: 'destination',
      destination: { type: 'voicemail', targetId: 12 },
      reason: 'function-key',
    });
    expect(originator.legsTo('1001')[0]?.state).toBe('terminated');
  });

  it('run() when the caller hangs up while a member rings → member leg cancelled, abandoned', async () => {
    const { queue, clock, originator, events } = queueSetup();
    const call = caller();
    const { done } = await enqueue(queue, call);
    clock.tick(3_000);
    call.leg.remoteHangsUp();
    expect(await done).toEqual({ kind: 'caller-hangup', waitMs: 3_000 });
    expect(originator.legsTo('1001')[0]?.state).toBe('terminated');
    expect(events).toContain('abandoned:call-1@1+3000');
    expect(queue.waitingCount).toBe(0);
    expect(clock.pendingCount).toBe(0);
  });

  it('run() when the caller cannot be answered → failed, nothing rung', async () => {
    const { queue, originator } = queueSetup();
    const call = caller();
    call.leg.failNextAnswer = true;
    expect((await queue.run(call)).kind).toBe('failed');
    expect(originator.placed).toHaveLength(0);
  });
});

describe('Queue media', () => {
  it('Q-5 entry prompt once, then the MOH class in a loop', async () => {
    const { queue, media } = queueSetup({ entryPrompt: 4, mohClass: 'jazz' });
    const call = caller();
    await enqueue(queue, call);
    expect(playing(media, call.leg)).toEqual(['prompt/4.wav']);
    media.running(call.leg.media, 'play')[0]?.end('completed');
    await flush();
    expect(playing(media, call.leg)).toEqual(['moh:jazz']);
    expect(media.running(call.leg.media, 'play')[0]?.playOptions).toEqual({ loop: true });
  });

  it('Q-5 no entry prompt → MOH of the default class at once', async () => {
    const { queue, media } = queueSetup();
    const call = caller();
    await enqueue(queue, call);
    expect(playing(media, call.leg)).toEqual(['moh:default']);
  });

  it('Q-6 periodic announcement every N s → MOH paused for the prompt, then resumed', async () => {
    const { queue, media, clock } = queueSetup({
      periodicAnnounceFrequencySec: 20,
      periodicAnnouncePrompt: 9,
    });
    const call = caller();
    await enqueue(queue, call);
    clock.tick(20_000);
    await flush();
    expect(playing(media, call.leg)).toEqual(['prompt/9.wav']);
    media.running(call.leg.media, 'play')[0]?.end('completed');
    await flush();
    expect(playing(media, call.leg)).toEqual(['moh:default']);
    clock.tick(20_000);
    await flush();
    expect(playing(media, call.leg)).toEqual(['prompt/9.wav']);
  });

  it('Q-7 position announcement → each caller hears its own place in line', async () => {
    const { queue, media, clock } = queueSetup({ positionAnnounceFrequencySec: 30 }, []);
    const first = caller('call-1');
    const second = caller('call-2');
    await enqueue(queue, first);
    await enqueue(queue, second);
    clock.tick(30_000);
    await flush();
    expect(playing(media, second.leg)).toEqual(['queue/you-are-number.wav']);
    media.running(second.leg.media, 'play')[0]?.end('completed');
    await flush();
    expect(playing(media, second.leg)).toEqual(['digits/2.wav']);
    expect(playing(media, first.leg)).toEqual(['queue/you-are-number.wav']);
  });

  it('run() when a member answers → MOH stopped and caller bridged to the member', async () => {
    const { queue, media, originator, clock, events } = queueSetup();
    const call = caller();
    const { done } = await enqueue(queue, call);
    clock.tick(4_000);
    const m = originator.legsTo('1001')[0];
    m?.remoteAnswers();
    await flush();
    expect(playing(media, call.leg)).toEqual([]);
    expect(media.links).toEqual([{ op: 'mix', a: call.leg.media, b: m?.media }]);
    expect(events).toContain('answered:call-1>ext:1001+4000');
    expect(queue.waitingCount).toBe(0);
    m?.remoteHangsUp();
    expect(await done).toMatchObject({ kind: 'answered', memberKey: 'ext:1001', waitMs: 4_000 });
    expect(call.leg.state).toBe('terminated');
    expect(events.at(-1)).toBe('completed:call-1>ext:1001');
  });

  it('GRP-10 stats() → callers in line, the longest wait and callers talking', async () => {
    const { queue, originator, clock } = queueSetup();
    expect(queue.stats()).toEqual({ waiting: 0, longestWaitSec: 0, talking: 0 });
    await enqueue(queue, caller('call-1'));
    clock.tick(2_500);
    await enqueue(queue, caller('call-2'));
    clock.tick(1_000);
    expect(queue.stats()).toEqual({ waiting: 2, longestWaitSec: 3, talking: 0 });
    originator.legsTo('1001')[0]?.remoteAnswers();
    await flush();
    expect(queue.stats()).toEqual({ waiting: 1, longestWaitSec: 1, talking: 1 });
  });

  it('Q-15 agentAnnouncePrompt → played to the member only, bridged when it ends', async () => {
    const { queue, media, originator } = queueSetup({ agentAnnouncePrompt: 6 });
    const call = caller();
    await enqueue(queue, call);
    const m = originator.legsTo('1001')[0];
    if (m === undefined) throw new Error('no member leg');
    m.remoteAnswers();
    await flush();
    expect(playing(media, m)).toEqual(['prompt/6.wav']);
    expect(media.links).toEqual([]);
    media.running(m.media, 'play')[0]?.end('completed');
    await flush();
    expect(media.links).toHaveLength(1);
  });

  it('Q-15 member hangs up during its announcement → caller back in line with MOH', async () => {
    const { queue, media, originator, clock } = queueSetup({ agentAnnouncePrompt: 6 });
    const call = caller();
    await enqueue(queue, call);
    originator.legsTo('1001')[0]?.remoteAnswers();
    await flush();
    originator.legsTo('1001')[0]?.remoteHangsUp();
    await flush();
    expect(playing(media, call.leg)).toEqual(['moh:default']);
    expect(ringing(originator)).toEqual(['1002']);
    clock.tick(0);
    expect(call.leg.state).toBe('confirmed');
  });

  it('Q-16 AGT-7 agent ID → caller hears the before prompt and the job number digit by digit, then bridged', async () => {
    const { queue, media, originator } = queueSetup({ agentIdPromptBefore: 21 }, [
      member(1001, { agentNo: '20' }),
    ]);
    const call = caller();
    await enqueue(queue, call);
    originator.legsTo('1001')[0]?.remoteAnswers();
    const heard: string[] = [];
    for (let i = 0; i < 3; i++) {
      await flush();
      heard.push(...playing(media, call.leg));
      media.running(call.leg.media, 'play')[0]?.end('completed');
    }
    await flush();
    expect(heard).toEqual(['prompt/21.wav', 'digits/2.wav', 'digits/0.wav']);
    expect(media.links).toHaveLength(1);
  });

  it('Q-16 member without a job number → no announcement, bridged at once', async () => {
    const { queue, media, originator } = queueSetup({ agentIdPromptBefore: 21 });
    await enqueue(queue, caller());
    originator.legsTo('1001')[0]?.remoteAnswers();
    await flush();
    expect(media.links).toHaveLength(1);
  });

  it('Q-14 prefixes → members see the prefixed caller number and name', async () => {
    const { queue, originator } = queueSetup({ callerNumberPrefix: '7', callerNamePrefix: 'Q:' });
    await enqueue(queue, caller());
    expect(originator.placed[0]?.request.caller).toMatchObject({
      number: '75551234',
      displayName: 'Q:5551234',
    });
  });

  it('Q-15 caller hangs up during the member announcement → member hung up, freed, abandoned', async () => {
    const { queue, originator, events } = queueSetup({ agentAnnouncePrompt: 6 });
    const call = caller();
    const { done } = await enqueue(queue, call);
    const m = originator.legsTo('1001')[0];
    m?.remoteAnswers();
    await flush();
    call.leg.remoteHangsUp();
    expect(await done).toMatchObject({ kind: 'caller-hangup' });
    await flush();
    expect(m?.state).toBe('terminated');
    expect(events).toContain('abandoned:call-1@1+0');
    // Freed without wrap-up: the member takes the next caller at once.
    await enqueue(queue, caller('call-2'));
    expect(ringing(originator)).toEqual(['1001']);
  });

  it('run() when the bridge cannot be made → both legs hung up, outcome failed', async () => {
    const { queue, originator, media } = queueSetup();
    const call = caller();
    const { done } = await enqueue(queue, call);
    media.mix = () =>
      Promise.resolve({ ok: false, error: { code: 'ERR_MEDIA_INTERNAL', detail: 'x' } });
    originator.legsTo('1001')[0]?.remoteAnswers();
    expect(await done).toEqual({ kind: 'failed', detail: 'bridge: x' });
    expect(call.leg.state).toBe('terminated');
    expect(originator.legsTo('1001')[0]?.state).toBe('terminated');
  });

  it('extensionQueueMember() → an always signed-in member keyed by extension id', () => {
    const target = { teamId: 1, extensionId: 12, number: '1012', ringTimeoutMs: 30_000 };
    expect(extensionQueueMember(target)).toEqual({
      key: 'ext:12',
      target,
      isLoggedIn: true,
      isPaused: false,
    });
  });
});
