import { describe, expect, it } from 'vitest';
import { silentLogger, type ApplicationCall } from '../../core/index.ts';
import { FakeCallLeg, FakeOriginator } from '../../test/fakes/fake-call-leg.ts';
import { FakeMediaControl } from '../../test/fakes/fake-media-control.ts';
import { sendDtmfDestination } from './send-dtmf.ts';

function setUp(targetValue: string | undefined, isKeepingCaller = false) {
  const leg = new FakeCallLeg('inbound', { uri: 'sip:1000@t', number: '1000' });
  const call: ApplicationCall = {
    callId: 'c1',
    teamId: 1,
    leg,
    dialled: '8200',
    destination: { type: 'sendDtmf', targetValue },
  };
  const ctx = {
    media: new FakeMediaControl(),
    originator: new FakeOriginator(),
    logger: silentLogger(),
    isKeepingCaller,
  };
  const waits: number[] = [];
  const wait = (ms: number) => {
    waits.push(ms);
    return Promise.resolve();
  };
  return { leg, run: () => sendDtmfDestination(call, ctx, wait), waits };
}

describe('sendDtmfDestination() (IVR-10, D90)', () => {
  it('answers the caller, sends the digits, waits for them to go out, then hangs up', async () => {
    const { leg, run, waits } = setUp('12#');
    expect(await run()).toEqual({ kind: 'done' });
    expect(leg.actions.map((a) => a.op)).toEqual(['answer', 'sendDtmf', 'hangup']);
    expect(leg.actions[1]).toEqual({ op: 'sendDtmf', digits: '12#' });
    expect(waits).toEqual([3 * 160 + 200]);
  });

  it('IVR-9 with a follow-up waiting → the caller is kept, not hung up', async () => {
    const { leg, run } = setUp('5', true);
    expect(await run()).toEqual({ kind: 'kept' });
    expect(leg.actions.map((a) => a.op)).toEqual(['answer', 'sendDtmf']);
  });

  it.each([undefined, '', '12x'])(
    'digits %j → the call ends as unroutable, nothing sent',
    async (v) => {
      const { leg, run } = setUp(v);
      expect(await run()).toEqual({ kind: 'done' });
      expect(leg.actions).toEqual([
        {
          op: 'hangup',
          cause: { reason: 'unavailable', q850: 41, text: 'no DTMF digits to send' },
        },
      ]);
    },
  );
});
