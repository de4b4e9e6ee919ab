import { describe, expect, it } from 'vitest';
import type { ApplicationCall, FakeClock } from '../../core/index.ts';
import { FakeCallLeg, FakeOriginator } from '../../test/fakes/fake-call-leg.ts';
import { FakeMediaControl } from '../../test/fakes/fake-media-control.ts';
import { QUEUE_DEFAULTS, Queue, type QueueConfig } from '../queue/index.ts';
import { AgentQueues } from './agent-queues.ts';
import { agent, group, sessionsSetup } from './agent-test-kit.ts';

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Agents 1..4 on extensions 2001..2004; queues 5 and 6 made by `queue()`. */
function setup(groups: ReturnType<typeof group>[]) {
  const kit = sessionsSetup([agent(1), agent(2), agent(3), agent(4)], groups);
  const originator = new FakeOriginator();
  const media = new FakeMediaControl();
  /** Extensions on a call other than a queue's (D81). */
  const phonesOnCall = new Set<string>();
  const agentQueues = new AgentQueues({
    isOnCall: (t) => phonesOnCall.has(t.number),
    store: kit.store,
    sessions: kit.sessions,
    targetOf: (s) =>
      s.phone.kind === 'extension'
        ? {
            teamId: 1,
            extensionId: Number(s.phone.number),
            number: s.phone.number,
            ringTimeoutMs: 30_000,
          }
        : undefined,
  });
  const queue = (id: number, more: Partial<QueueConfig> = {}) => {
    const config: QueueConfig = {
      ...QUEUE_DEFAULTS,
      id,
      teamId: 1,
      number: String(700 + id),
      name: `q${id}`,
      wrapUpTimeSec: 0,
      retryIntervalSec: 0,
      ...more,
    };
    const q = new Queue(
      { clock: kit.clock as FakeClock, originator, media, audio, members: agentQueues },
      config,
    );
    agentQueues.attach(q);
    return q;
  };
  return { ...kit, originator, agentQueues, queue, phonesOnCall };
}

const audio = {
  moh: () => undefined,
  promptFile: () => undefined,
  positionFiles: () => [],
  digitFiles: () => [],
};

function caller(callId: string, queueId: number): ApplicationCall & { leg: FakeCallLeg } {
  return {
    callId,
    teamId: 1,
    leg: new FakeCallLeg('inbound', { uri: 'sip:5551234@t', number: '5551234' }),
    dialled: String(700 + queueId),
    destination: { type: 'queue', targetId: queueId },
  };
}

/** Numbers whose legs ring now. */
function ringing(originator: FakeOriginator): string[] {
  return originator.placed
    .filter((p) => p.leg.state !== 'terminated' && p.leg.state !== 'confirmed')
    .map((p) => p.leg.remote.number)
    .sort();
}

describe('AgentQueues members', () => {
  it('GRP-1: members() → only signed-in agents; paused ones are paused', () => {
    const { sessions, agentQueues } = setup([group(10, 5, [{ agentId: 1 }, { agentId: 2 }])]);
    expect(agentQueues.members(5)).toEqual([]);
    sessions.signIn(1);
    sessions.signIn(2);
    sessions.pause(2, 'lunch');
    expect(agentQueues.members(5).map((m) => [m.key, m.isPaused, m.penalty, m.agentNo])).toEqual([
      ['agent:1', false, 20, '8001'],
      ['agent:2', true, 20, '8002'],
    ]);
  });

  it('GRP-2: a dynamic member is in the queue only when signed in to its group', () => {
    const { sessions, agentQueues } = setup([
      group(10, 5, [{ agentId: 1, membershipType: 'dynamic' }]),
      group(11, 6, [{ agentId: 1, membershipType: 'static' }]),
    ]);
    sessions.signIn(1, { groupIds: [11] });
    expect(agentQueues.members(5)).toEqual([]);
    expect(agentQueues.members(6).map((m) => m.key)).toEqual(['agent:1']);
    sessions.signIn(1, { groupIds: [10, 11] });
    expect(agentQueues.members(5).map((m) => m.key)).toEqual(['agent:1']);
  });

  it('GRP-4: outbound mode (group, member override or own choice) → not a member', () => {
    const { sessions, agentQueues } = setup([
      group(
        10,
        5,
        [{ agentId: 1 }, { agentId: 2, workMode: 'inbound' }, { agentId: 3 }, { agentId: 4 }],
        { workMode: 'outbound' },
      ),
      group(11, 6, [{ agentId: 3 }, { agentId: 4 }], { workMode: 'selfSelect' }),
    ]);
    for (const id of [1, 2, 3]) sessions.signIn(id);
    sessions.signIn(4, { workMode: 'outbound' });
    expect(agentQueues.members(5).map((m) => m.key)).toEqual(['agent:2']);
    expect(agentQueues.members(6).map((m) => m.key)).toEqual(['agent:3']);
  });

  it('GRP-3: the member priority is the queue penalty (lower rings first)', async () => {
    const { sessions, queue, originator } = setup([
      group(10, 5, [
        { agentId: 1, priority: 30 },
        { agentId: 2, priority: 10 },
      ]),
    ]);
    sessions.signIn(1);
    sessions.signIn(2);
    void queue(5).run(caller('c1', 5));
    await flush();
    expect(ringing(originator)).toEqual(['2002']);
  });
});

