import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../core/index.ts';
import type { CallLeg, ExtensionTarget } from '../../core/index.ts';
import { FakeCallLeg, FakeOriginator } from '../../test/fakes/fake-call-leg.ts';
import { RingingMembers } from '../calls/index.ts';
import { MemberRinger, prefixedCaller, type MemberRingEnd } from './member-ringer.ts';

const target = (n: number): ExtensionTarget => ({
  teamId: 1,
  extensionId: n,
  number: String(n),
  ringTimeoutMs: 30_000,
});

function setup(pickup?: RingingMembers) {
  const clock = new FakeClock();
  const originator = new FakeOriginator();
  const answered: Array<[string, CallLeg]> = [];
  const ended: Array<[string, MemberRingEnd]> = [];
  const ringer = new MemberRinger(
    originator,
    clock,
    { teamId: 1, caller: { uri: 'sip:5551234@t', number: '5551234' }, parentCallId: 'p' },
    {
      onAnswered: (key, leg) => answered.push([key, leg]),
      onEnded: (key, reason) => ended.push([key, reason]),
    },
    pickup,
  );
  return { clock, originator, ringer, answered, ended };
}

describe('MemberRinger', () => {
  it('ring() when the timeout passes → leg hung up with no-answer (Q.850 19), onEnded once', () => {
    const { clock, originator, ringer, ended } = setup();
    ringer.ring('a', target(1001), 10_000);
    expect(originator.placed[0]?.request.ringTimeoutMs).toBe(10_000);
    clock.tick(10_000);
    expect(originator.placed[0]?.leg.actions.at(-1)).toMatchObject({
      op: 'hangup',
      cause: { q850: 19 },
    });
    expect(ended).toEqual([['a', 'no-answer']]);
  });

  it('ring() when two answer → only the first is handed over, the second is hung up', () => {
    const { originator, ringer, answered } = setup();
    ringer.ring('a', target(1001), 10_000);
    ringer.ring('b', target(1002), 10_000);
    originator.placed[1]?.leg.remoteAnswers();
    originator.placed[0]?.leg.remoteAnswers();
    expect(answered.map(([k]) => k)).toEqual(['b']);
    expect(originator.placed[0]?.leg.state).toBe('terminated');
    expect(ringer.ring('c', target(1003), 10_000)).toBe(false);
  });

  it('ring() when the member is busy → onEnded busy; failures map to failed', () => {
    const { originator, ringer, ended } = setup();
    ringer.ring('a', target(1001), 10_000);
    ringer.ring('b', target(1002), 10_000);
    originator.placed[0]?.leg.remoteHangsUp({ reason: 'busy', q850: 17 });
    originator.placed[1]?.leg.remoteHangsUp({ reason: 'unavailable', q850: 20 });
    expect(ended).toEqual([
      ['a', 'busy'],
      ['b', 'failed'],
    ]);
    expect(ringer.ringingCount).toBe(0);
  });

  it('close() → every ringing leg cancelled without onEnded, timers cleared', () => {
    const { clock, originator, ringer, ended } = setup();
    ringer.ring('a', target(1001), 10_000);
    ringer.close();
    expect(originator.placed[0]?.leg.actions.at(-1)).toMatchObject({
      op: 'hangup',
      cause: { reason: 'cancelled' },
    });
    expect(ended).toEqual([]);
    expect(clock.pendingCount).toBe(0);
  });

  it('ring() when the originator refuses → false, nothing reported', () => {
    const { originator, ringer, ended } = setup();
    originator.refuse = true;
    expect(ringer.ring('a', target(1001), 10_000)).toBe(false);
    expect(ended).toEqual([]);
  });
});

describe('MemberRinger call pickup (EXT-12, D85)', () => {
  const picker = () => new FakeCallLeg('inbound', { uri: 'sip:1003@t', number: '1003' });

  it('take() while the member rings → picker answered, every leg cancelled as answered elsewhere, owner gets the picker', async () => {
    const pickup = new RingingMembers();
    const { originator, ringer, answered, ended } = setup(pickup);
    ringer.ring('a', target(1001), 10_000);
    ringer.ring('b', target(1002), 10_000);
    expect(pickup.size).toBe(2);
    const leg = picker();
    expect(await pickup.oldest(1, ['1002'])!.take(leg)).toBe(true);
    expect(leg.ops).toEqual(['answer']);
    expect(answered).toEqual([['b', leg]]);
    expect(ended).toEqual([]);
    for (const placed of originator.placed) {
      expect(placed.leg.actions.at(-1)).toMatchObject({ op: 'hangup', cause: { q850: 26 } });
    }
    expect(pickup.size).toBe(0);
  });

  it('take() after the member answered → false, the owner keeps the member', async () => {
    const pickup = new RingingMembers();
    const { originator, ringer, answered } = setup(pickup);
    ringer.ring('a', target(1001), 10_000);
    const member = pickup.oldest(1, ['1001'])!;
    originator.placed[0]!.leg.remoteAnswers();
    expect(await member.take(picker())).toBe(false);
    expect(answered.map(([k, leg]) => [k, leg === originator.placed[0]!.leg])).toEqual([
      ['a', true],
    ]);
  });

  it('take() when the picker cannot be answered → false, the member keeps ringing', async () => {
    const pickup = new RingingMembers();
    const { originator, ringer } = setup(pickup);
    ringer.ring('a', target(1001), 10_000);
    const leg = picker();
    leg.failNextAnswer = true;
    expect(await pickup.oldest(1, ['1001'])!.take(leg)).toBe(false);
    expect(ringer.isRinging('a')).toBe(true);
    expect(originator.placed[0]!.leg.state).not.toBe('terminated');
  });

  it('legs ended or placed to another phone → not listed', () => {
    const pickup = new RingingMembers();
    const { clock, ringer } = setup(pickup);
    ringer.ring('a', target(1001), 10_000);
    ringer.ring('b', target(1002), 10_000, {
      originate: { kind: 'trunks', trunks: [] },
    });
    expect(pickup.oldest(1, ['1001', '1002'])?.number).toBe('1001');
    clock.tick(10_000);
    expect(pickup.oldest(1, ['1001', '1002'])).toBeUndefined();
  });
});

describe('prefixedCaller()', () => {
  it('prefixedCaller() when no prefixes → the caller unchanged', () => {
    const party = { uri: 'sip:1@t', number: '1', displayName: 'Ann' };
    expect(prefixedCaller(party, null, null)).toEqual(party);
  });

  it('prefixedCaller() when only a name prefix and no name → prefix + number as the name', () => {
    expect(prefixedCaller({ uri: 'sip:1@t', number: '1' }, '', 'Q:')).toEqual({
      uri: 'sip:1@t',
      number: '1',
      displayName: 'Q:1',
    });
  });
});
