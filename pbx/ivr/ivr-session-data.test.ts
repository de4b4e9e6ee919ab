import { describe, expect, it } from 'vitest';
import type { IvrFlow } from './ivr-flow.ts';
import { IvrCallState } from './ivr-call-state.ts';
import { FILES, flush, ivrHarness, menuFlow } from './ivr-test-kit.ts';
import type { IvrFetch, IvrFetchInit } from './web-service.ts';

/** A getdata flow: ask for an account, look it up, branch on the first value. */
function lookupFlow(overrides: Partial<IvrFlow> = {}): IvrFlow {
  return menuFlow({
    apiCallTimeoutSec: 3,
    actions: [
      { position: 1, action: 'input', maxDigits: 4, variable: 'account' },
      {
        position: 2,
        action: 'webService',
        url: 'http://crm.example/lookup',
        method: 'vipLevel',
        requestParams: 'account, callerNumber',
        returnVariables: ['level', 'name'],
      },
    ],
    transitions: [
      { condition: 'gold', destinationType: 'queue', destinationId: 1 },
      { condition: 'default', destinationType: 'queue', destinationId: 2 },
    ],
    ...overrides,
  });
}

/** A fetch that answers `body` with `status` and remembers what it was asked. */
function fakeFetch(body: string, status = 200) {
  const calls: Array<{ url: string; init: IvrFetchInit }> = [];
  const fn: IvrFetch = (url, init) => {
    calls.push({ url, init });
    return Promise.resolve({ ok: status < 300, status, text: () => Promise.resolve(body) });
  };
  return { fn, calls };
}

/** A fetch that never answers but records its abort signal. */
function hangingFetch() {
  const signals: AbortSignal[] = [];
  const fn: IvrFetch = (_url, init) => {
    signals.push(init.signal);
    return new Promise(() => {});
  };
  return { fn, signals };
}

