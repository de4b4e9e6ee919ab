import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../core/index.ts';
import { FakeCallLeg } from '../../test/fakes/fake-call-leg.ts';
import { FakeMediaControl } from '../../test/fakes/fake-media-control.ts';
import { TestCaller } from './test-caller.fixture.ts';
import { VoicemailApplication } from './voicemail-application.ts';
import type { MessageWaitingState } from './voicemail-context.ts';
import { InMemoryVoicemailStore, type VoicemailBox } from './voicemail-store.ts';

const BOX: VoicemailBox = {
  id: 1,
  teamId: 7,
  extensionNumber: '1002',
  pin: '4321',
  email: null,
  attachAudio: true,
  deleteAfterEmail: false,
  greeting: 'system',
  maxMessages: 100,
  maxMessageSec: 180,
};

async function setup(box: Partial<VoicemailBox> = {}, stored: Array<[string, boolean]> = []) {
  const media = new FakeMediaControl();
  const clock = new FakeClock();
  const store = new InMemoryVoicemailStore();
  const theBox = { ...BOX, ...box };
  for (const [file, isRead] of stored) {
    await store.save({
      boxId: 1,
      teamId: 7,
      callerNumber: '5566',
      leftAtMs: 0,
      durationMs: 2_000,
      filePath: file,
      isRead,
    });
  }
  const app = new VoicemailApplication({
    media,
    clock,
    store,
    directory: {
      voicemailBoxes: {
        find: (id) => (id === theBox.id ? theBox : undefined),
        findByNumber: (teamId, n) =>
          teamId === theBox.teamId && n === theBox.extensionNumber ? theBox : undefined,
      },
    },
  });
  const mwi: MessageWaitingState[] = [];
  app.on('messagewaiting', (s) => mwi.push(s));
  const leg = new FakeCallLeg('inbound', { uri: 'sip:1002@t', number: '1002' });
  const caller = new TestCaller(leg, media);
  const call = { callId: 'c1', teamId: 7, leg, destination: { type: 'voicemail' as const } };
  return { media, clock, store, app, mwi, leg, caller, call };
}

