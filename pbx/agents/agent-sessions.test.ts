import { describe, expect, it } from 'vitest';
import { FakeClock, silentLogger } from '../../core/index.ts';
import { AgentSessions } from './agent-sessions.ts';
import { agent, group, phones, sessionsSetup } from './agent-test-kit.ts';

describe('AgentSessions sign-in', () => {
  it('AGT-5: signIn() when the agent is disabled → ERR_AGENT_DISABLED, nothing stored', () => {
    const { sessions, store } = sessionsSetup([agent(1, { status: 'disabled' })]);
    expect(() => sessions.signIn(1)).toThrow(
      expect.objectContaining({ code: 'ERR_AGENT_DISABLED' }),
    );
    expect(store.rows.size).toBe(0);
    expect(sessions.session(1)).toBeUndefined();
  });

  it('signIn() → an idle session on the target extension, stored and told', () => {
    const { sessions, store, changes, clock } = sessionsSetup([agent(1)]);
    const s = sessions.signIn(1);
    expect(s).toMatchObject({
      agentId: 1,
      teamId: 1,
      agentNo: '8001',
      phone: { kind: 'extension', number: '2001' },
      workMode: 'all',
      activity: 'idle',
      since: clock.now(),
    });
    expect(store.rows.get(1)).toMatchObject({ phoneNumber: '2001', activity: 'idle' });
    expect(changes).toEqual(['1:signedIn']);
    expect(sessions.sessionAtPhone(1, '2001')?.agentId).toBe(1);
  });

  it('AGT-2 fixed: signIn() with another number → ERR_AGENT_PHONE_FIXED', () => {
    const { sessions } = sessionsSetup([agent(1)]);
    expect(() => sessions.signIn(1, { phone: '2003' })).toThrow(
      expect.objectContaining({ code: 'ERR_AGENT_PHONE_FIXED' }),
    );
    expect(sessions.signIn(1, { phone: '2001' }).phone.number).toBe('2001');
  });

  it('AGT-2 selfSelect: signIn() with a number → that number; an outside one is external', () => {
    const { sessions } = sessionsSetup([agent(1, { extensionMode: 'selfSelect' })]);
    expect(sessions.signIn(1, { phone: '2003' }).phone).toEqual({
      kind: 'extension',
      number: '2003',
    });
    expect(sessions.signIn(1, { phone: '13800000000' }).phone).toEqual({
      kind: 'external',
      number: '13800000000',
    });
  });

  it('AGT-2 adaptive: signIn() from the IP an extension registered from → that extension', () => {
    const { sessions } = sessionsSetup([agent(1, { extensionMode: 'adaptive' })]);
    expect(sessions.signIn(1, { sourceIp: '10.0.0.5' }).phone.number).toBe('2005');
    expect(sessions.signIn(1, { sourceIp: '10.0.0.9' }).phone.number).toBe('2001');
    // The override: with no extension registered from there, a given number wins.
    expect(sessions.signIn(1, { sourceIp: '10.0.0.9', phone: '2007' }).phone.number).toBe('2007');
  });

  it('AGT-2: signIn() with no target number and none given → ERR_AGENT_NO_PHONE', () => {
    const { sessions } = sessionsSetup([agent(1, { targetNumber: null })]);
    expect(() => sessions.signIn(1)).toThrow(
      expect.objectContaining({ code: 'ERR_AGENT_NO_PHONE' }),
    );
  });

  it('signIn() on an extension another agent is signed in on → ERR_AGENT_PHONE_TAKEN', () => {
    const { sessions } = sessionsSetup([
      agent(1),
      agent(2, { extensionMode: 'selfSelect', targetNumber: '2001' }),
    ]);
    sessions.signIn(1);
    expect(() => sessions.signIn(2)).toThrow(
      expect.objectContaining({ code: 'ERR_AGENT_PHONE_TAKEN' }),
    );
  });

  it('GRP-2: signIn() defaults to all own groups; a foreign group → ERR_VALIDATION', () => {
    const { sessions } = sessionsSetup(
      [agent(1)],
      [group(10, 5, [{ agentId: 1 }]), group(11, 6, [{ agentId: 1 }]), group(12, 7, [])],
    );
    expect(sessions.signIn(1).groupIds).toEqual([10, 11]);
    expect(sessions.signIn(1, { groupIds: [11] }).groupIds).toEqual([11]);
    expect(() => sessions.signIn(1, { groupIds: [12] })).toThrow(
      expect.objectContaining({ field: 'groupIds' }),
    );
  });

  it('signOut() → no session, the row removed; a second signOut() → ERR_AGENT_NOT_SIGNED_IN', () => {
    const { sessions, store, changes } = sessionsSetup([agent(1)]);
    sessions.signIn(1);
    sessions.signOut(1);
    expect(sessions.session(1)).toBeUndefined();
    expect(store.rows.size).toBe(0);
    expect(changes).toEqual(['1:signedIn', '1:signedOut']);
    expect(() => sessions.signOut(1)).toThrow(
      expect.objectContaining({ code: 'ERR_AGENT_NOT_SIGNED_IN' }),
    );
  });
});

