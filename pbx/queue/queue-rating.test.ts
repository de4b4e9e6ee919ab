import { describe, expect, it } from 'vitest';
import type { QueueRating } from './queue-rating.ts';
import { RATING_DIGIT_TIMEOUT_MS, RATING_THANKS_SOUND } from './queue-rating.ts';
import { caller, flush, member, playing, queueSetup } from './queue-test-kit.ts';

/** A queue with rating prompt 42, one agent member, and its ratings recorded. */
async function bridgedWithRating(
  more: { isKeepingCaller?: boolean; ratingPromptId?: number | null } = {},
) {
  const setup = queueSetup(
    { ratingPromptId: more.ratingPromptId === undefined ? 42 : more.ratingPromptId },
    [member(1001, { key: 'agent:5', agentNo: '2000' })],
  );
  const ratings: QueueRating[] = [];
  const { queue, originator } = setup;
  Object.assign(setup.deps, { ratings: { record: (r: QueueRating) => ratings.push(r) } });
  const call = caller();
  let outcome: unknown;
  const done = queue
    .run(call, { isKeepingCaller: more.isKeepingCaller === true })
    .then((o) => (outcome = o));
  await flush();
  const agent = originator.legsTo('1001')[0]!;
  agent.remoteAnswers();
  await flush();
  return { ...setup, ratings, call, agent, done, outcome: () => outcome };
}

describe('Queue rating (Q-17)', () => {
  it('Q-17 agent hangs up first → caller kept, hears the rating prompt, key 4 stored, thanks, hung up', async () => {
    const { media, call, agent, ratings, done } = await bridgedWithRating();
    agent.remoteHangsUp();
    await flush();
    expect(call.leg.state).toBe('confirmed');
    expect(playing(media, call.leg)).toEqual(['prompt/42.wav']);
    call.leg.pressDigit('4');
    await flush();
    expect(playing(media, call.leg)).toEqual([RATING_THANKS_SOUND]);
    media.running(call.leg.media, 'play')[0]!.end('completed');
    const outcome = await done;
    expect(ratings).toEqual([
      {
        teamId: 1,
        queueId: 3,
        queueNumber: '700',
        callId: 'call-1',
        memberKey: 'agent:5',
        agentNo: '2000',
        customerNumber: '5551234',
        score: 4,
      },
    ]);
    expect(outcome).toMatchObject({ kind: 'answered', isCallerKept: false });
    expect(call.leg.state).toBe('terminated');
  });

  it('Q-17 caller hangs up first → no rating, member hung up', async () => {
    const { media, call, agent, ratings, done } = await bridgedWithRating();
    call.leg.remoteHangsUp();
    await done;
    expect(agent.state).toBe('terminated');
    expect(ratings).toEqual([]);
    const files = media.operations.map((o) =>
      o.source !== undefined && 'file' in o.source ? o.source.file : '',
    );
    expect(files).not.toContain('prompt/42.wav');
  });

  it('Q-17 no key within the timeout → prompt played once more, then hung up without a record', async () => {
    const { media, clock, call, agent, ratings, done } = await bridgedWithRating();
    agent.remoteHangsUp();
    await flush();
    for (let attempt = 0; attempt < 2; attempt++) {
      expect(playing(media, call.leg)).toEqual(['prompt/42.wav']);
      media.running(call.leg.media, 'play')[0]!.end('completed');
      await flush();
      clock.tick(RATING_DIGIT_TIMEOUT_MS);
      await flush();
    }
    await done;
    expect(ratings).toEqual([]);
    expect(call.leg.state).toBe('terminated');
  });

  it('Q-17 a key outside 1-9 → the retry; a valid key then is stored', async () => {
    const { media, call, agent, ratings, done } = await bridgedWithRating();
    agent.remoteHangsUp();
    await flush();
    call.leg.pressDigit('0');
    await flush();
    expect(playing(media, call.leg)).toEqual(['prompt/42.wav']);
    call.leg.pressDigit('9');
    await flush();
    media.running(call.leg.media, 'play')[0]!.end('completed');
    await done;
    expect(ratings.map((r) => r.score)).toEqual([9]);
  });

  it('Q-17 caller hangs up during the rating prompt → no record', async () => {
    const { call, agent, ratings, done } = await bridgedWithRating();
    agent.remoteHangsUp();
    await flush();
    call.leg.remoteHangsUp();
    expect(await done).toMatchObject({ kind: 'answered', isCallerKept: false });
    expect(ratings).toEqual([]);
  });

  it('Q-17 no rating prompt → the agent hanging up ends the caller too (unchanged)', async () => {
    const { call, agent, done } = await bridgedWithRating({ ratingPromptId: null });
    agent.remoteHangsUp();
    expect(await done).toMatchObject({ kind: 'answered', isCallerKept: false });
    expect(call.leg.state).toBe('terminated');
  });

  it('IVR-9 isKeepingCaller and the agent hangs up first → caller handed back up, after the rating', async () => {
    const { media, call, agent, ratings, done } = await bridgedWithRating({
      isKeepingCaller: true,
    });
    agent.remoteHangsUp();
    await flush();
    call.leg.pressDigit('7');
    await flush();
    media.running(call.leg.media, 'play')[0]!.end('completed');
    expect(await done).toMatchObject({ kind: 'answered', isCallerKept: true });
    expect(call.leg.state).toBe('confirmed');
    expect(ratings.map((r) => r.score)).toEqual([7]);
  });

  it('IVR-9 isKeepingCaller without a rating → caller handed back up at once', async () => {
    const { call, agent, done } = await bridgedWithRating({
      isKeepingCaller: true,
      ratingPromptId: null,
    });
    agent.remoteHangsUp();
    expect(await done).toMatchObject({ kind: 'answered', isCallerKept: true });
    expect(call.leg.state).toBe('confirmed');
  });
});