describe('VoicemailApplication.check() (listen by phone)', () => {
  it('VM-4 wrong PIN three times → "login incorrect" each time, then hang up', async () => {
    const t = await setup();
    const done = t.app.check(t.call, 1);
    for (let i = 0; i < 3; i++) {
      expect(await t.caller.hears()).toBe('vm/enter-password');
      await t.caller.press('1111#');
      expect(await t.caller.listen()).toBe('vm/login-incorrect');
    }
    expect(await t.caller.listen()).toBe('vm/goodbye');
    expect((await done).reason).toBe('login-failed');
    expect(t.leg.state).toBe('terminated');
  });

  it('VM-4 no key at the PIN prompt → times out on the Clock and counts as a wrong PIN', async () => {
    const t = await setup();
    void t.app.check(t.call, 1);
    expect(await t.caller.listen()).toBe('vm/enter-password');
    t.clock.tick(5_000);
    expect(await t.caller.hears()).toBe('vm/login-incorrect');
  });

  it('VM-4 box without PIN → no PIN prompt', async () => {
    const t = await setup({ pin: null });
    void t.app.check(t.call, 1);
    expect(await t.caller.listen()).toBe('vm/no-messages');
  });

  it('*98 mailbox number and PIN → logged in to that box', async () => {
    const t = await setup({}, [['m1.wav', false]]);
    void t.app.check(t.call);
    expect(await t.caller.hears()).toBe('vm/enter-mailbox');
    await t.caller.press('1002#');
    expect(await t.caller.hears()).toBe('vm/enter-password');
    await t.caller.press('4321#');
    expect(await t.caller.listenAll(3)).toEqual(['vm/you-have', 'digits/1', 'vm/new-messages']);
  });

  it('*98 unknown mailbox → "login incorrect" without telling which part was wrong', async () => {
    const t = await setup();
    void t.app.check(t.call);
    await t.caller.press('9999#');
    expect(await t.caller.hears()).toBe('vm/enter-password');
    await t.caller.press('4321#');
    expect(await t.caller.hears()).toBe('vm/login-incorrect');
  });

  it('VM-4 right PIN → counts, new messages first, each marked read as it plays', async () => {
    const t = await setup({}, [
      ['old.wav', true],
      ['new1.wav', false],
      ['new2.wav', false],
    ]);
    void t.app.check(t.call, 1);
    await t.caller.press('4321#');
    expect(await t.caller.listenAll(6)).toEqual([
      'vm/you-have',
      'digits/2',
      'vm/new-messages',
      'digits/1',
      'vm/old-messages',
      'vm/message',
    ]);
    expect(await t.caller.listenAll(2)).toEqual(['digits/1', 'new1.wav']);
    expect(t.mwi).toEqual([{ boxId: 1, teamId: 7, mailbox: '1002', newCount: 1, oldCount: 2 }]);
    expect(await t.caller.hears()).toBe('vm/message-menu');
  });

  it('menu keys 6 next, 4 previous, 5 repeat, 7 delete, # exit', async () => {
    const t = await setup({ pin: null }, [
      ['a.wav', false],
      ['b.wav', false],
    ]);
    const done = t.app.check(t.call, 1);
    await t.caller.listenAll(3 + 3);
    expect(await t.caller.hears()).toBe('vm/message-menu');
    await t.caller.press('6');
    expect(await t.caller.listenAll(3)).toEqual(['vm/message', 'digits/2', 'b.wav']);
    await t.caller.press('6');
    expect(await t.caller.listen()).toBe('vm/no-more-messages');
    await t.caller.press('4');
    expect(await t.caller.listenAll(3)).toEqual(['vm/message', 'digits/1', 'a.wav']);
    await t.caller.press('5');
    expect(await t.caller.listenAll(3)).toEqual(['vm/message', 'digits/1', 'a.wav']);
    await t.caller.press('7');
    expect(await t.caller.listen()).toBe('vm/message-deleted');
    expect(t.store.messages.map((m) => m.filePath)).toEqual(['b.wav']);
    expect(await t.caller.listenAll(3)).toEqual(['vm/message', 'digits/1', 'b.wav']);
    await t.caller.press('#');
    expect(await t.caller.listen()).toBe('vm/goodbye');
    expect((await done).reason).toBe('done');
    expect(t.mwi.map((s) => [s.newCount, s.oldCount])).toEqual([
      [1, 1],
      [0, 2],
      [0, 1],
    ]);
  });

  it('a key during a message → stops it and acts at once (type-ahead)', async () => {
    const t = await setup({ pin: null }, [
      ['a.wav', false],
      ['b.wav', false],
    ]);
    void t.app.check(t.call, 1);
    await t.caller.listenAll(5);
    expect(await t.caller.hears()).toBe('a.wav');
    await t.caller.press('6');
    expect(await t.caller.listenAll(3)).toEqual(['vm/message', 'digits/2', 'b.wav']);
  });

  it('menu without a key three times → hang up with no-input', async () => {
    const t = await setup({ pin: null }, [['a.wav', false]]);
    const done = t.app.check(t.call, 1);
    await t.caller.listenAll(6);
    for (let i = 0; i < 3; i++) {
      expect(await t.caller.listen()).toBe('vm/message-menu');
      t.clock.tick(5_000);
    }
    expect(await t.caller.listen()).toBe('vm/goodbye');
    expect((await done).reason).toBe('no-input');
  });

  it('caller hangs up mid-message → ends, no more plays', async () => {
    const t = await setup({ pin: null }, [['a.wav', false]]);
    const done = t.app.check(t.call, 1);
    await t.caller.listenAll(5);
    t.leg.remoteHangsUp();
    expect((await done).reason).toBe('caller-hangup');
    expect(t.media.running(t.leg.media)).toEqual([]);
  });
});