describe('AgentSessions pause and wrap-up', () => {
  it('pause() → paused with the reason, stored; resume() → idle', () => {
    const { sessions, store } = sessionsSetup([agent(1)]);
    sessions.signIn(1);
    expect(sessions.pause(1, 'lunch')).toMatchObject({ activity: 'paused', pauseReason: 'lunch' });
    expect(store.rows.get(1)).toMatchObject({ activity: 'paused', pauseReason: 'lunch' });
    expect(sessions.resume(1).activity).toBe('idle');
    expect(() => sessions.resume(1)).toThrow(
      expect.objectContaining({ code: 'ERR_AGENT_NOT_PAUSED' }),
    );
    expect(() => sessions.endWrapUp(1)).toThrow(
      expect.objectContaining({ code: 'ERR_AGENT_NOT_IN_WRAP_UP' }),
    );
  });

  it('offered() → ringing, answered() → busy, callEnded(talked) with wrap-up off → idle', () => {
    const { sessions } = sessionsSetup([agent(1)], [group(10, 5, [{ agentId: 1 }])]);
    sessions.signIn(1);
    sessions.offered(1, 5, 'c1');
    expect(sessions.session(1)?.activity).toBe('ringing');
    sessions.answered(1, 5, 'c1');
    expect(sessions.session(1)?.activity).toBe('busy');
    sessions.callEnded(1, 5, 'c1', 'talked');
    expect(sessions.session(1)?.activity).toBe('idle');
  });

  it('GRP-6 afterAnswered: callEnded(talked) → wrapUp; wrapUpAutoEndSec ends it', () => {
    const { sessions, clock, changes } = sessionsSetup(
      [agent(1)],
      [group(10, 5, [{ agentId: 1 }], { wrapUpMode: 'afterAnswered', wrapUpAutoEndSec: 30 })],
    );
    sessions.signIn(1);
    sessions.offered(1, 5, 'c1');
    sessions.callEnded(1, 5, 'c1', 'no-answer');
    expect(sessions.session(1)?.activity).toBe('idle');
    sessions.offered(1, 5, 'c2');
    sessions.answered(1, 5, 'c2');
    sessions.callEnded(1, 5, 'c2', 'talked');
    expect(sessions.session(1)?.activity).toBe('wrapUp');
    clock.tick(29_999);
    expect(sessions.session(1)?.activity).toBe('wrapUp');
    clock.tick(1);
    expect(sessions.session(1)?.activity).toBe('idle');
    expect(changes.at(-1)).toBe('1:wrapUpEnded');
  });

  it('GRP-6 afterRinging: callEnded(no-answer) → wrapUp until endWrapUp() (auto end 0)', () => {
    const { sessions } = sessionsSetup(
      [agent(1)],
      [group(10, 5, [{ agentId: 1 }], { wrapUpMode: 'afterRinging' })],
    );
    sessions.signIn(1);
    sessions.offered(1, 5, 'c1');
    sessions.callEnded(1, 5, 'c1', 'no-answer');
    expect(sessions.session(1)?.activity).toBe('wrapUp');
    expect(sessions.endWrapUp(1).activity).toBe('idle');
  });

  it('GRP-6 afterRinging: an answered call rang too → wrapUp after it; a busy or failed phone never rang → idle (D96)', () => {
    const { sessions } = sessionsSetup(
      [agent(1)],
      [group(10, 5, [{ agentId: 1 }], { wrapUpMode: 'afterRinging' })],
    );
    sessions.signIn(1);
    sessions.offered(1, 5, 'c1');
    sessions.answered(1, 5, 'c1');
    sessions.callEnded(1, 5, 'c1', 'talked');
    expect(sessions.session(1)?.activity).toBe('wrapUp');
    sessions.endWrapUp(1);
    sessions.offered(1, 5, 'c2');
    sessions.callEnded(1, 5, 'c2', 'other');
    expect(sessions.session(1)?.activity).toBe('idle');
  });

  it('GRP-6 selfSelect: the wrap-up chosen at sign-in applies', () => {
    const { sessions } = sessionsSetup(
      [agent(1)],
      [group(10, 5, [{ agentId: 1 }], { wrapUpMode: 'selfSelect' })],
    );
    sessions.signIn(1, { wrapUp: 'afterAnswered' });
    sessions.offered(1, 5, 'c1');
    sessions.callEnded(1, 5, 'c1', 'no-answer');
    expect(sessions.session(1)?.activity).toBe('idle');
    sessions.signIn(1, { wrapUp: 'afterRinging' });
    sessions.offered(1, 5, 'c2');
    sessions.callEnded(1, 5, 'c2', 'no-answer');
    expect(sessions.session(1)?.activity).toBe('wrapUp');
  });

  it('GRP-7: callEnded(no-answer) with autoPauseOnNoAnswer → paused "auto-busy"', () => {
    const { sessions } = sessionsSetup(
      [agent(1)],
      [group(10, 5, [{ agentId: 1 }], { autoPauseOnNoAnswer: true, wrapUpMode: 'afterRinging' })],
    );
    sessions.signIn(1);
    sessions.offered(1, 5, 'c1');
    sessions.callEnded(1, 5, 'c1', 'other');
    expect(sessions.session(1)?.activity).toBe('idle');
    sessions.offered(1, 5, 'c2');
    sessions.callEnded(1, 5, 'c2', 'no-answer');
    expect(sessions.session(1)).toMatchObject({ activity: 'paused', pauseReason: 'auto-busy' });
  });

  it('pause() during a call → still paused after it, no wrap-up', () => {
    const { sessions } = sessionsSetup(
      [agent(1)],
      [group(10, 5, [{ agentId: 1 }], { wrapUpMode: 'afterAnswered' })],
    );
    sessions.signIn(1);
    sessions.offered(1, 5, 'c1');
    sessions.answered(1, 5, 'c1');
    sessions.pause(1, 'break');
    expect(sessions.session(1)?.activity).toBe('busy');
    sessions.callEnded(1, 5, 'c1', 'talked');
    expect(sessions.session(1)).toMatchObject({ activity: 'paused', pauseReason: 'break' });
  });

  it('callGone() → an agent ringing for that caller is idle again', () => {
    const { sessions } = sessionsSetup([agent(1)]);
    sessions.signIn(1);
    sessions.offered(1, 5, 'c1');
    sessions.callGone('c1');
    expect(sessions.session(1)?.activity).toBe('idle');
  });

  it('GRP-14 clearCall() on a call whose end never came → its stored activity again (R15.2-3), told; another call id → unchanged', () => {
    const { sessions, changes, clock } = sessionsSetup([agent(1)]);
    sessions.signIn(1);
    sessions.offered(1, 5, 'c1');
    sessions.answered(1, 5, 'c1');
    expect(sessions.callOf(1)).toEqual({
      kind: 'busy',
      queueId: 5,
      callId: 'c1',
      sinceMs: clock.now(),
    });
    sessions.pause(1, 'break');
    expect(sessions.clearCall(1, 'other').activity).toBe('busy');
    expect(sessions.clearCall(1, 'c1')).toMatchObject({ activity: 'paused', pauseReason: 'break' });
    expect(sessions.callOf(1)).toBeUndefined();
    expect(changes.at(-1)).toBe('1:idle');
  });
});