describe('IvrSession web service and nesting', () => {
  it('IVR-4 run() when the web service answers → sends the variables and branches on the first value', async () => {
    const fetch = fakeFetch('gold,Ann');
    const h = ivrHarness([lookupFlow()], { fetch: fetch.fn });
    const outcome = h.start();
    await h.press('1234#');
    expect(await outcome).toMatchObject({ destination: { type: 'queue', targetId: 1 } });
    expect(fetch.calls[0]?.url).toBe(
      'http://crm.example/lookup?method=vipLevel&account=1234&callerNumber=5551234',
    );
    expect(h.state.variables.get('level')).toBe('gold');
    expect(h.state.variables.get('name')).toBe('Ann');
    expect(h.sink.records[0]).toMatchObject({
      inputs: ['1234'],
      webServiceResults: [{ isOk: true, values: ['gold', 'Ann'] }],
      endState: 'transferred',
    });
  });

  it('IVR-4 run() when the first value matches no condition → takes the default transition', async () => {
    const fetch = fakeFetch('["silver"]');
    const h = ivrHarness([lookupFlow()], { fetch: fetch.fn });
    const outcome = h.start();
    await h.press('1234#');
    expect(await outcome).toMatchObject({ destination: { type: 'queue', targetId: 2 } });
  });

  it('IVR-5 run() when the web service does not answer in apiCallTimeoutSec → aborts it and fails over', async () => {
    const fetch = hangingFetch();
    const h = ivrHarness([lookupFlow()], { fetch: fetch.fn });
    const outcome = h.start();
    await h.press('1234#');
    await h.tick(2_999);
    expect(fetch.signals[0]?.aborted).toBe(false);
    await h.tick(1);
    expect(fetch.signals[0]?.aborted).toBe(true);
    await h.finishPlay();
    expect(h.plays()).toEqual([FILES.bye]);
    expect(await outcome).toEqual({
      kind: 'destination',
      destination: { type: 'queue', targetId: 9 },
      reason: 'failover',
    });
    expect(h.sink.records[0]).toMatchObject({
      endState: 'failover',
      failureReason: 'webServiceTimeout',
      webServiceResults: [{ isOk: false, errorCode: 'ERR_IVR_WS_TIMEOUT', durationMs: 3_000 }],
    });
  });

  it('IVR-2 run() when the web service fails and the action has a failover → takes the action failover', async () => {
    const fetch = fakeFetch('oops', 500);
    const base = lookupFlow();
    const flow = lookupFlow({
      actions: base.actions.map((a) =>
        a.action === 'webService'
          ? { ...a, failoverType: 'extension', failoverId: 7, failoverEndPromptId: 3 }
          : a,
      ),
    });
    const h = ivrHarness([flow], { fetch: fetch.fn });
    const outcome = h.start();
    await h.press('1234#');
    await h.finishPlay();
    expect(h.plays()).toEqual([FILES.welcome]);
    expect(await outcome).toMatchObject({ destination: { type: 'extension', targetId: 7 } });
    expect(h.sink.records[0]?.failureReason).toBe('webServiceError');
  });

  it('run() when the caller hangs up during the web-service call → aborts it and ends with callerHungUp', async () => {
    const fetch = hangingFetch();
    const h = ivrHarness([lookupFlow()], { fetch: fetch.fn });
    const outcome = h.start();
    await h.press('1234#');
    h.leg.remoteHangsUp();
    expect(await outcome).toEqual({ kind: 'callerHungUp' });
    expect(fetch.signals[0]?.aborted).toBe(true);
    expect(h.clock.pendingCount).toBe(0);
  });

  it('run() when an IVR is entered more than maxIvrEntriesPerCall times in one call → takes its failover', async () => {
    const loop = menuFlow({
      actions: [{ position: 1, action: 'setVariable', variable: 'x', value: '1' }],
      transitions: [{ condition: 'default', destinationType: 'ivr', destinationId: 1 }],
      failoverEndPromptId: null,
    });
    const state = new IvrCallState();
    const h = ivrHarness([loop], { state, config: { maxIvrEntriesPerCall: 3 } });
    for (let i = 0; i < 3; i++) {
      expect(await h.start()).toMatchObject({ destination: { type: 'ivr', targetId: 1 } });
    }
    expect(await h.start()).toMatchObject({
      destination: { type: 'queue', targetId: 9 },
      reason: 'failover',
    });
    expect(h.sink.records.map((r) => r.endState)).toEqual([
      'transferred',
      'transferred',
      'transferred',
      'failover',
    ]);
    expect(h.sink.records[3]?.failureReason).toBe('ivrLoopLimit');
  });

  it('run() when the loop limit is reached and the failover is an IVR → hangs up instead', async () => {
    const flow = menuFlow({
      failoverType: 'ivr',
      failoverId: 1,
      failoverEndPromptId: null,
      transitions: [{ condition: 'default', destinationType: 'ivr', destinationId: 1 }],
      actions: [],
    });
    const state = new IvrCallState();
    state.ivrEntries = 10;
    const h = ivrHarness([flow], { state });
    expect(await h.start()).toMatchObject({ destination: { type: 'hangup' }, reason: 'failover' });
  });

  it('IVR-3 run() when an earlier IVR left an inputcode → it does not pick a transition here', async () => {
    const state = new IvrCallState({ variables: { inputcode: '1', LANGUAGE: 'cn' } });
    const flow = menuFlow({
      actions: [{ position: 1, action: 'prompt', promptId: 1 }],
      transitions: [
        { condition: '1', destinationType: 'queue', destinationId: 1 },
        { condition: 'default', destinationType: 'queue', destinationId: 2 },
      ],
    });
    const h = ivrHarness([flow], { state });
    const outcome = h.start();
    await h.finishPlay();
    expect(await outcome).toMatchObject({ destination: { targetId: 2 } });
    expect(h.plays()).toEqual([FILES.menuCn]);
  });

  it('run() when the flow does not exist → hangs the leg up and logs an error', async () => {
    const h = ivrHarness([]);
    expect(await h.start(99)).toEqual({ kind: 'hangup', reason: 'flowNotFound' });
    expect(h.leg.state).toBe('terminated');
    expect(h.sink.records[0]).toMatchObject({ flowId: 99, endState: 'error' });
  });

  it('run() when answering fails → hangs the leg up', async () => {
    const h = ivrHarness([menuFlow()]);
    h.leg.failNextAnswer = true;
    expect(await h.start()).toEqual({ kind: 'hangup', reason: 'answerFailed' });
    expect(h.leg.ops).toEqual(['answer', 'hangup']);
  });

  it('run() when the caller is already gone → ends at once with callerHungUp', async () => {
    const h = ivrHarness([menuFlow()]);
    h.leg.remoteHangsUp();
    expect(await h.start()).toEqual({ kind: 'callerHungUp' });
    expect(h.plays()).toEqual([]);
  });

  it('run() when keys are typed before the menu starts → skips the menu (type-ahead)', async () => {
    const h = ivrHarness([menuFlow()]);
    const outcome = h.start();
    h.leg.pressDigit('2');
    expect(await outcome).toMatchObject({ destination: { type: 'queue', targetId: 3 } });
    expect(h.plays()).toEqual([]);
  });

  it('run() when the log sink throws → still returns the outcome', async () => {
    const h = ivrHarness([menuFlow()]);
    h.sink.write = () => {
      throw new Error('disk full');
    };
    const outcome = h.start();
    await flush();
    await h.press('1');
    expect((await outcome).kind).toBe('destination');
  });

  it('handle() when the dispatcher runs IVRs of one call → keeps one state per call until hangup', async () => {
    const flow = menuFlow({
      actions: [{ position: 1, action: 'setLanguage', value: 'cn' }],
      transitions: [{ condition: 'default', destinationType: 'ivr', destinationId: 1 }],
      failoverEndPromptId: null,
    });
    const h = ivrHarness([flow], { config: { maxIvrEntriesPerCall: 2 } });
    const call = {
      callId: 'call-9',
      teamId: 1,
      leg: h.leg,
      dialled: '8001',
      destination: { type: 'ivr' as const, targetId: 1 },
    };
    expect(await h.app.handle(call)).toEqual({
      kind: 'destination',
      destination: { type: 'ivr', targetId: 1 },
    });
    expect(h.app.callState('call-9')?.language).toBe('cn');
    await h.app.handle(call);
    expect(await h.app.handle(call)).toEqual({
      kind: 'destination',
      destination: { type: 'queue', targetId: 9 },
    });
    expect(h.app.callState('call-9')?.ivrEntries).toBe(3);
    h.leg.remoteHangsUp();
    expect(h.app.callState('call-9')).toBeUndefined();
    expect(await h.app.handle(call)).toEqual({ kind: 'done' });
  });
});
