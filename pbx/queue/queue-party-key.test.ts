import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../core/index.ts';
import { FakeCallLeg } from '../../test/fakes/fake-call-leg.ts';
import { FakeMediaControl } from '../../test/fakes/fake-media-control.ts';
import { PartyBridge } from '../calls/index.ts';
import { QueuePartyKey } from './queue-party-key.ts';
import { flush } from './queue-test-kit.ts';

const party = (number: string) => ({ uri: `sip:${number}@t`, number });

async function keyed(isSwallowing = true) {
  const media = new FakeMediaControl();
  const clock = new FakeClock();
  const caller = new FakeCallLeg('inbound', party('5551234'));
  const member = new FakeCallLeg('outbound', party('1001'));
  await caller.answer();
  member.remoteAnswers();
  const started = await PartyBridge.start(media, caller, member, { roomId: 'r' });
  if (!started.ok) throw new Error('bridge failed');
  const bridge = started.value;
  const numbers: string[] = [];
  const key = new QueuePartyKey(
    { media, clock },
    { teamId: 1, code: '*53', caller, member, bridge, isSwallowing },
    (n) => numbers.push(n),
  );
  key.start();
  const press = async (digits: string) => {
    for (const d of digits) member.pressDigit(d);
    await flush();
  };
  const plays = (leg: FakeCallLeg) =>
    media.running(leg.media, 'play').map((o) => JSON.stringify(o.source));
  return { media, clock, caller, member, bridge, key, numbers, press, plays };
}

describe('QueuePartyKey (Q-19 by phone)', () => {
  it('Q-19 QueuePartyKey.start() with swallowing → the code is held back from the caller (D44)', async () => {
    const { media, member } = await keyed();
    expect(media.dtmfGates.get(`${member.media.callId}/${member.media.legId}`)).toEqual(['*53']);
  });

  it('Q-19 the member keys *53 → caller hears MOH, member a dial tone', async () => {
    const { key, press, plays, caller, member } = await keyed();
    await press('*53');
    expect(key.state).toBe('collecting');
    expect(plays(caller)).toEqual([JSON.stringify({ moh: 'default', teamId: 1 })]);
    expect(plays(member)).toEqual([JSON.stringify({ tone: 'dial' })]);
  });

  it('Q-19 *53 then 1002# → the two talk again and the number is added', async () => {
    const { key, press, plays, caller, member, numbers } = await keyed();
    await press('*53');
    await press('10');
    expect(plays(member)).toEqual([]);
    await press('02#');
    expect(numbers).toEqual(['1002']);
    expect(key.state).toBe('idle');
    expect(plays(caller)).toEqual([]);
  });

  it('Q-19 *53 then 1002 and a 3 s pause → the number is added', async () => {
    const { press, clock, numbers } = await keyed();
    await press('*531002');
    clock.tick(2999);
    await flush();
    expect(numbers).toEqual([]);
    clock.tick(1);
    await flush();
    expect(numbers).toEqual(['1002']);
  });

  it('Q-19 *53 and nothing keyed → after 3 s the two talk again, nothing added', async () => {
    const { press, clock, numbers, plays, caller, key } = await keyed();
    await press('*53');
    clock.tick(3000);
    await flush();
    expect(numbers).toEqual([]);
    expect(plays(caller)).toEqual([]);
    expect(key.state).toBe('idle');
  });

  it('Q-19 keys more than 1 s apart → no code', async () => {
    const { press, clock, key } = await keyed();
    await press('*5');
    clock.tick(1000);
    await press('3');
    expect(key.state).toBe('idle');
  });

  it('Q-19 a wrong key restarts the match (**53 is the code)', async () => {
    const { press, key } = await keyed();
    await press('**53');
    expect(key.state).toBe('collecting');
  });

  it('Q-19 the caller hangs up while the number is keyed → plays stop, the key closes', async () => {
    const { press, caller, member, key, plays, media } = await keyed();
    await press('*53');
    caller.remoteHangsUp();
    await flush();
    await flush();
    expect(key.state).toBe('closed');
    expect(plays(member)).toEqual([]);
    expect(media.dtmfGates.size).toBe(0);
  });

  it('Q-19 without swallowing → no gate on the member leg', async () => {
    const { media } = await keyed(false);
    expect(media.dtmfGates.size).toBe(0);
  });
});
