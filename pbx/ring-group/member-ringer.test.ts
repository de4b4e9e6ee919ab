import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../core/index.ts';
import type { CallLeg, ExtensionTarget } from '../../core/index.ts';
import { FakeOriginator } from '../../test/fakes/fake-call-leg.ts';
import { MemberRinger, prefixedCaller, type MemberRingEnd } from './member-ringer.ts';

const target = (n: number): ExtensionTarget => ({
  teamId: 1,
  extensionId: n,
  number: String(n),
  ringTimeoutMs: 30_000,
});

function setup() {
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