describe('AgentSessions after a click-to-call (spec 05 §28.3, D96)', () => {
  it('dialEnded(talked) → wrap-up of the first signed-in group whose mode asks for it, with its auto end', () => {
    const { sessions, clock } = sessionsSetup(
      [agent(1)],
      [
        group(10, 5, [{ agentId: 1 }]),
        group(11, 6, [{ agentId: 1 }], { wrapUpMode: 'afterAnswered', wrapUpAutoEndSec: 20 }),
      ],
    );
    sessions.signIn(1);
    sessions.dialEnded(1, 'talked');
    expect(sessions.session(1)?.activity).toBe('wrapUp');
    clock.tick(20_000);
    expect(sessions.session(1)?.activity).toBe('idle');
  });

  it('dialEnded(failed) → wrap-up under afterRinging only; off → idle, nothing told', () => {
    const ringing = sessionsSetup(
      [agent(1)],
      [group(10, 5, [{ agentId: 1 }], { wrapUpMode: 'afterRinging' })],
    );
    ringing.sessions.signIn(1);
    ringing.sessions.dialEnded(1, 'failed');
    expect(ringing.sessions.session(1)?.activity).toBe('wrapUp');

    const answered = sessionsSetup(
      [agent(1)],
      [group(10, 5, [{ agentId: 1 }], { wrapUpMode: 'afterAnswered' })],
    );
    answered.sessions.signIn(1);
    const told = answered.changes.length;
    answered.sessions.dialEnded(1, 'failed');
    expect(answered.sessions.session(1)?.activity).toBe('idle');
    expect(answered.changes.length).toBe(told);
  });

  it('dialEnded() of a paused agent → still paused; of a group it signed out of → no wrap-up', () => {
    const { sessions } = sessionsSetup(
      [agent(1)],
      [
        group(10, 5, [{ agentId: 1 }]),
        group(11, 6, [{ agentId: 1 }], { wrapUpMode: 'afterAnswered' }),
      ],
    );
    sessions.signIn(1);
    sessions.pause(1, 'break');
    sessions.dialEnded(1, 'talked');
    expect(sessions.session(1)).toMatchObject({ activity: 'paused', pauseReason: 'break' });
    sessions.resume(1);
    sessions.signIn(1, { groupIds: [10] });
    sessions.dialEnded(1, 'talked');
    expect(sessions.session(1)?.activity).toBe('idle');
  });
});

