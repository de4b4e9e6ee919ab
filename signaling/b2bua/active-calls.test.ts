import { describe, expect, it } from 'vitest';
import { ActiveCalls, lampChanges, type TrackedCall } from './active-calls.ts';
import type { CallParties } from './b2bua-call.ts';
import { TrunkChannels } from './trunk-channels.ts';

function call(id: string, parties: Partial<CallParties>, state: TrackedCall['state'] = 'ringing') {
  const tracked: TrackedCall = {
    id,
    parties: {
      teamId: 1,
      direction: 'internal',
      callerNumber: '1000',
      calleeNumber: '1001',
      ...parties,
    } as CallParties,
    state,
    startedAtMs: 0,
    answeredAtMs: undefined,
    sipCallId: undefined,
    hangup: () => undefined,
  };
  return tracked;
}

function placed(id: string, number: string, isAnswered = false) {
  return { id, key: `1/${number}`, callerNumber: '5551234', isAnswered };
}

describe('ActiveCalls', () => {
  it('D81: a leg placed to an extension counts for it and shows on its lamp, but is not a call of its own', () => {
    const calls = new ActiveCalls();
    calls.add(call('c1', {}));
    const leg = placed('l1', '1001');
    calls.addPlaced(leg);
    expect(calls.countFor(1, '1001')).toBe(2);
    expect(calls.countFor(1, '1000')).toBe(1);
    expect(calls.size).toBe(1);
    expect(calls.list(1).map((c) => c.callId)).toEqual(['c1']);
    expect(calls.dialogsOf(1, '1001')).toEqual([
      { id: 'c1', state: 'early', direction: 'recipient', remoteNumber: '1000' },
      { id: 'l1', state: 'early', direction: 'recipient', remoteNumber: '5551234' },
    ]);
    calls.removePlaced(leg);
    calls.removePlaced(leg);
    expect(calls.countFor(1, '1001')).toBe(1);
  });

  it('D81: onIdle → told once per extension whose last call ended, and not after removal', () => {
    const calls = new ActiveCalls();
    const idle: string[] = [];
    const stop = calls.onIdle((teamId, number) => idle.push(`${teamId}/${number}`));
    const c1 = call('c1', {});
    const leg = placed('l1', '1001', true);
    calls.add(c1);
    calls.addPlaced(leg);
    calls.remove(c1);
    expect(idle).toEqual(['1/1000']);
    calls.removePlaced(leg);
    expect(idle).toEqual(['1/1000', '1/1001']);
    stop();
    calls.add(c1);
    calls.remove(c1);
    expect(idle).toEqual(['1/1000', '1/1001']);
  });

  it('D87: onBusy → told once per extension whose first call started', () => {
    const calls = new ActiveCalls();
    const busy: string[] = [];
    calls.onBusy((teamId, number) => busy.push(`${teamId}/${number}`));
    const c1 = call('c1', {});
    calls.add(c1);
    calls.addPlaced(placed('l1', '1000'));
    expect(busy).toEqual(['1/1000', '1/1001']);
    calls.remove(c1);
    calls.add(call('c2', {}));
    expect(busy).toEqual(['1/1000', '1/1001', '1/1001']);
  });

  it('D83 countForTeam() → calls of the team, placed legs not counted; an inbound trunk call holds a channel', () => {
    const channels = new TrunkChannels();
    const calls = new ActiveCalls(channels);
    const internal = call('c1', {});
    const inbound = call('c2', { direction: 'inbound', callerNumber: '5551234', trunkId: 7 });
    const outbound = call('c3', { direction: 'outbound', calleeNumber: '5559999', trunkId: 8 });
    const other = call('c4', { teamId: 2 });
    for (const c of [internal, inbound, outbound, other]) calls.add(c);
    calls.addPlaced(placed('l1', '1002'));
    expect(calls.countForTeam(1)).toBe(3);
    expect(calls.countForTeam(2)).toBe(1);
    // The outbound call's channel is the trunk dialer's to take.
    expect([channels.count(7), channels.count(8)]).toEqual([1, 0]);
    calls.remove(inbound);
    calls.remove(inbound);
    expect(calls.countForTeam(1)).toBe(2);
    expect(channels.count(7)).toBe(0);
  });

  it('D81 a caller-only call (an application leg) → only its caller counts and lights', () => {
    const calls = new ActiveCalls();
    const forwarded = { ...call('c1', {}), isCallerOnly: true };
    calls.add(forwarded);
    expect(calls.countFor(1, '1000')).toBe(1);
    expect(calls.countFor(1, '1001')).toBe(0);
    expect(calls.dialogsOf(1, '1001')).toEqual([]);
    expect(lampChanges(forwarded, true).map((x) => x.key)).toEqual(['1/1000']);
  });

  it('D97: isRinging() → the callee while every call of it rings it; not the caller, not once answered', () => {
    const calls = new ActiveCalls();
    expect(calls.isRinging(1, '1001')).toBe(false);
    const ringing = call('c1', {});
    calls.add(ringing);
    expect(calls.isRinging(1, '1001')).toBe(true);
    expect(calls.isRinging(1, '1000')).toBe(false);
    const leg = placed('l1', '1001');
    calls.addPlaced(leg);
    expect(calls.isRinging(1, '1001')).toBe(true);
    calls.remove(ringing);
    calls.add(call('c1', {}, 'answered'));
    expect(calls.isRinging(1, '1001')).toBe(false);
    calls.removePlaced(leg);
    calls.addPlaced(placed('l2', '1000', true));
    expect(calls.isRinging(1, '1000')).toBe(false);
  });

  it('lampChanges() → every extension of the call; ended dialogs name the caller initiator', () => {
    const c = call('c1', {}, 'ended');
    expect(lampChanges(c, false)).toEqual([
      { key: '1/1000', ended: undefined },
      { key: '1/1001', ended: undefined },
    ]);
    expect(lampChanges(c, true).map((x) => x.ended?.direction)).toEqual(['initiator', 'recipient']);
    const inbound = call('c2', { direction: 'inbound', callerNumber: '5551234' }, 'ended');
    expect(lampChanges(inbound, true)).toEqual([
      { key: '1/1001', ended: { id: 'c2', state: 'terminated', direction: 'recipient' } },
    ]);
  });
});
