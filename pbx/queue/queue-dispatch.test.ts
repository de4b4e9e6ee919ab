import { describe, expect, it } from 'vitest';
import { caller, enqueue, flush, member, queueSetup, ringing } from './queue-test-kit.ts';
import { Queue } from './queue.ts';

describe('Queue dispatch', () => {
  it('Q-8 ring timeout → member cancelled, next member rung at once', async () => {
    const { queue, clock, originator, events } = queueSetup({ strategy: 'linear' });
    await enqueue(queue, caller());
    clock.tick(14_999);
    expect(ringing(originator)).toEqual(['1001']);
    clock.tick(1);
    expect(originator.legsTo('1001')[0]?.state).toBe('terminated');
    expect(ringing(originator)).toEqual(['1002']);
    expect(events).toContain('noanswer:ext:1001:no-answer');
  });

  it('Q-8 retryInterval → a member that timed out is not rung again before it passes', async () => {
    const { queue, clock, originator } = queueSetup({ maxWaitTimeSec: 300 }, [member(1001)]);
    await enqueue(queue, caller());
    clock.tick(15_000);
    expect(ringing(originator)).toEqual([]);
    clock.tick(4_999);
    expect(originator.placed).toHaveLength(1);
    clock.tick(1);
    expect(ringing(originator)).toEqual(['1001']);
    expect(originator.placed).toHaveLength(2);
  });

  it('Q-8 member busy → next member rung at once', async () => {
    const { queue, originator } = queueSetup({ strategy: 'linear' });
    await enqueue(queue, caller());
    originator.legsTo('1001')[0]?.remoteHangsUp({ reason: 'busy', q850: 17 });
    expect(ringing(originator)).toEqual(['1002']);
  });

  it('Q-8 penalty tiers → higher-penalty members only when the better tier is not free', async () => {
    const { queue, clock, originator } = queueSetup({ strategy: 'linear' }, [
      member(1001, { penalty: 2 }),
      member(1002, { penalty: 1 }),
    ]);
    await enqueue(queue, caller());
    expect(ringing(originator)).toEqual(['1002']);
    clock.tick(15_000);
    expect(ringing(originator)).toEqual(['1001']);
  });

  it('Q-8 originate refused → retried after at least 1 s even with retryInterval 0', async () => {
    const { queue, clock, originator } = queueSetup({ retryIntervalSec: 0 }, [member(1001)]);
    originator.refuse = true;
    await enqueue(queue, caller());
    originator.refuse = false;
    clock.tick(999);
    expect(originator.placed).toHaveLength(0);
    clock.tick(1);
    expect(ringing(originator)).toEqual(['1001']);
  });

  it('ringall strategy → every free member rings; first answer wins, others cancelled', async () => {
    const { queue, originator } = queueSetup({ strategy: 'ringall' });
    await enqueue(queue, caller());
    expect(ringing(originator)).toEqual(['1001', '1002']);
    originator.legsTo('1002')[0]?.remoteAnswers();
    await flush();
    expect(originator.legsTo('1001')[0]?.state).toBe('terminated');
  });

  it('ringall strategy with two callers → members not taken by the first go to the second', async () => {
    const { queue, originator } = queueSetup({ strategy: 'ringall' });
    await enqueue(queue, caller('c1'));
    await enqueue(queue, caller('c2'));
    expect(originator.placed.map((p) => p.request.parentCallId)).toEqual(['c1', 'c1']);
    originator.legsTo('1001')[0]?.remoteAnswers();
    await flush();
    const offers = originator.placed.map((p) => `${p.request.parentCallId}>${p.leg.remote.number}`);
    expect(offers).toEqual(['c1>1001', 'c1>1002', 'c2>1002']);
  });

  it('rrmemory strategy → successive callers start after the member rung last', async () => {
    const { queue, originator } = queueSetup({ strategy: 'rrmemory' }, [
      member(1001),
      member(1002),
      member(1003),
    ]);
    for (const id of ['c1', 'c2', 'c3']) {
      const call = caller(id);
      await enqueue(queue, call);
      call.leg.remoteHangsUp();
      await flush();
    }
    expect(originator.placed.map((p) => p.leg.remote.number)).toEqual(['1001', '1002', '1003']);
  });

  it('leastrecent strategy → after a call the other member is preferred', async () => {
    const { queue, clock, originator } = queueSetup({ wrapUpTimeSec: 0 });
    const first = caller('c1');
    await enqueue(queue, first);
    originator.legsTo('1001')[0]?.remoteAnswers();
    await flush();
    originator.legsTo('1001')[0]?.remoteHangsUp();
    await flush();
    clock.tick(1_000);
    await enqueue(queue, caller('c2'));
    expect(ringing(originator)).toEqual(['1002']);
  });

  it('fewestcalls strategy → the member with fewer answered calls rings', async () => {
    const { queue, originator } = queueSetup({ strategy: 'fewestcalls', wrapUpTimeSec: 0 });
    await enqueue(queue, caller('c1'));
    originator.legsTo('1001')[0]?.remoteAnswers();
    await flush();
    originator.legsTo('1001')[0]?.remoteHangsUp();
    await flush();
    await enqueue(queue, caller('c2'));
    expect(ringing(originator)).toEqual(['1002']);
  });

  it('random strategy → the injected random source picks the member', async () => {
    const { deps, config, originator } = queueSetup({ strategy: 'random' });
    await enqueue(new Queue({ ...deps, random: () => 0.7 }, config), caller());
    expect(ringing(originator)).toEqual(['1002']);
  });

  it('two callers, one member → FIFO: the second is offered after the first call and wrap-up', async () => {
    const { queue, clock, originator } = queueSetup({ maxWaitTimeSec: 600 }, [member(1001)]);
    await enqueue(queue, caller('c1'));
    await enqueue(queue, caller('c2'));
    expect(originator.placed.map((p) => p.request.parentCallId)).toEqual(['c1']);
    originator.placed[0]?.leg.remoteAnswers();
    await flush();
    clock.tick(60_000);
    originator.placed[0]?.leg.remoteHangsUp();
    await flush();
    expect(originator.placed).toHaveLength(1);
    clock.tick(5_000);
    expect(originator.placed.map((p) => p.request.parentCallId)).toEqual(['c1', 'c2']);
  });

  it('priority → a later caller with higher priority is offered first', async () => {
    const { queue, originator, events, state } = queueSetup({}, []);
    await enqueue(queue, caller('low'));
    await enqueue(queue, caller('high'), 5);
    expect(events).toEqual(['entered:low@1', 'entered:high@1']);
    state.members = [member(1001)];
    queue.dispatch();
    expect(originator.placed.map((p) => p.request.parentCallId)).toEqual(['high']);
  });

  it('Q-11 autofill on → two callers and two free members ring simultaneously', async () => {
    const { queue, originator } = queueSetup({ autofill: true });
    await enqueue(queue, caller('c1'));
    await enqueue(queue, caller('c2'));
    const offers = originator.placed.map((p) => `${p.request.parentCallId}>${p.leg.remote.number}`);
    expect(offers).toEqual(['c1>1001', 'c2>1002']);
  });

  it('Q-11 autofill off → only the head of the line is offered', async () => {
    const { queue, originator } = queueSetup({ autofill: false });
    await enqueue(queue, caller('c1'));
    await enqueue(queue, caller('c2'));
    expect(originator.placed.map((p) => p.request.parentCallId)).toEqual(['c1']);
    originator.placed[0]?.leg.remoteAnswers();
    await flush();
    expect(originator.placed.map((p) => p.request.parentCallId)).toEqual(['c1', 'c2']);
  });

  it('Q-12 wrap-up → a member gets no queue call for wrapUpTime after one ends', async () => {
    const { queue, clock, originator } = queueSetup({ wrapUpTimeSec: 3 }, [member(1001)]);
    await enqueue(queue, caller('c1'));
    originator.placed[0]?.leg.remoteAnswers();
    await flush();
    originator.placed[0]?.leg.remoteHangsUp();
    await flush();
    await enqueue(queue, caller('c2'));
    clock.tick(2_999);
    expect(originator.placed).toHaveLength(1);
    clock.tick(1);
    expect(ringing(originator)).toEqual(['1001']);
  });

  it('Q-13 lastAgentFirst → the member who last answered this caller rings first', async () => {
    const { deps, config, originator } = queueSetup({ lastAgentFirst: true });
    const lastMemberFor = (_q: number, n: string) => (n === '5551234' ? 'ext:1002' : undefined);
    const sticky = new Queue({ ...deps, sticky: { lastMemberFor } }, config);
    await enqueue(sticky, caller());
    expect(ringing(originator)).toEqual(['1002']);
  });

  it('Q-22 update() → callers stay in line and the new ring timeout applies to the next offer', async () => {
    const { queue, clock, originator, config } = queueSetup({ strategy: 'linear' });
    await enqueue(queue, caller());
    queue.update({ ...config, strategy: 'linear', agentRingTimeoutSec: 30 });
    expect(queue.waitingCount).toBe(1);
    clock.tick(15_000);
    expect(originator.placed[1]?.request.ringTimeoutMs).toBe(30_000);
  });

  it('dispatch() when a member signs in → a waiting caller is offered to it', async () => {
    const { queue, originator, state } = queueSetup({}, [member(1001, { isLoggedIn: false })]);
    await enqueue(queue, caller());
    expect(originator.placed).toHaveLength(0);
    state.members = [member(1001)];
    queue.dispatch();
    expect(ringing(originator)).toEqual(['1001']);
  });
});
