import { describe, expect, it } from 'vitest';
import type { Agent } from '../../core/config-store/index.ts';
import { FakeCallLeg } from '../../test/fakes/fake-call-leg.ts';
import { FakeMediaControl } from '../../test/fakes/fake-media-control.ts';
import {
  runAgentPhoneApplication,
  type AgentPhoneContext,
  type AgentPhoneResult,
} from './agent-phone-application.ts';
import { agent, sessionsSetup } from './agent-test-kit.ts';

/*
 * Agent 1 (8001) has target 2001 and password 1111; agent 2 (8002) has
 * target 2002, password 2222 and is disabled; agent 3 (8003) is adaptive
 * with no target and password 3333. Hashes are `hash:<password>`.
 */
function setUp() {
  const agents: Agent[] = [
    agent(1),
    agent(2, { status: 'disabled' }),
    agent(3, { extensionMode: 'adaptive', targetNumber: null }),
  ];
  const kit = sessionsSetup(agents);
  const media = new FakeMediaControl();
  const directory = {
    agents: {
      findByAgentNo: (teamId: number, agentNo: string) =>
        agents.find((a) => a.teamId === teamId && a.agentNo === agentNo),
      list: () => agents,
      getPasswordHash: (id: number) => `hash:${String(id).repeat(4)}`,
    },
  };
  const deps = {
    media,
    clock: kit.clock,
    directory,
    sessions: kit.sessions,
    verifyPassword: (password: string, hash: string) =>
      Promise.resolve(hash === `hash:${password}`),
  };
  const run = (context: AgentPhoneContext, from: string, isCallerExtension = true) => {
    const leg = new FakeCallLeg('inbound', { uri: `sip:${from}@t`, number: from });
    const call = {
      callId: leg.id,
      teamId: 1,
      leg,
      dialled: '900',
      destination: { type: 'application' as const },
    };
    return { leg, done: runAgentPhoneApplication(call, context, deps, { isCallerExtension }) };
  };
  return { ...kit, media, run };
}

const tick = () => new Promise((r) => setImmediate(r));

/** Ends each play as it starts until `done` settles; the sources played. */
async function playThrough(
  media: FakeMediaControl,
  leg: FakeCallLeg,
  done: Promise<AgentPhoneResult>,
): Promise<{ result: AgentPhoneResult; played: unknown[] }> {
  const played: unknown[] = [];
  let result: AgentPhoneResult | undefined;
  void done.then((r) => (result = r));
  while (result === undefined) {
    await tick();
    for (const op of media.running(leg.media, 'play')) {
      played.push(op.source);
      op.end('completed');
    }
  }
  return { result, played };
}