describe('AgentQueues with a queue', () => {
  it('GRP-15: a sign-in while a caller waits → rung at once; states follow the call', async () => {
    const { sessions, queue, originator } = setup([
      group(10, 5, [{ agentId: 1 }], { wrapUpMode: 'afterAnswered' }),
    ]);
    const q = queue(5);
    const call = caller('c1', 5);
    void q.run(call);
    await flush();
    expect(ringing(originator)).toEqual([]);
    sessions.signIn(1);
    await flush();
    expect(ringing(originator)).toEqual(['2001']);
    expect(sessions.session(1)?.activity).toBe('ringing');
    originator.legsTo('2001')[0]!.remoteAnswers();
    await flush();
    expect(sessions.session(1)?.activity).toBe('busy');
    call.leg.remoteHangsUp();
    await flush();
    expect(sessions.session(1)?.activity).toBe('wrapUp');
  });

  it('D81: an idle agent whose phone is on another call → not offered; offered once the phone is freed', async () => {
    const { sessions, queue, originator, agentQueues, phonesOnCall } = setup([
      group(10, 5, [{ agentId: 1 }]),
    ]);
    sessions.signIn(1);
    phonesOnCall.add('2001');
    expect(agentQueues.members(5)).toEqual([expect.objectContaining({ isPaused: true })]);
    void queue(5).run(caller('c1', 5));
    await flush();
    expect(ringing(originator)).toEqual([]);
    expect(sessions.session(1)?.activity).toBe('idle');
    phonesOnCall.delete('2001');
    agentQueues.phoneFreed(1, '2001');
    await flush();
    expect(ringing(originator)).toEqual(['2001']);
  });

  it('GRP-7: a call rung out → the agent paused "auto-busy" and not rung again', async () => {
    const { sessions, queue, originator, clock } = setup([
      group(10, 5, [{ agentId: 1 }], { autoPauseOnNoAnswer: true }),
    ]);
    sessions.signIn(1);
    void queue(5, { agentRingTimeoutSec: 10, maxWaitTimeSec: 0 }).run(caller('c1', 5));
    await flush();
    expect(ringing(originator)).toEqual(['2001']);
    clock.tick(10_000);
    await flush();
    expect(sessions.session(1)).toMatchObject({ activity: 'paused', pauseReason: 'auto-busy' });
    clock.tick(10_000);
    await flush();
    expect(originator.placed).toHaveLength(1);
  });

  it('the caller hangs up while the agent rings → the agent is idle again', async () => {
    const { sessions, queue } = setup([group(10, 5, [{ agentId: 1 }])]);
    sessions.signIn(1);
    const call = caller('c1', 5);
    void queue(5).run(call);
    await flush();
    call.leg.remoteHangsUp();
    await flush();
    expect(sessions.session(1)?.activity).toBe('idle');
  });

  it('Q-21: an agent of two queues freed → offered the caller of the higher-priority queue', async () => {
    const { sessions, queue, originator } = setup([
      group(10, 5, [{ agentId: 1 }]),
      group(11, 6, [{ agentId: 1 }]),
    ]);
    const low = queue(5, { priority: 1 });
    const high = queue(6, { priority: 10 });
    void low.run(caller('low', 5));
    await flush();
    void high.run(caller('high', 6));
    await flush();
    expect(originator.placed).toHaveLength(0);
    sessions.signIn(1);
    await flush();
    expect(originator.placed.map((p) => p.request.parentCallId)).toEqual(['high']);
  });

  it("Q-21: the lower queue frees the agent first → held for the higher queue's caller", async () => {
    const { sessions, queue, originator } = setup([
      group(10, 5, [{ agentId: 1 }]),
      group(11, 6, [{ agentId: 1 }]),
    ]);
    const low = queue(5, { priority: 1 });
    const high = queue(6, { priority: 10 });
    sessions.signIn(1);
    const first = caller('first', 5);
    void low.run(first);
    await flush();
    originator.legsTo('2001')[0]!.remoteAnswers();
    await flush();
    void low.run(caller('low', 5));
    void high.run(caller('high', 6));
    await flush();
    expect(originator.placed).toHaveLength(1);
    first.leg.remoteHangsUp();
    await flush();
    expect(originator.placed.map((p) => p.request.parentCallId)).toEqual(['first', 'high']);
  });
});
