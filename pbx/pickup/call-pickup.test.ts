import { describe, expect, it } from 'vitest';
import type { CallLeg, RingingCalls } from '../../core/index.ts';
import { FakeCallLeg } from '../../test/fakes/fake-call-leg.ts';
import { FakeMediaControl } from '../../test/fakes/fake-media-control.ts';
import { RingingMembers } from '../calls/index.ts';
import { pickUpCall, pickupNumbers, type PickupExtension } from './call-pickup.ts';

const PARTY = { uri: 'sip:1001@example.test', number: '1001' };

const ext = (
  id: number,
  accountId: number | null,
  scope: PickupExtension['pickupScope'] = 'accountGroup',
) => ({
  id,
  teamId: 1,
  number: String(1000 + id),
  accountId,
  pickupScope: scope,
});

const directory = {
  extensionsOf: () => [ext(1, 10), ext(2, 11), ext(3, 12), ext(4, null)],
  // Accounts 10 and 11 share group 7; 12 is alone.
  accountGroupOf: (accountId: number) => (accountId === 12 ? undefined : 7),
};

describe('pickupNumbers()', () => {
  it('AG-5 scope accountGroup → only extensions whose account is in the same group', () => {
    expect(pickupNumbers(ext(1, 10), directory)).toEqual(['1002']);
  });

  it('EXT-12 scope team → every other extension of the team', () => {
    expect(pickupNumbers(ext(1, 10, 'team'), directory)).toEqual(['1002', '1003', '1004']);
  });

  it('an account outside any group → extensions of that account only', () => {
    expect(pickupNumbers(ext(3, 12), directory)).toEqual([]);
  });
});

function ringingWith(leg: CallLeg | undefined): RingingCalls & { asked: string[][] } {
  const asked: string[][] = [];
  return {
    asked,
    pickUp: (_teamId, numbers) => {
      asked.push([...numbers]);
      return leg;
    },
    ringingSince: () => (leg === undefined ? undefined : 1_000),
  };
}

function pickerCall(leg: FakeCallLeg) {
  return {
    callId: 'p',
    teamId: 1,
    leg,
    dialled: '*61',
    destination: { type: 'application' as const, targetValue: 'feature:pickup' },
  };
}

describe('pickUpCall()', () => {
  it('EXT-12 a ringing call in scope → both answered and bridged until one hangs up', async () => {
    const media = new FakeMediaControl();
    const picker = new FakeCallLeg('inbound', PARTY);
    const caller = new FakeCallLeg('inbound', PARTY);
    const ringing = ringingWith(caller);
    const done = pickUpCall(pickerCall(picker), ringing, media, ['1002']);
    await new Promise((r) => setImmediate(r));
    expect(picker.state).toBe('confirmed');
    expect(caller.state).toBe('confirmed');
    expect(media.links.some((l) => l.op === 'mix')).toBe(true);
    caller.remoteHangsUp();
    await done;
    expect(picker.state).toBe('terminated');
  });

  it('nothing ringing in scope → the picker gets 480', async () => {
    const picker = new FakeCallLeg('inbound', PARTY);
    await pickUpCall(pickerCall(picker), ringingWith(undefined), new FakeMediaControl(), ['1002']);
    expect(picker.state).toBe('terminated');
    expect(picker.actions.at(-1)).toMatchObject({ op: 'hangup', cause: { sipStatus: 480 } });
  });

  it('directed pickup of a number out of scope → nothing is taken', async () => {
    const picker = new FakeCallLeg('inbound', PARTY);
    const ringing = ringingWith(new FakeCallLeg('inbound', PARTY));
    await pickUpCall(pickerCall(picker), ringing, new FakeMediaControl(), ['1002'], '1003');
    expect(ringing.asked).toEqual([]);
    expect(picker.state).toBe('terminated');
  });

  it('D85 a ring-group member rang before the direct call → the member is taken, the picker lasts as long as its leg', async () => {
    const picker = new FakeCallLeg('inbound', PARTY);
    const ringing = ringingWith(new FakeCallLeg('inbound', PARTY));
    const members = new RingingMembers();
    const taken: CallLeg[] = [];
    members.add({
      teamId: 1,
      number: '1002',
      startedAtMs: 500,
      take: async (leg) => {
        await leg.answer();
        taken.push(leg);
        return true;
      },
    });
    const done = pickUpCall(
      pickerCall(picker),
      ringing,
      new FakeMediaControl(),
      ['1002'],
      undefined,
      members,
    );
    await new Promise((r) => setImmediate(r));
    expect(taken).toEqual([picker]);
    expect(ringing.asked).toEqual([]);
    picker.remoteHangsUp();
    await done;
  });

  it('D85 the direct call rang first → it is taken, not the member', async () => {
    const picker = new FakeCallLeg('inbound', PARTY);
    const caller = new FakeCallLeg('inbound', PARTY);
    const ringing = ringingWith(caller);
    const members = new RingingMembers();
    members.add({
      teamId: 1,
      number: '1002',
      startedAtMs: 2_000,
      take: () => Promise.resolve(true),
    });
    const done = pickUpCall(
      pickerCall(picker),
      ringing,
      new FakeMediaControl(),
      ['1002'],
      undefined,
      members,
    );
    await new Promise((r) => setImmediate(r));
    expect(ringing.asked).toEqual([['1002']]);
    caller.remoteHangsUp();
    await done;
  });

  it('D85 the member stopped ringing before take() → the picker gets 480', async () => {
    const picker = new FakeCallLeg('inbound', PARTY);
    const members = new RingingMembers();
    members.add({ teamId: 1, number: '1002', startedAtMs: 1, take: () => Promise.resolve(false) });
    await pickUpCall(
      pickerCall(picker),
      ringingWith(undefined),
      new FakeMediaControl(),
      ['1002'],
      undefined,
      members,
    );
    expect(picker.actions.at(-1)).toMatchObject({ op: 'hangup', cause: { sipStatus: 480 } });
  });
});
