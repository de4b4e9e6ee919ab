import { describe, expect, it } from 'vitest';
import { silentLogger, type ApplicationCall } from '../../core/index.ts';
import { FakeCallLeg, FakeOriginator } from '../../test/fakes/fake-call-leg.ts';
import { FakeMediaControl } from '../../test/fakes/fake-media-control.ts';
import { CALLBACK_REQUESTED_SOUND, callbackRequestDestination } from './callback-request.ts';

function setUp(caller: { number: string; isPrivate?: boolean }, isKeepingCaller = false) {
  const leg = new FakeCallLeg('inbound', { uri: `sip:${caller.number}@t`, ...caller });
  const call: ApplicationCall = {
    callId: 'c1',
    teamId: 3,
    leg,
    dialled: '5550600',
    destination: { type: 'callback' },
  };
  const media = new FakeMediaControl();
  const ctx = { media, originator: new FakeOriginator(), logger: silentLogger(), isKeepingCaller };
  const recorded: unknown[] = [];
  const record = (r: { callerNumber: string }) => {
    if (!/^\+?[0-9]{2,}$/.test(r.callerNumber)) return false;
    recorded.push(r);
    return true;
  };
  return { leg, media, recorded, run: () => callbackRequestDestination(call, ctx, record) };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('callbackRequestDestination() (IVR-10 要求回访, D93)', () => {
  it('records the caller’s number, answers, says so once, then hangs up', async () => {
    const { leg, media, recorded, run } = setUp({ number: '+15551230000' });
    const done = run();
    await tick();
    expect(recorded).toEqual([
      { teamId: 3, callerNumber: '+15551230000', calledNumber: '5550600', callId: 'c1' },
    ]);
    expect(media.operations[0]?.source).toEqual({ file: CALLBACK_REQUESTED_SOUND });
    media.operations[0]!.end('completed');
    expect(await done).toEqual({ kind: 'done' });
    expect(leg.actions.map((a) => a.op)).toEqual(['answer', 'hangup']);
  });

  it('IVR-9 with a follow-up waiting → the caller is kept after the message', async () => {
    const { leg, media, run } = setUp({ number: '5551234' }, true);
    const done = run();
    await tick();
    media.operations[0]!.end('completed');
    expect(await done).toEqual({ kind: 'kept' });
    expect(leg.actions.map((a) => a.op)).toEqual(['answer']);
  });

  it.each([
    ['anonymous', { number: 'anonymous' }],
    ['a withheld number', { number: '5551234', isPrivate: true }],
  ])('%s → nothing recorded, nothing played, hung up unanswered', async (_, caller) => {
    const { leg, media, recorded, run } = setUp(caller);
    expect(await run()).toEqual({ kind: 'done' });
    expect(recorded).toEqual([]);
    expect(media.operations).toHaveLength(0);
    expect(leg.actions).toEqual([
      { op: 'hangup', cause: { reason: 'unavailable', q850: 41, text: 'no number to call back' } },
    ]);
  });
});
