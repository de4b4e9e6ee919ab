import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../core/index.ts';
import { FakeCallLeg } from '../../test/fakes/fake-call-leg.ts';
import { FakeMediaControl } from '../../test/fakes/fake-media-control.ts';
import { LegPrompter } from './leg-prompter.ts';
import { settle } from './test-caller.fixture.ts';

function setup() {
  const media = new FakeMediaControl();
  const clock = new FakeClock();
  const leg = new FakeCallLeg('inbound', { uri: 'sip:1@t', number: '1' });
  return { media, clock, leg, prompter: new LegPrompter(leg, media, clock) };
}

const entry = {
  maxDigits: 4,
  terminator: '#',
  firstDigitTimeoutMs: 5_000,
  interDigitTimeoutMs: 3_000,
};

describe('LegPrompter', () => {
  it('LegPrompter.play() when a key comes mid-prompt → stops the play, key kept for collect()', async () => {
    const t = setup();
    const played = t.prompter.play({ file: 'p' }, { isInterruptible: true });
    await settle();
    t.leg.pressDigit('7');
    expect(await played).toBe('interrupted');
    expect(t.media.operations[0]?.isEnded).toBe(true);
    const got = t.prompter.collect(entry);
    t.leg.pressDigit('#');
    expect(await got).toEqual({ kind: 'digits', digits: '7' });
  });

  it('LegPrompter.play() when keys were typed ahead → the interruptible prompt is skipped', async () => {
    const t = setup();
    t.leg.pressDigit('1');
    expect(await t.prompter.play({ file: 'p' }, { isInterruptible: true })).toBe('interrupted');
    expect(t.media.operations).toEqual([]);
  });

  it('LegPrompter.play() not interruptible → a key does not stop it', async () => {
    const t = setup();
    const played = t.prompter.play({ file: 'p' });
    await settle();
    t.leg.pressDigit('1');
    await settle();
    expect(t.media.operations[0]?.isEnded).toBe(false);
    t.media.operations[0]?.end('completed');
    expect(await played).toBe('completed');
  });

  it('LegPrompter.collect() when maxDigits is reached → returns without a terminator', async () => {
    const t = setup();
    const got = t.prompter.collect(entry);
    for (const d of '12345') t.leg.pressDigit(d);
    expect(await got).toEqual({ kind: 'digits', digits: '1234' });
  });

  it('LegPrompter.collect() when no first key → timeout after firstDigitTimeoutMs', async () => {
    const t = setup();
    const got = t.prompter.collect(entry);
    await settle();
    t.clock.tick(4_999);
    await settle();
    t.clock.tick(1);
    expect(await got).toEqual({ kind: 'timeout', digits: '' });
  });

  it('LegPrompter.collect() when keys pause → timeout after interDigitTimeoutMs with the keys', async () => {
    const t = setup();
    const got = t.prompter.collect(entry);
    await settle();
    t.leg.pressDigit('4');
    await settle();
    t.clock.tick(3_000);
    expect(await got).toEqual({ kind: 'timeout', digits: '4' });
    expect(t.clock.pendingCount).toBe(0);
  });

  it('LegPrompter.collect() when the leg hangs up → hangup, and play() stops its operation', async () => {
    const t = setup();
    const played = t.prompter.play({ file: 'p' });
    await settle();
    t.leg.remoteHangsUp();
    expect(await played).toBe('hangup');
    expect(t.media.operations[0]?.isEnded).toBe(true);
    expect(await t.prompter.collect(entry)).toEqual({ kind: 'hangup' });
  });
});