describe('AgentSessions restart', () => {
  it('start() after a restart → sessions, pauses and wrap-up back; ringing is not kept', () => {
    const { sessions, store, clock } = sessionsSetup(
      [agent(1), agent(2), agent(3)],
      [group(10, 5, [{ agentId: 3 }], { wrapUpMode: 'afterAnswered', wrapUpAutoEndSec: 20 })],
    );
    sessions.signIn(1);
    sessions.signIn(2);
    sessions.signIn(3);
    sessions.pause(2, 'meeting');
    sessions.offered(1, 5, 'c9');
    sessions.offered(3, 5, 'c1');
    sessions.answered(3, 5, 'c1');
    sessions.callEnded(3, 5, 'c1', 'talked');
    sessions.stop();
    clock.tick(5_000);
    const again = new AgentSessions({ store, phones, clock, logger: silentLogger() });
    again.start();
    expect(again.list().map((s) => [s.agentId, s.activity, s.pauseReason])).toEqual([
      [1, 'idle', undefined],
      [2, 'paused', 'meeting'],
      [3, 'wrapUp', undefined],
    ]);
    clock.tick(15_000);
    expect(again.session(3)?.activity).toBe('idle');
  });

  it('a restart with a clock past the wrap-up end → idle at once', () => {
    const store = sessionsSetup([agent(1)]).store;
    const clock = new FakeClock();
    store.groups = [
      group(10, 5, [{ agentId: 1 }], { wrapUpMode: 'afterAnswered', wrapUpAutoEndSec: 5 }),
    ];
    store.rows.set(1, {
      agentId: 1,
      teamId: 1,
      phoneKind: 'extension',
      phoneNumber: '2001',
      workMode: 'all',
      wrapUpChoice: null,
      activity: 'wrapUp',
      pauseReason: null,
      groupIds: [10],
      sourceIp: null,
      sinceMs: clock.now() - 60_000,
      activitySinceMs: clock.now() - 60_000,
    });
    const sessions = new AgentSessions({ store, phones, clock, logger: silentLogger() });
    sessions.start();
    clock.tick(0);
    expect(sessions.session(1)?.activity).toBe('idle');
  });
});

