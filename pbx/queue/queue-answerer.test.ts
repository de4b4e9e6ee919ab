import { describe, expect, it } from 'vitest';
import type { CallAnswerer } from '../../core/index.ts';
import { caller, enqueue, flush, member, queueSetup } from './queue-test-kit.ts';
import { Queue } from './queue.ts';

/** A queue over the kit's fakes whose recorder keeps every answeredBy(). */
function recordingQueue(members = [member(1001), member(1002)]) {
  const kit = queueSetup({ strategy: 'ringall' }, members);
  const answerers: Array<[string, CallAnswerer]> = [];
  const recorder = { answeredBy: (callId: string, a: CallAnswerer) => answerers.push([callId, a]) };
  const queue = new Queue({ ...kit.deps, recorder }, kit.config);
  return { ...kit, queue, answerers };
}

describe('Queue answering member (D64)', () => {
  it('answeredBy() when an agent member answers → its extension, agent id and answer time', async () => {
    const { queue, originator, clock, answerers } = recordingQueue([
      member(1001, { key: 'agent:42', agentNo: '8001' }),
    ]);
    await enqueue(queue, caller('q-1'));
    clock.tick(5_000);
    const answeredAtMs = clock.now();
    originator.placed[0]?.leg.remoteAnswers();
    await flush();
    expect(answerers).toEqual([['q-1', { extensionId: 1001, agentId: 42, answeredAtMs }]]);
  });

  it('answeredBy() when an extension member answers → its extension, no agent', async () => {
    const { queue, originator, answerers } = recordingQueue();
    await enqueue(queue, caller('q-2'));
    originator.legsTo('1002')[0]?.remoteAnswers();
    await flush();
    expect(answerers).toHaveLength(1);
    expect(answerers[0]?.[1]).toMatchObject({ extensionId: 1002, agentId: undefined });
  });

  it('answeredBy() when the member hangs up before the bridge → not reported', async () => {
    const { queue, originator, answerers } = recordingQueue([member(1001)]);
    const queued = await enqueue(queue, caller('q-3'));
    const leg = originator.placed[0]?.leg;
    leg?.remoteAnswers();
    leg?.remoteHangsUp();
    await flush();
    expect(answerers).toEqual([]);
    expect(queued.outcome()).toBeUndefined();
  });
});
