import { describe, expect, it } from 'vitest';
import { FILES, flush, ivrHarness, menuFlow } from './ivr-test-kit.ts';

/** Menu 1 whose key 1 goes to extension 7 with follow-up prompt 2 and return to IVR 4. */
const followedUp = (more: { followUpPromptId?: number | null; returnToIvrId?: number | null }) =>
  menuFlow({
    transitions: [
      {
        condition: '1',
        destinationType: 'extension',
        destinationId: 7,
        followUpPromptId: 'followUpPromptId' in more ? more.followUpPromptId : 2,
        returnToIvrId: 'returnToIvrId' in more ? more.returnToIvrId : 4,
      },
      { condition: '2', destinationType: 'queue', destinationId: 3 },
    ],
  });

/** Runs the menu through handle() and presses `key`. */
async function handled(flow: ReturnType<typeof menuFlow>, key: string) {
  const h = ivrHarness([flow]);
  const call = { callId: 'call-1', teamId: 1, leg: h.leg, dialled: '8001' };
  const done = h.app.handle({ ...call, destination: { type: 'ivr', targetId: 1 } });
  await h.finishPlay();
  await h.press(key);
  return { h, outcome: await done };
}

describe('IVR follow-up (IVR-9)', () => {
  it('IVR-9 handle() on a transition with a follow-up → the destination plus afterKept', async () => {
    const { outcome } = await handled(followedUp({}), '1');
    expect(outcome).toMatchObject({
      kind: 'destination',
      destination: { type: 'extension', targetId: 7 },
    });
    expect(outcome.kind === 'destination' && outcome.afterKept).toBeTypeOf('function');
  });

  it('IVR-9 handle() on a transition without a follow-up → no afterKept (the caller ends with the target)', async () => {
    const { outcome } = await handled(followedUp({}), '2');
    expect(outcome).toEqual({ kind: 'destination', destination: { type: 'queue', targetId: 3 } });
  });

  it('IVR-9 afterKept() → plays the follow-up prompt, then back to the return IVR', async () => {
    const { h, outcome } = await handled(followedUp({}), '1');
    if (outcome.kind !== 'destination' || outcome.afterKept === undefined) throw new Error('no');
    const next = outcome.afterKept();
    await flush();
    expect(h.plays().at(-1)).toBe(FILES.bye);
    expect(h.current()?.playOptions?.isInterruptedByDtmf).toBe(false);
    await h.finishPlay();
    expect(await next).toEqual({ kind: 'destination', destination: { type: 'ivr', targetId: 4 } });
    expect(h.leg.state).toBe('confirmed');
  });

  it('IVR-9 afterKept() without a return IVR → follow-up prompt, then hung up', async () => {
    const { h, outcome } = await handled(followedUp({ returnToIvrId: null }), '1');
    if (outcome.kind !== 'destination' || outcome.afterKept === undefined) throw new Error('no');
    const next = outcome.afterKept();
    await h.finishPlay();
    expect(await next).toEqual({ kind: 'done' });
    expect(h.leg.actions.at(-1)).toMatchObject({ op: 'hangup', cause: { q850: 16 } });
  });

  it('IVR-9 afterKept() with a return IVR and no prompt → straight back to the IVR', async () => {
    const { h, outcome } = await handled(followedUp({ followUpPromptId: null }), '1');
    if (outcome.kind !== 'destination' || outcome.afterKept === undefined) throw new Error('no');
    const before = h.plays().length;
    expect(await outcome.afterKept()).toMatchObject({ destination: { type: 'ivr', targetId: 4 } });
    expect(h.plays()).toHaveLength(before);
  });

  it('IVR-9 afterKept() when the caller hangs up during the follow-up → done, no return', async () => {
    const { h, outcome } = await handled(followedUp({}), '1');
    if (outcome.kind !== 'destination' || outcome.afterKept === undefined) throw new Error('no');
    const next = outcome.afterKept();
    await flush();
    h.leg.remoteHangsUp();
    expect(await next).toEqual({ kind: 'done' });
  });
});
