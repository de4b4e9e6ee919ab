import { describe, expect, it } from 'vitest';
import { silentLogger, type ApplicationCall } from '../../core/index.ts';
import { FakeCallLeg, FakeOriginator } from '../../test/fakes/fake-call-leg.ts';
import { FakeMediaControl } from '../../test/fakes/fake-media-control.ts';
import { playPromptDestination } from './play-prompt.ts';

function setUp(targetId: number | undefined, isKeepingCaller = false) {
  const leg = new FakeCallLeg('inbound', { uri: 'sip:1000@t', number: '1000' });
  const call: ApplicationCall = {
    callId: 'c1',
    teamId: 1,
    leg,
    dialled: '8101',
    destination: { type: 'prompt', ...(targetId === undefined ? {} : { targetId }) },
  };
  const media = new FakeMediaControl();
  const ctx = { media, originator: new FakeOriginator(), logger: silentLogger(), isKeepingCaller };
  const fileOf = (id: number) => (id === 4 ? '1/17' : undefined);
  return { leg, media, run: () => playPromptDestination(call, ctx, fileOf) };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('playPromptDestination() (呼入语音, D90)', () => {
  it('answers, plays the prompt file once through, then hangs up', async () => {
    const { leg, media, run } = setUp(4);
    const done = run();
    await tick();
    expect(leg.actions.map((a) => a.op)).toEqual(['answer']);
    expect(media.operations[0]?.source).toEqual({ file: '1/17' });
    media.operations[0]!.end('completed');
    expect(await done).toEqual({ kind: 'done' });
    expect(leg.actions.map((a) => a.op)).toEqual(['answer', 'hangup']);
  });

  it('IVR-9 with a follow-up waiting → the caller is kept after the prompt', async () => {
    const { leg, media, run } = setUp(4, true);
    const done = run();
    await tick();
    media.operations[0]!.end('completed');
    expect(await done).toEqual({ kind: 'kept' });
    expect(leg.actions.map((a) => a.op)).toEqual(['answer']);
  });

  it('the caller hangs up during the prompt → done, the playback stopped', async () => {
    const { leg, media, run } = setUp(4);
    const done = run();
    await tick();
    leg.remoteHangsUp();
    expect(await done).toEqual({ kind: 'done' });
    expect(media.operations[0]?.isEnded).toBe(true);
  });

  it.each([undefined, 9])('prompt %j with no file → unroutable, nothing played', async (id) => {
    const { leg, media, run } = setUp(id);
    expect(await run()).toEqual({ kind: 'done' });
    expect(media.operations).toHaveLength(0);
    expect(leg.actions).toEqual([
      { op: 'hangup', cause: { reason: 'unavailable', q850: 41, text: 'no such prompt' } },
    ]);
  });
});
