import { describe, expect, it } from 'vitest';
import { IvrCallState } from './ivr-call-state.ts';
import { FILES, flush, ivrHarness, menuFlow } from './ivr-test-kit.ts';

describe('IvrSession menus', () => {
  it('IVR-1 run() when the leg is new → answers it and plays the menu', async () => {
    const h = ivrHarness([menuFlow()]);
    void h.start();
    await flush();
    expect(h.leg.ops).toEqual(['answer']);
    expect(h.plays()).toEqual([FILES.menuEn]);
    expect(h.current()?.playOptions?.isInterruptedByDtmf).toBe(true);
  });

  it('IVR-1 run() when an earlier object answered → does not answer again', async () => {
    const h = ivrHarness([menuFlow()]);
    await h.leg.answer();
    void h.start();
    await flush();
    expect(h.leg.ops).toEqual(['answer']);
  });

  it('IVR-11 run() when the caller presses a key after 4 s → the session is logged with start, end, duration, input and end state', async () => {
    const h = ivrHarness([menuFlow()]);
    const startedAtMs = h.clock.now();
    const outcome = h.start();
    await flush();
    await h.tick(4_000);
    await h.press('1');
    expect(await outcome).toMatchObject({ kind: 'destination' });
    expect(h.sink.records).toHaveLength(1);
    expect(h.sink.records[0]).toMatchObject({
      startedAtMs,
      endedAtMs: startedAtMs + 4_000,
      durationMs: 4_000,
      inputs: ['1'],
      endState: 'transferred',
      ivrStatus: 'normal',
    });
  });

  it('IVR-3 run() when the caller presses 1 during the menu → stops it (barge-in) and goes to extension 7', async () => {
    const h = ivrHarness([menuFlow()]);
    const outcome = h.start();
    await flush();
    const menu = h.current();
    await h.press('1');
    expect(menu?.isEnded).toBe(true);
    expect(await outcome).toMatchObject({
      kind: 'destination',
      destination: { type: 'extension', targetId: 7 },
      reason: 'transition',
    });
    expect(h.plays()).toEqual([FILES.menuEn]);
    expect(h.sink.records[0]).toMatchObject({
      inputs: ['1'],
      endState: 'transferred',
      ivrStatus: 'normal',
      loops: 1,
    });
  });

  it('IVR-3 run() when the menu finishes and then a key comes → takes that branch', async () => {
    const h = ivrHarness([menuFlow()]);
    const outcome = h.start();
    await h.finishPlay();
    await h.press('2');
    expect(await outcome).toMatchObject({ destination: { type: 'queue', targetId: 3 } });
  });

  it('IVR-5 run() when the caller never presses a key → replays the menu, then after maxLoops plays failoverEndPrompt and fails over', async () => {
    const h = ivrHarness([menuFlow()]);
    const outcome = h.start();
    await h.finishPlay();
    await h.tick(5_000);
    expect(h.plays()).toEqual([FILES.menuEn, FILES.menuEn]);
    await h.finishPlay();
    await h.tick(5_000);
    expect(h.plays()).toEqual([FILES.menuEn, FILES.menuEn, FILES.bye]);
    expect(h.current()?.playOptions?.isInterruptedByDtmf).toBe(false);
    await h.finishPlay();
    expect(await outcome).toEqual({
      kind: 'destination',
      destination: { type: 'queue', targetId: 9 },
      reason: 'failover',
    });
    expect(h.sink.records[0]).toMatchObject({
      inputs: ['', ''],
      loops: 2,
      endState: 'timeout',
      failureReason: 'noInput',
      ivrStatus: 'abnormal',
    });
  });

  it('IVR-5 run() when maxLoops is 3 → plays the menu three times before the failover', async () => {
    const h = ivrHarness([menuFlow({ maxLoops: 3, failoverEndPromptId: null })]);
    const outcome = h.start();
    for (let i = 0; i < 3; i++) {
      await h.finishPlay();
      await h.tick(5_000);
    }
    expect((await outcome).kind).toBe('destination');
    expect(h.plays()).toEqual([FILES.menuEn, FILES.menuEn, FILES.menuEn]);
  });

  it('IVR-5 run() when the input fails 输入限制 → replays the menu and takes a valid retry', async () => {
    const flow = menuFlow({
      actions: [
        { position: 1, action: 'prompt', promptId: 1 },
        { position: 2, action: 'input', maxDigits: 1, pattern: '[1-2]' },
      ],
    });
    const h = ivrHarness([flow]);
    const outcome = h.start();
    await flush();
    await h.press('7');
    expect(h.plays()).toEqual([FILES.menuEn, FILES.menuEn]);
    await h.press('2');
    expect(await outcome).toMatchObject({ destination: { type: 'queue', targetId: 3 } });
    expect(h.sink.records[0]?.inputs).toEqual(['7', '2']);
  });

  it('IVR-5 run() when no transition matches and there is no default → counts as invalid input', async () => {
    const h = ivrHarness([menuFlow({ maxLoops: 1, failoverEndPromptId: null })]);
    const outcome = h.start();
    await h.press('9');
    expect(await outcome).toMatchObject({ reason: 'failover' });
    expect(h.sink.records[0]).toMatchObject({
      endState: 'failover',
      failureReason: 'invalidInput',
    });
  });

  it('IVR-3 run() when no exact condition matches → takes a pattern, then the default transition', async () => {
    const flow = menuFlow({
      actions: [{ position: 1, action: 'input', maxDigits: 3 }],
      transitions: [
        { condition: 'default', destinationType: 'hangup' },
        { condition: '_1XX', destinationType: 'ringGroup', destinationId: 4 },
        { condition: '100', destinationType: 'voicemail', destinationId: 5 },
      ],
    });
    const exact = ivrHarness([flow]);
    const o1 = exact.start();
    await exact.press('100');
    expect(await o1).toMatchObject({ destination: { type: 'voicemail', targetId: 5 } });
    const pattern = ivrHarness([flow]);
    const o2 = pattern.start();
    await pattern.press('123');
    expect(await o2).toMatchObject({ destination: { type: 'ringGroup', targetId: 4 } });
    const other = ivrHarness([flow]);
    const o3 = other.start();
    await other.press('999');
    expect(await o3).toMatchObject({ destination: { type: 'hangup' } });
  });

  it('IVR-6 run() when the target is 自动 extension → dials the extension the caller typed', async () => {
    const flow = menuFlow({
      actions: [{ position: 1, action: 'input', maxDigits: 4 }],
      transitions: [
        { condition: 'default', destinationType: 'extension', destinationValue: 'auto' },
      ],
    });
    const h = ivrHarness([flow]);
    const outcome = h.start();
    await h.press('500#');
    expect(await outcome).toMatchObject({
      destination: { type: 'extension', targetId: 7, targetValue: '500' },
    });
  });

  it('IVR-6 run() when the typed extension does not exist → is invalid input and replays', async () => {
    const flow = menuFlow({
      actions: [
        { position: 1, action: 'prompt', promptId: 1 },
        { position: 2, action: 'input', maxDigits: 4 },
      ],
      transitions: [{ condition: '', destinationType: 'extension', destinationValue: 'auto' }],
    });
    const h = ivrHarness([flow]);
    const outcome = h.start();
    await flush();
    await h.press('999#');
    expect(h.plays()).toEqual([FILES.menuEn, FILES.menuEn]);
    await h.press('500#');
    expect(await outcome).toMatchObject({ destination: { targetId: 7 } });
  });

  it('run() when the caller presses the terminator # → ends the input without it', async () => {
    const flow = menuFlow({
      actions: [{ position: 1, action: 'input', maxDigits: 6 }],
      transitions: [{ condition: '42', destinationType: 'queue', destinationId: 42 }],
    });
    const h = ivrHarness([flow]);
    const outcome = h.start();
    await h.press('42#');
    expect(await outcome).toMatchObject({ destination: { targetId: 42 } });
    expect(h.sink.records[0]?.inputs).toEqual(['42']);
  });

  it('run() when the caller pauses longer than the inter-digit timeout → ends the input with the digits so far', async () => {
    const flow = menuFlow({
      actions: [{ position: 1, action: 'input', maxDigits: 6, interDigitTimeoutSec: 2 }],
      transitions: [{ condition: '42', destinationType: 'queue', destinationId: 42 }],
    });
    const h = ivrHarness([flow]);
    const outcome = h.start();
    await h.press('4');
    await h.tick(1_999);
    await h.press('2');
    await h.tick(1_999);
    expect(h.sink.records).toEqual([]);
    await h.tick(1);
    expect(await outcome).toMatchObject({ destination: { targetId: 42 } });
  });

  it('run() when the first digit does not come in firstDigitTimeoutMs → counts as no input', async () => {
    const flow = menuFlow({
      maxLoops: 1,
      failoverEndPromptId: null,
      actions: [{ position: 1, action: 'input', timeoutSec: 8 }],
    });
    const h = ivrHarness([flow]);
    const outcome = h.start();
    await h.tick(7_999);
    expect(h.sink.records).toEqual([]);
    await h.tick(1);
    expect(await outcome).toMatchObject({ reason: 'failover' });
    expect(h.sink.records[0]?.endState).toBe('timeout');
  });

  it('IVR-11 run() when the caller hangs up mid-prompt → stops, plays nothing more, logs callerHangup', async () => {
    const h = ivrHarness([menuFlow()]);
    const outcome = h.start();
    await flush();
    const menu = h.current();
    h.leg.remoteHangsUp();
    expect(await outcome).toEqual({ kind: 'callerHungUp' });
    await h.tick(60_000);
    expect(menu?.isEnded).toBe(true);
    expect(h.plays()).toEqual([FILES.menuEn]);
    expect(h.sink.records).toHaveLength(1);
    expect(h.sink.records[0]).toMatchObject({ endState: 'callerHangup', ivrStatus: 'normal' });
    expect(h.clock.pendingCount).toBe(0);
  });

  it('run() when the caller hangs up while digits are awaited → ends with callerHungUp', async () => {
    const h = ivrHarness([menuFlow()]);
    const outcome = h.start();
    await h.finishPlay();
    h.leg.remoteHangsUp();
    expect(await outcome).toEqual({ kind: 'callerHungUp' });
    expect(h.clock.pendingCount).toBe(0);
  });

  it('run() when the caller hangs up during the failover end prompt → ends with callerHungUp', async () => {
    const h = ivrHarness([menuFlow({ maxLoops: 1 })]);
    const outcome = h.start();
    await h.finishPlay();
    await h.tick(5_000);
    expect(h.plays()).toEqual([FILES.menuEn, FILES.bye]);
    h.leg.remoteHangsUp();
    expect(await outcome).toEqual({ kind: 'callerHungUp' });
    expect(h.sink.records[0]).toMatchObject({ endState: 'callerHangup', failureReason: 'noInput' });
  });

  it('PR-1 run() when an action sets the language to cn → plays the cn variant from then on', async () => {
    const flow = menuFlow({
      actions: [
        { position: 2, action: 'prompt', promptId: 1 },
        { position: 1, action: 'setLanguage', value: 'cn' },
        { position: 3, action: 'input' },
      ],
    });
    const h = ivrHarness([flow]);
    void h.start();
    await flush();
    expect(h.plays()).toEqual([FILES.menuCn]);
    expect(h.state.language).toBe('cn');
  });

  it('IVR-2 run() when a prompt has no file → plays the failover end prompt and takes the action failover', async () => {
    const flow = menuFlow({
      actions: [
        {
          position: 1,
          action: 'prompt',
          promptId: 404,
          failoverType: 'voicemail',
          failoverId: 11,
        },
      ],
    });
    const h = ivrHarness([flow]);
    const outcome = h.start();
    await h.finishPlay();
    expect(h.plays()).toEqual([FILES.bye]);
    expect(await outcome).toMatchObject({ destination: { type: 'voicemail', targetId: 11 } });
    expect(h.sink.records[0]).toMatchObject({
      failureReason: 'actionFailed',
      endState: 'failover',
    });
  });

  it('IVR-7 run() when variables are set → they stay on the call and saveVariables are logged', async () => {
    const state = new IvrCallState({ language: 'en' });
    const flow = menuFlow({
      saveVariables: ['vip', 'inputcode'],
      actions: [
        {
          position: 1,
          action: 'setVariable',
          variable: 'vip',
          value: 'caller-${callerNumber}',
        },
        { position: 2, action: 'input' },
      ],
    });
    const h = ivrHarness([flow], { state });
    const outcome = h.start();
    await h.press('1');
    await outcome;
    expect(state.toRecord()).toEqual({ vip: 'caller-5551234', inputcode: '1' });
    expect(h.sink.records[0]?.savedVariables).toEqual({ vip: 'caller-5551234', inputcode: '1' });
  });

  it('run() when the matched transition has its own failover → hands it to the dispatcher', async () => {
    const flow = menuFlow({
      transitions: [
        {
          condition: '1',
          destinationType: 'queue',
          destinationId: 3,
          failoverType: 'voicemail',
          failoverId: 5,
          failoverEndPromptId: 2,
        },
      ],
    });
    const h = ivrHarness([flow]);
    const outcome = h.start();
    await h.press('1');
    expect(await outcome).toMatchObject({
      transitionFailover: { destination: { type: 'voicemail', targetId: 5 }, endPromptId: 2 },
    });
  });
});
