import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock, ok, err } from '../../core/index.ts';
import { FakeCallLeg } from '../../test/fakes/fake-call-leg.ts';
import { FakeMediaControl } from '../../test/fakes/fake-media-control.ts';
import type { MailMessage } from './mime-message.ts';
import { SmtpSink, splitMime } from './smtp-sink.fixture.ts';
import { TestCaller, settle } from './test-caller.fixture.ts';
import { VoicemailApplication } from './voicemail-application.ts';
import type { MessageWaitingState } from './voicemail-context.ts';
import { SmtpClient } from '../../core/mail/index.ts';
import { VoicemailSmtpMailer, type VoicemailMailer } from './voicemail-mailer.ts';
import { InMemoryVoicemailStore, type VoicemailBox } from './voicemail-store.ts';

const BOX: VoicemailBox = {
  id: 1,
  teamId: 7,
  extensionNumber: '1002',
  pin: '4321',
  email: 'alice@example.test',
  attachAudio: true,
  deleteAfterEmail: false,
  greeting: 'system',
  maxMessages: 100,
  maxMessageSec: 180,
};

class RecordingMailer implements VoicemailMailer {
  readonly mails: MailMessage[] = [];
  isFailing = false;
  send(mail: MailMessage) {
    this.mails.push(mail);
    return Promise.resolve(
      this.isFailing ? err({ code: 'ERR_SMTP_REJECTED', detail: '550 no' }) : ok(undefined),
    );
  }
}

