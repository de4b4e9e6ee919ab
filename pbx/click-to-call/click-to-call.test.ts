import { describe, expect, it } from 'vitest';
import { FakeClock, silentLogger } from '../../core/index.ts';
import type { CallEnd, CallRecorder, CallStart } from '../../core/index.ts';
import { FakeOriginator } from '../../test/fakes/fake-call-leg.ts';
import { FakeMediaControl } from '../../test/fakes/fake-media-control.ts';
import { ClickToCall, type ClickToCallPlan } from './click-to-call.ts';

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

const PLAN: ClickToCallPlan = {
  teamId: 1,
  agentId: 81,
  agent: {
    target: {
      kind: 'extension',
      extension: { teamId: 1, extensionId: 10, number: '1000', ringTimeoutMs: 20_000 },
    },
    caller: { uri: 'sip:5559876@click-to-call.invalid', number: '5559876' },
    ringTimeoutMs: 20_000,
    autoAnswer: true,
  },
  callee: {
    target: {
      kind: 'extension',
      extension: { teamId: 1, extensionId: 11, number: '5559876', ringTimeoutMs: 30_000 },
    },
    caller: { uri: 'sip:1000@click-to-call.invalid', number: '1000' },
    ringTimeoutMs: 30_000,
  },
  record: { callType: 'outbound', callerNumber: '1000', calledNumber: '5559876' },
};

class Records implements CallRecorder {
  readonly starts: CallStart[] = [];
  readonly answers: string[] = [];
  readonly ends: CallEnd[] = [];
  started(call: CallStart): void {
    this.starts.push(call);
  }
  answered(callId: string): void {
    this.answers.push(callId);
  }
  ended(_callId: string, end: CallEnd): void {
    this.ends.push(end);
  }
}

function setup() {
  const originator = new FakeOriginator();
  const media = new FakeMediaControl();
  const recorder = new Records();
  const c2c = new ClickToCall({
    originator,
    media,
    clock: new FakeClock(),
    logger: silentLogger(),
    recorder,
  });
  return { originator, media, recorder, c2c };
}

describe('ClickToCall', () => {
  it('AGT-4 start() → only leg A is placed, with GRP-8 autoAnswer and the call id as parent', () => {
    const { originator, c2c } = setup();
    const started = c2c.start(PLAN);
    expect(started.ok).toBe(true);
    expect(originator.placed).toHaveLength(1);
    const request = originator.placed[0]!.request;
    expect(request.autoAnswer).toBe(true);
    expect(request.parentCallId).toBe(started.ok ? started.value.id : '');
    expect(c2c.sessions()).toHaveLength(1);
  });

  it('AGT-4 A answers → B is dialled, A hears ringback; B answers → the legs are mixed, CDR answered', async () => {
    const { originator, media, recorder, c2c } = setup();
    c2c.start(PLAN);
    const a = originator.legsTo('1000')[0]!;
    a.remoteAnswers();
    await flush();
    const b = originator.legsTo('5559876')[0]!;
    expect(originator.placed[1]?.request.autoAnswer).toBeUndefined();
    expect(media.running(a.media, 'play')[0]?.source).toEqual({ tone: 'ringback' });
    b.remoteAnswers();
    await flush();
    expect(media.running(a.media, 'play')).toEqual([]);
    expect(media.links).toContainEqual({ op: 'mix', a: a.media, b: b.media });
    expect(c2c.sessions()[0]?.state).toBe('answered');
    expect(recorder.answers).toHaveLength(1);
    b.remoteHangsUp();
    await flush();
    expect(a.state).toBe('terminated');
    expect(recorder.ends[0]).toMatchObject({ result: 'answered', hangupSide: 'callee' });
    expect(c2c.sessions()).toEqual([]);
  });

  it('AGT-4 A busy → B is never dialled; CDR busy', async () => {
    const { originator, recorder, c2c } = setup();
    c2c.start(PLAN);
    originator.legsTo('1000')[0]!.remoteHangsUp({ reason: 'busy', q850: 17, sipStatus: 486 });
    await flush();
    expect(originator.placed).toHaveLength(1);
    expect(recorder.starts).toHaveLength(1);
    expect(recorder.ends[0]).toMatchObject({ result: 'busy', sipStatus: 486 });
  });

  it('AGT-4 B busy → A is hung up with B’s cause; CDR busy', async () => {
    const { originator, recorder, c2c } = setup();
    c2c.start(PLAN);
    const a = originator.legsTo('1000')[0]!;
    a.remoteAnswers();
    await flush();
    originator.legsTo('5559876')[0]!.remoteHangsUp({ reason: 'busy', q850: 17, sipStatus: 486 });
    await flush();
    expect(a.state).toBe('terminated');
    expect(recorder.ends[0]).toMatchObject({ result: 'busy' });
  });

  it('AGT-4 A hangs up while B rings → B is cancelled', async () => {
    const { originator, recorder, c2c } = setup();
    c2c.start(PLAN);
    const a = originator.legsTo('1000')[0]!;
    a.remoteAnswers();
    await flush();
    const b = originator.legsTo('5559876')[0]!;
    a.remoteHangsUp();
    await flush();
    expect(b.state).toBe('terminated');
    expect(recorder.ends).toHaveLength(1);
    expect(recorder.ends[0]?.result).not.toBe('answered');
  });

  it('AGT-4 the originator refuses leg A → an error, no CDR, no session', () => {
    const { originator, recorder, c2c } = setup();
    originator.refuse = true;
    expect(c2c.start(PLAN).ok).toBe(false);
    expect(recorder.starts).toEqual([]);
    expect(c2c.sessions()).toEqual([]);
  });

  it('AGT-4 session.hangup() while A rings → A is cancelled and the call ends', async () => {
    const { originator, recorder, c2c } = setup();
    const started = c2c.start(PLAN);
    if (started.ok) started.value.hangup();
    await flush();
    expect(originator.legsTo('1000')[0]?.state).toBe('terminated');
    expect(recorder.ends[0]?.result).toBe('cancelled');
  });
});