describe('runAgentPhoneApplication()', () => {
  it('runAgentPhoneApplication() agent-login from the target extension → signed in there, beep, hung up', async () => {
    const { media, run, sessions, changes } = setUp();
    const { leg, done } = run('agent-login', '2001');
    const { result, played } = await playThrough(media, leg, done);
    expect(result).toBe('signedIn');
    expect(played).toEqual([{ tone: 'beep' }]);
    expect(sessions.session(1)?.phone).toEqual({ kind: 'extension', number: '2001' });
    expect(changes).toEqual(['1:signedIn']);
    expect(leg.ops).toEqual(['answer', 'hangup']);
  });

  it('runAgentPhoneApplication() agent-login from an unknown extension → agent number and password by DTMF', async () => {
    const { media, run, sessions } = setUp();
    const { leg, done } = run('agent-login', '2007');
    await tick();
    for (const d of '8003#3333#') leg.pressDigit(d);
    const { result, played } = await playThrough(media, leg, done);
    expect(result).toBe('signedIn');
    expect(played).toEqual([{ tone: 'beep' }]);
    expect(sessions.session(3)?.phone).toEqual({ kind: 'extension', number: '2007' });
  });

  it('runAgentPhoneApplication() wrong password three times → login-incorrect each time, congestion, not signed in', async () => {
    const { media, run, sessions } = setUp();
    const { leg, done } = run('agent-login', '2007');
    await tick();
    for (const d of '8003#1#8003#2#9999#3333#') leg.pressDigit(d);
    const { result, played } = await playThrough(media, leg, done);
    expect(result).toBe('login-failed');
    expect(played).toEqual([
      { file: 'vm/login-incorrect' },
      { file: 'vm/login-incorrect' },
      { file: 'vm/login-incorrect' },
      { tone: 'congestion' },
    ]);
    expect(sessions.session(3)).toBeUndefined();
    expect(leg.ops).toEqual(['answer', 'hangup']);
  });

  it('runAgentPhoneApplication() AGT-5 disabled agent → refused with congestion, not signed in', async () => {
    const { media, run, sessions } = setUp();
    const { leg, done } = run('agent-login', '2002');
    const { result, played } = await playThrough(media, leg, done);
    expect(result).toBe('refused');
    expect(played).toEqual([{ tone: 'congestion' }]);
    expect(sessions.session(2)).toBeUndefined();
  });

  it('runAgentPhoneApplication() AGT-2 fixed agent at another extension → refused', async () => {
    const { media, run, sessions } = setUp();
    const { leg, done } = run('agent-login', '2008');
    await tick();
    for (const d of '8001#1111#') leg.pressDigit(d);
    expect((await playThrough(media, leg, done)).result).toBe('refused');
    expect(sessions.session(1)).toBeUndefined();
  });

  it('runAgentPhoneApplication() agent-pause twice from the phone → paused (reason phone), then resumed', async () => {
    const { media, run, sessions, changes } = setUp();
    sessions.signIn(1);
    const first = run('agent-pause', '2001');
    expect((await playThrough(media, first.leg, first.done)).result).toBe('paused');
    expect(sessions.session(1)?.pauseReason).toBe('phone');
    const second = run('agent-pause', '2001');
    expect((await playThrough(media, second.leg, second.done)).result).toBe('resumed');
    expect(sessions.session(1)?.activity).toBe('idle');
    expect(changes).toEqual(['1:signedIn', '1:paused', '1:resumed']);
  });

  it('runAgentPhoneApplication() agent-logout from the phone → signed out', async () => {
    const { media, run, sessions } = setUp();
    sessions.signIn(1);
    const { leg, done } = run('agent-logout', '2001');
    expect((await playThrough(media, leg, done)).result).toBe('signedOut');
    expect(sessions.session(1)).toBeUndefined();
  });

  it('runAgentPhoneApplication() agent-logout by agent number when not signed in → refused', async () => {
    const { media, run } = setUp();
    const { leg, done } = run('agent-logout', '2001');
    await tick();
    for (const d of '8001#1111#') leg.pressDigit(d);
    const { result, played } = await playThrough(media, leg, done);
    expect(result).toBe('refused');
    expect(played).toEqual([{ tone: 'congestion' }]);
  });

  it('runAgentPhoneApplication() caller hangs up while asked → hangup, nothing changed', async () => {
    const { media, run, changes } = setUp();
    const { leg, done } = run('agent-pause', '2009');
    await tick();
    leg.remoteHangsUp();
    expect((await playThrough(media, leg, done)).result).toBe('hangup');
    expect(changes).toEqual([]);
  });

  it('runAgentPhoneApplication() a caller from outside with a target number’s caller ID → still asked for the password', async () => {
    const { media, run, sessions } = setUp();
    const { leg, done } = run('agent-login', '2001', false);
    await tick();
    for (const d of '8001#1111#') leg.pressDigit(d);
    expect((await playThrough(media, leg, done)).result).toBe('signedIn');
    expect(sessions.session(1)?.phone.number).toBe('2001');
    const again = run('agent-logout', '2001', false);
    await tick();
    again.leg.remoteHangsUp();
    expect((await playThrough(media, again.leg, again.done)).result).toBe('hangup');
    expect(sessions.session(1)).toBeDefined();
  });
});