function setup(box: Partial<VoicemailBox> = {}, mailer: VoicemailMailer = new RecordingMailer()) {
  const media = new FakeMediaControl();
  const clock = new FakeClock();
  const store = new InMemoryVoicemailStore();
  const theBox = { ...BOX, ...box };
  const app = new VoicemailApplication({
    media,
    clock,
    store,
    mailer,
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
  const leg = new FakeCallLeg('inbound', { uri: 'sip:5566@t', number: '5566', displayName: 'Bob' });
  const caller = new TestCaller(leg, media);
  const call = {
    callId: 'c1',
    teamId: 7,
    leg,
    destination: { type: 'voicemail' as const, targetId: theBox.id },
  };
  return { media, clock, store, app, mwi, leg, caller, call, mailer };
}

describe('VoicemailApplication.run() (leave a message)', () => {
  it('VM-1 greeting, beep, record, # ends → message kept with caller, time, duration, path', async () => {
    const t = setup();
    const done = t.app.run(t.call);
    expect(await t.caller.listenAll(2)).toEqual(['vm/greeting', 'tone:beep']);
    const rec = await t.caller.current('record');
    expect(rec.recordOptions).toEqual({
      path: 'voicemail/7/1002/msg0000.wav',
      mode: 'inbound',
      format: 'wav',
      maxDurationMs: 180_000,
      silenceTimeoutMs: 5_000,
    });
    t.clock.tick(4_000);
    await t.caller.press('#');
    expect(rec.isEnded).toBe(true);
    expect(await t.caller.listenAll(2)).toEqual(['vm/message-saved', 'vm/goodbye']);
    const outcome = await done;
    expect(outcome.reason).toBe('message-left');
    expect(t.leg.ops).toEqual(['answer', 'hangup']);
    expect(t.store.messages).toEqual([
      {
        id: outcome.messageId,
        boxId: 1,
        teamId: 7,
        callerNumber: '5566',
        callerName: 'Bob',
        leftAtMs: 1_700_000_000_000,
        durationMs: 4_000,
        filePath: 'voicemail/7/1002/msg0000.wav',
        isRead: false,
      },
    ]);
    expect(t.mwi).toEqual([{ boxId: 1, teamId: 7, mailbox: '1002', newCount: 1, oldCount: 0 }]);
  });

  it('VM-1 personal greeting recorded → it is played instead of the system one', async () => {
    const t = setup({ greeting: 'personal', personalGreetingFile: 'greetings/1002.wav' });
    void t.app.run(t.call);
    expect(await t.caller.listen()).toBe('greetings/1002.wav');
  });

  it('VM-1 a key during the greeting → skips to the beep, the key is not recorded', async () => {
    const t = setup();
    void t.app.run(t.call);
    expect(await t.caller.hears()).toBe('vm/greeting');
    await t.caller.press('1');
    expect(await t.caller.listen()).toBe('tone:beep');
    expect((await t.caller.current('record')).isEnded).toBe(false);
  });

  it('VM-1 media ends the recording (silence or max length) → kept with the media plane duration', async () => {
    const t = setup();
    const done = t.app.run(t.call);
    await t.caller.listenAll(2);
    (await t.caller.current('record')).end('completed', 180_000);
    await t.caller.listenAll(2);
    expect((await done).reason).toBe('message-left');
    expect(t.store.messages[0]?.durationMs).toBe(180_000);
  });

  it('VM-1 caller hangs up after 3 s of recording → message kept (minimum is 1 s)', async () => {
    const t = setup();
    const done = t.app.run(t.call);
    await t.caller.listenAll(2);
    const rec = await t.caller.current('record');
    t.clock.tick(3_000);
    t.leg.remoteHangsUp();
    const outcome = await done;
    expect(rec.isEnded).toBe(true);
    expect(outcome.reason).toBe('message-left');
    expect(t.store.messages).toHaveLength(1);
    expect(t.store.messages[0]?.durationMs).toBe(3_000);
    expect(t.caller.played()).toEqual(['vm/greeting', 'tone:beep']);
  });

  it('VM-1 caller hangs up 0.5 s after the beep → recording discarded, no message', async () => {
    const t = setup();
    const done = t.app.run(t.call);
    await t.caller.listenAll(2);
    await t.caller.current('record');
    t.clock.tick(500);
    t.leg.remoteHangsUp();
    expect((await done).reason).toBe('caller-hangup');
    expect(t.store.messages).toEqual([]);
    expect(t.store.discarded).toEqual(['voicemail/7/1002/msg0000.wav']);
    expect(t.mwi).toEqual([]);
  });

  it('VM-1 caller hangs up during the greeting → nothing recorded', async () => {
    const t = setup();
    const done = t.app.run(t.call);
    await t.caller.hears();
    t.leg.remoteHangsUp();
    expect((await done).reason).toBe('caller-hangup');
    expect(t.media.operations.filter((o) => o.kind === 'record')).toEqual([]);
  });

  it('VM-1 box holds maxMessages → "mailbox full", hang up, nothing recorded', async () => {
    const t = setup({ maxMessages: 1 });
    await t.store.save({
      boxId: 1,
      teamId: 7,
      callerNumber: '1',
      leftAtMs: 0,
      durationMs: 1_000,
      filePath: 'old.wav',
      isRead: true,
    });
    const done = t.app.run(t.call);
    expect(await t.caller.listenAll(2)).toEqual(['vm/mailbox-full', 'vm/goodbye']);
    expect((await done).reason).toBe('box-full');
    expect(t.leg.state).toBe('terminated');
  });

  it('run() when the box does not exist or is another team’s → 404 hang-up', async () => {
    const t = setup({ teamId: 8 });
    expect((await t.app.run(t.call)).reason).toBe('box-not-found');
    expect(t.leg.actions).toEqual([
      { op: 'hangup', cause: { reason: 'not-found', q850: 1, sipStatus: 404 } },
    ]);
  });
});

describe('VoicemailApplication.run() e-mail (VM-3)', () => {
  let sink: SmtpSink | undefined;
  afterEach(async () => {
    await sink?.close();
    sink = undefined;
  });

  async function leaveFourSeconds(t: ReturnType<typeof setup>) {
    const done = t.app.run(t.call);
    await t.caller.listenAll(2);
    const rec = await t.caller.current('record');
    t.store.files.set(
      rec.recordOptions!.path,
      new Uint8Array([82, 73, 70, 70, 0, 1, 2, 46, 13, 10]),
    );
    t.clock.tick(4_000);
    await t.caller.press('#');
    await t.caller.listenAll(2);
    return done;
  }

  it('VM-3 message left → mailed over SMTP with the recording attached byte for byte', async () => {
    sink = new SmtpSink();
    const port = await sink.listen('127.0.8.60');
    const settings = {
      host: '127.0.8.60',
      port,
      isImplicitTls: false,
      isStartTlsRequired: false,
      username: undefined,
      password: undefined,
      isCertUnchecked: false,
    };
    const t = setup({}, new VoicemailSmtpMailer(new SmtpClient({ settings, timeoutMs: 5_000 })));
    const sent: string[] = [];
    t.app.on('emailsent', (e) => sent.push(e.to));
    await leaveFourSeconds(t);
    expect(sent).toEqual(['alice@example.test']);
    const mail = sink.mails[0]!;
    expect(mail.rcptTo).toEqual(['alice@example.test']);
    const parts = splitMime(mail.data);
    expect(parts[1]!.headers['content-type']).toBe('audio/wav; name="msg0000.wav"');
    const bytes = Buffer.from(parts[1]!.body.replace(/\r\n/g, ''), 'base64');
    expect([...bytes]).toEqual([82, 73, 70, 70, 0, 1, 2, 46, 13, 10]);
    expect(mail.data).toContain('Subject: New voicemail from Bob <5566> in mailbox 1002');
  });

  it('VM-3 deleteAfterEmail → message mailed then deleted, lamp off again', async () => {
    const t = setup({ deleteAfterEmail: true });
    await leaveFourSeconds(t);
    expect((t.mailer as RecordingMailer).mails).toHaveLength(1);
    expect(t.store.messages).toEqual([]);
    expect(t.mwi.map((s) => s.newCount)).toEqual([1, 0]);
  });

  it('VM-3 attachAudio off → mail without attachment', async () => {
    const t = setup({ attachAudio: false });
    await leaveFourSeconds(t);
    expect((t.mailer as RecordingMailer).mails[0]?.attachments).toEqual([]);
  });

  it('VM-3 the mail server refuses → emailfailed, message kept', async () => {
    const mailer = new RecordingMailer();
    mailer.isFailing = true;
    const t = setup({ deleteAfterEmail: true }, mailer);
    const failed: string[] = [];
    t.app.on('emailfailed', (e) => failed.push(e.code));
    await leaveFourSeconds(t);
    expect(failed).toEqual(['ERR_SMTP_REJECTED']);
    expect(t.store.messages).toHaveLength(1);
  });

  it('VM-3 box without e-mail → no mail', async () => {
    const t = setup({ email: null });
    await leaveFourSeconds(t);
    await settle();
    expect((t.mailer as RecordingMailer).mails).toEqual([]);
  });
});