/**
 * Extension presence over a counter per number, telling first and last
 * calls; numbers in `ringing` are rung by all their calls.
 */
function fakePhones() {
  const counts = new Map<string, number>();
  const ringing = new Set<string>();
  const busy: Array<(t: number, n: string) => void> = [];
  const idle: Array<(t: number, n: string) => void> = [];
  return {
    callCount: (_teamId: number, number: string) => counts.get(number) ?? 0,
    isRinging: (_teamId: number, number: string) => ringing.has(number),
    ringing,
    onBusy: (l: (t: number, n: string) => void) => (busy.push(l), () => undefined),
    onIdle: (l: (t: number, n: string) => void) => (idle.push(l), () => undefined),
    start(number: string) {
      counts.set(number, (counts.get(number) ?? 0) + 1);
      if (counts.get(number) === 1) for (const l of busy) l(1, number);
    },
    end(number: string) {
      counts.set(number, (counts.get(number) ?? 1) - 1);
      if (counts.get(number) === 0) for (const l of idle) l(1, number);
    },
  };
}

describe('AgentSessions and the agent’s phone (D87)', () => {
  it('a direct call on the agent’s phone → busy while it lasts, then idle again; onPhone/offPhone told', () => {
    const { sessions, changes } = sessionsSetup([agent(1)]);
    const presence = fakePhones();
    sessions.watchPhones(presence);
    sessions.signIn(1);
    presence.start('2001');
    expect(sessions.session(1)?.activity).toBe('busy');
    expect(sessions.list(1)[0]?.activity).toBe('busy');
    presence.end('2001');
    expect(sessions.session(1)?.activity).toBe('idle');
    expect(changes).toEqual(['1:signedIn', '1:onPhone', '1:offPhone']);
  });

  it('a direct call ringing the agent’s phone → ringing; answered → busy (D97)', () => {
    const { sessions } = sessionsSetup([agent(1)]);
    const presence = fakePhones();
    sessions.watchPhones(presence);
    sessions.signIn(1);
    presence.ringing.add('2001');
    presence.start('2001');
    expect(sessions.session(1)?.activity).toBe('ringing');
    presence.ringing.delete('2001');
    expect(sessions.session(1)?.activity).toBe('busy');
    presence.end('2001');
    expect(sessions.session(1)?.activity).toBe('idle');
  });

  it('a paused agent that dials out → busy, its pause reason kept; paused again after', () => {
    const { sessions } = sessionsSetup([agent(1)]);
    const presence = fakePhones();
    sessions.watchPhones(presence);
    sessions.signIn(1);
    sessions.pause(1, 'lunch');
    presence.start('2001');
    expect(sessions.session(1)).toMatchObject({ activity: 'busy', pauseReason: 'lunch' });
    presence.end('2001');
    expect(sessions.session(1)).toMatchObject({ activity: 'paused', pauseReason: 'lunch' });
  });

  it('a queue offer on the phone → ringing comes first; another extension’s call → no change', () => {
    const { sessions, changes } = sessionsSetup([agent(1)]);
    const presence = fakePhones();
    sessions.watchPhones(presence);
    sessions.signIn(1);
    sessions.offered(1, 5, 'q1');
    presence.start('2001');
    expect(sessions.session(1)?.activity).toBe('ringing');
    presence.start('2002');
    expect(changes.filter((c) => c.endsWith('Phone'))).toEqual(['1:onPhone']);
  });
});
