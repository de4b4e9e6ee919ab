import { describe, expect, it } from 'vitest';
import { FakeClock, err } from '../../core/index.ts';
import { FakeCallLeg, FakeOriginator } from '../../test/fakes/fake-call-leg.ts';
import { FakeMediaControl, type MediaLink } from '../../test/fakes/fake-media-control.ts';
import { TestCaller, settle } from '../voicemail/test-caller.fixture.ts';
import type { ConferenceRoomConfig } from './conference-config.ts';
import { ConferenceRooms, type ConferenceOutcome } from './conference-rooms.ts';
import type { ConferenceMember, LeaveReason } from './live-room.ts';

const ROOM: ConferenceRoomConfig = {
  id: 5,
  teamId: 7,
  number: '6666',
  name: '黄山厅',
  userPin: null,
  adminPin: null,
  maxMembers: 0,
  waitForLeader: false,
  quietMode: true,
  announceJoinLeave: false,
  musicOnHold: false,
  enableMenu: false,
  announceUserCount: false,
  recordConference: false,
  talkerDetection: false,
  talkerOptimization: false,
};

function setup(room: Partial<ConferenceRoomConfig> = {}) {
  const media = new FakeMediaControl();
  const clock = new FakeClock();
  const config = { ...ROOM, ...room };
  const originator = new FakeOriginator();
  const rooms = new ConferenceRooms({
    media,
    clock,
    originator,
    directory: { conferenceRooms: { find: (id) => (id === config.id ? config : undefined) } },
  });
  const left: Array<[string, LeaveReason]> = [];
  const changed: ConferenceMember[] = [];
  const ended: number[] = [];
  rooms.on('memberleft', (m, reason) => left.push([m.number, reason]));
  rooms.on('memberchanged', (m) => changed.push(m));
  rooms.on('roomended', (e) => ended.push(e.roomId));
  let n = 0;
  /** A new caller dialling the room; `run` is its conference run. */
  const dial = (number = `100${++n}`) => {
    const leg = new FakeCallLeg('inbound', { uri: `sip:${number}@t`, number });
    const run: Promise<ConferenceOutcome> = rooms.run({
      callId: `call-${number}`,
      teamId: 7,
      leg,
      destination: { type: 'conference', targetId: config.id },
    });
    return { leg, run, caller: new TestCaller(leg, media) };
  };
  const joins = (leg: FakeCallLeg) =>
    media.links.filter(
      (l): l is Extract<MediaLink, { op: 'join' }> => l.op === 'join' && l.ref === leg.media,
    );
  const memberOf = (number: string) =>
    rooms.room(config.id)?.members.find((m) => m.number === number);
  return { media, clock, rooms, dial, joins, memberOf, left, changed, ended, config, originator };
}

describe('ConferenceRooms.run() join flow', () => {
  it('CF-1 answers, plays the entry prompt, then joins the room speak-listen', async () => {
    const t = setup({ entryPromptFile: 'prompts/welcome.wav' });
    const a = t.dial();
    expect(await a.caller.listen()).toBe('prompts/welcome.wav');
    await settle();
    expect(a.leg.ops).toEqual(['answer']);
    const [join] = t.joins(a.leg);
    expect(join?.opts.role).toBe('speak-listen');
    expect(join?.opts.roomId).toMatch(/^conference-5-/);
  });

  it('CF-2 no PIN set → joins as user without a prompt', async () => {
    const t = setup();
    t.dial('1001');
    await settle();
    expect(t.memberOf('1001')?.role).toBe('user');
    expect(t.media.operations).toEqual([]);
  });

  it('CF-2 admin PIN → admin, user PIN → user', async () => {
    const t = setup({ userPin: '1234', adminPin: '5678' });
    const a = t.dial('1001');
    expect(await a.caller.hears()).toBe('conf/enter-pin');
    await a.caller.press('5678#');
    const b = t.dial('1002');
    await b.caller.press('1234#');
    expect(t.memberOf('1001')?.role).toBe('admin');
    expect(t.memberOf('1002')?.role).toBe('user');
  });

  it('CF-2 wrong PIN three times → "invalid" each time, goodbye, hang up, never joined', async () => {
    const t = setup({ userPin: '1234' });
    const a = t.dial();
    for (let i = 0; i < 3; i++) {
      expect(await a.caller.hears()).toBe('conf/enter-pin');
      await a.caller.press('9999#');
      expect(await a.caller.listen()).toBe('conf/invalid-pin');
    }
    expect(await a.caller.listen()).toBe('conf/goodbye');
    expect((await a.run).reason).toBe('pin-failed');
    expect(a.leg.state).toBe('terminated');
    expect(t.joins(a.leg)).toEqual([]);
  });

  it('CF-2 PIN typed without # → taken after the inter-digit timeout', async () => {
    const t = setup({ userPin: '1234' });
    const a = t.dial('1001');
    await a.caller.press('1234');
    t.clock.tick(5_000);
    await settle();
    expect(t.memberOf('1001')?.role).toBe('user');
  });

  it('CF-2 only an admin PIN set → "#" alone joins as user', async () => {
    const t = setup({ adminPin: '5678' });
    const a = t.dial('1001');
    await a.caller.press('#');
    expect(t.memberOf('1001')?.role).toBe('user');
  });

  it('CF-2 caller hangs up at the PIN prompt → ends, no room is made', async () => {
    const t = setup({ userPin: '1234' });
    const a = t.dial();
    await a.caller.hears();
    a.leg.remoteHangsUp();
    expect((await a.run).reason).toBe('left');
    expect(t.rooms.rooms()).toEqual([]);
  });

  it('maxMembers reached → "room full", hang up', async () => {
    const t = setup({ maxMembers: 2 });
    t.dial();
    t.dial();
    const c = t.dial();
    expect(await c.caller.listen()).toBe('conf/locked-full');
    expect((await c.run).reason).toBe('room-full');
    expect(c.leg.state).toBe('terminated');
    expect(t.rooms.room(5)?.participantCount).toBe(2);
  });

  it('run() when the room does not exist → 404 hang-up', async () => {
    const t = setup({ teamId: 8 });
    const a = t.dial();
    expect((await a.run).reason).toBe('room-not-found');
    expect(a.leg.actions[0]).toEqual({
      op: 'hangup',
      cause: { reason: 'not-found', q850: 1, sipStatus: 404 },
    });
  });
});

describe('ConferenceRooms in the room', () => {
  it('CF-3 waitForLeader → users wait unmixed with music, the admin lets them in', async () => {
    const t = setup({
      waitForLeader: true,
      musicOnHold: true,
      moh: { file: 'moh/default' },
      userPin: '1',
      adminPin: '9',
    });
    const u = t.dial('1001');
    await u.caller.press('1#');
    expect(await u.caller.listen()).toBe('conf/wait-for-leader');
    expect(t.memberOf('1001')?.isWaiting).toBe(true);
    expect(t.joins(u.leg)).toEqual([]);
    expect(await u.caller.hears()).toBe('moh/default');
    const a = t.dial('1002');
    await a.caller.press('9#');
    expect(t.joins(u.leg).map((j) => j.opts.role)).toEqual(['speak-listen']);
    expect(t.memberOf('1001')?.isWaiting).toBe(false);
    expect(t.changed.map((m) => [m.number, m.isWaiting])).toEqual([['1001', false]]);
    expect(t.media.running(u.leg.media)).toEqual([]);
  });

  it('CF-4 musicOnHold → music while alone, stopped for two, back when alone again', async () => {
    const t = setup({ musicOnHold: true, moh: { file: 'moh/default' } });
    const a = t.dial('1001');
    const moh = await a.caller.current();
    expect([moh.source, moh.playOptions?.loop]).toEqual([{ file: 'moh/default' }, true]);
    const b = t.dial('1002');
    await settle();
    expect(moh.isEnded).toBe(true);
    expect(t.media.running(b.leg.media)).toEqual([]);
    b.leg.remoteHangsUp();
    expect(await a.caller.hears()).toBe('moh/default');
  });

  it('CF-5 not quiet → a beep to the others on join and on leave, not to the member', async () => {
    const t = setup({ quietMode: false });
    const a = t.dial('1001');
    await settle();
    expect(t.media.operations).toEqual([]);
    const b = t.dial('1002');
    expect(await a.caller.listen()).toBe('tone:beep');
    expect(b.caller.played()).toEqual([]);
    b.leg.remoteHangsUp();
    expect(await a.caller.listen()).toBe('tone:beep');
  });

  it('CF-5 quietMode → no tones', async () => {
    const t = setup({ quietMode: true });
    const a = t.dial();
    t.dial().leg.remoteHangsUp();
    await settle();
    expect(a.caller.played()).toEqual([]);
  });

  it('CF-5 announceJoinLeave → the name is recorded and announced to the others', async () => {
    const t = setup({ announceJoinLeave: true });
    const a = t.dial('1001');
    expect(await a.caller.listenAll(2)).toEqual(['conf/say-name', 'tone:beep']);
    (await a.caller.current('record')).end('completed', 3_000);
    const b = t.dial('1002');
    await b.caller.listenAll(2);
    const rec = await b.caller.current('record');
    expect(rec.recordOptions?.maxDurationMs).toBe(3_000);
    await b.caller.press('#');
    expect(await a.caller.listenAll(2)).toEqual([rec.recordOptions?.path, 'conf/has-joined']);
    b.leg.remoteHangsUp();
    expect(await a.caller.listenAll(2)).toEqual([rec.recordOptions?.path, 'conf/has-left']);
  });

  it('CF-6 announceUserCount → the joiner hears how many are already there', async () => {
    const t = setup({ announceUserCount: true });
    const a = t.dial();
    expect(await a.caller.listen()).toBe('conf/only-person');
    const b = t.dial();
    expect(await b.caller.listenAll(3)).toEqual([
      'conf/there-are',
      'digits/1',
      'conf/other-in-party',
    ]);
    const c = t.dial();
    expect(await c.caller.listenAll(3)).toEqual([
      'conf/there-are',
      'digits/2',
      'conf/other-in-party',
    ]);
  });

  it('CF-7 menu "*1" → the user mutes and unmutes itself (listen-only ↔ speak-listen)', async () => {
    const t = setup({ enableMenu: true });
    const a = t.dial('1001');
    await settle();
    await a.caller.press('*');
    expect(await a.caller.hears()).toBe('conf/user-menu');
    await a.caller.press('1');
    expect(await a.caller.listen()).toBe('conf/muted');
    expect(t.memberOf('1001')?.isMuted).toBe(true);
    await a.caller.press('*1');
    expect(await a.caller.listen()).toBe('conf/unmuted');
    expect(t.joins(a.leg).map((j) => j.opts.role)).toEqual([
      'speak-listen',
      'listen-only',
      'speak-listen',
    ]);
  });

  it('CF-7 admin "*3" kicks the last joined, "*2" locks the room', async () => {
    const t = setup({ enableMenu: true, adminPin: '9' });
    const a = t.dial('1001');
    await a.caller.press('9#');
    const b = t.dial('1002');
    await b.caller.press('#');
    await a.caller.press('*3');
    expect(await a.caller.listen()).toBe('conf/kicked');
    expect((await b.run).reason).toBe('kicked');
    await a.caller.press('*2');
    expect(await a.caller.listen()).toBe('conf/now-locked');
    const c = t.dial();
    await c.caller.press('#');
    expect(await c.caller.listen()).toBe('conf/locked');
    expect((await c.run).reason).toBe('room-locked');
  });

  it('CF-7 menu off → "*" does nothing', async () => {
    const t = setup({ enableMenu: false });
    const a = t.dial();
    await a.caller.press('*1');
    expect(a.caller.played()).toEqual([]);
  });

  /** The room recordings (recordRoom) the fake saw. */
  const roomRecordings = (t: ReturnType<typeof setup>) =>
    t.media.operations.filter((o) => o.kind === 'record' && o.ref.legId === 'room');

  it('CF-8 recordConference → the room mix is recorded from the first member to the end', async () => {
    const t = setup({ recordConference: true });
    const sessions: Array<string | null> = [];
    t.rooms.on('roomended', (e) => sessions.push(e.recordingPath));
    const a = t.dial('1001');
    await settle();
    const [rec] = roomRecordings(t);
    const path = '7/2023-11-14/conference-6666-20231114T221320Z.wav';
    expect(rec?.ref.callId).toBe(t.joins(a.leg)[0]?.opts.roomId);
    expect(rec?.recordOptions).toEqual({ path, mode: 'mixed' });
    expect(t.rooms.room(5)?.recordingPath).toBe(path);
    const b = t.dial('1002');
    await settle();
    expect(roomRecordings(t)).toHaveLength(1);
    a.leg.remoteHangsUp();
    await settle();
    expect(rec?.isEnded).toBe(false);
    b.leg.remoteHangsUp();
    await b.run;
    expect(rec?.isEnded).toBe(true);
    expect(sessions).toEqual([path]);
    expect(t.rooms.recentSessions(7).map((s) => [s.number, s.recordingPath])).toEqual([
      ['6666', path],
    ]);
    expect(t.rooms.recentSessions(8)).toEqual([]);
  });

  it('CF-8 recordConference with waitForLeader → recording starts when the admin is in', async () => {
    const t = setup({ recordConference: true, waitForLeader: true, userPin: '1', adminPin: '9' });
    const u = t.dial('1001');
    await u.caller.press('1#');
    await u.caller.listen();
    expect(roomRecordings(t)).toEqual([]);
    expect(t.rooms.room(5)?.recordingPath).toBeNull();
    const a = t.dial('1002');
    await a.caller.press('9#');
    await settle();
    expect(roomRecordings(t)).toHaveLength(1);
  });

  it('CF-8 recording refused by the media plane → the conference goes on unrecorded', async () => {
    const t = setup({ recordConference: true });
    t.media.recordRoom = () =>
      Promise.resolve(err({ code: 'ERR_MEDIA_INTERNAL' as const, detail: 'disk full' }));
    const a = t.dial('1001');
    await settle();
    expect(t.memberOf('1001')).toBeDefined();
    expect(t.rooms.room(5)?.recordingPath).toBeNull();
    a.leg.remoteHangsUp();
    expect((await a.run).reason).toBe('left');
  });

  it('CF-8 recordConference off → no recording, sessions without a path', async () => {
    const t = setup();
    const a = t.dial();
    await settle();
    a.leg.remoteHangsUp();
    await a.run;
    expect(roomRecordings(t)).toEqual([]);
    expect(t.rooms.recentSessions().map((s) => s.recordingPath)).toEqual([null]);
  });

  it('CF-9 talkerDetection → isTalking per member follows the media talking events', async () => {
    const t = setup({ talkerDetection: true });
    const talks: Array<[string, boolean | undefined]> = [];
    t.rooms.on('membertalking', (m) => talks.push([m.number, m.isTalking]));
    const a = t.dial('1001');
    t.dial('1002');
    await settle();
    expect(t.memberOf('1001')?.isTalking).toBe(false);
    const roomId = t.joins(a.leg)[0]!.opts.roomId!;
    t.media.safeEmit('talking', { ref: a.leg.media, roomId, isTalking: true });
    expect(t.memberOf('1001')?.isTalking).toBe(true);
    expect(t.memberOf('1002')?.isTalking).toBe(false);
    t.media.safeEmit('talking', { ref: a.leg.media, roomId: 'other-room', isTalking: false });
    t.media.safeEmit('talking', { ref: a.leg.media, roomId, isTalking: false });
    expect(talks).toEqual([
      ['1001', true],
      ['1001', false],
    ]);
    expect(t.joins(a.leg)[0]?.opts.isMixedOnlyWhileTalking).toBeUndefined();
  });

  it('CF-9 talkerDetection off → no isTalking, no events', async () => {
    const t = setup();
    const talks: unknown[] = [];
    t.rooms.on('membertalking', (m) => talks.push(m));
    const a = t.dial('1001');
    await settle();
    const roomId = t.joins(a.leg)[0]!.opts.roomId!;
    t.media.safeEmit('talking', { ref: a.leg.media, roomId, isTalking: true });
    expect(t.memberOf('1001')).not.toHaveProperty('isTalking');
    expect(talks).toEqual([]);
  });

  it('CF-9 talkerOptimization → members join mixed only while talking', async () => {
    const t = setup({ talkerOptimization: true });
    const a = t.dial('1001');
    await settle();
    expect(t.joins(a.leg)[0]?.opts).toMatchObject({
      role: 'speak-listen',
      isMixedOnlyWhileTalking: true,
    });
  });
});

describe('ConferenceRooms admin API and live view (CF-10, CL-1)', () => {
  it('mute()/unmute() → rejoins the member listen-only/speak-listen and reports it', async () => {
    const t = setup();
    const a = t.dial('1001');
    await settle();
    const id = t.memberOf('1001')!.memberId;
    expect((await t.rooms.mute(5, id)).ok).toBe(true);
    expect(t.memberOf('1001')?.isMuted).toBe(true);
    expect((await t.rooms.unmute(5, id)).ok).toBe(true);
    expect(t.joins(a.leg).map((j) => j.opts.role)).toEqual([
      'speak-listen',
      'listen-only',
      'speak-listen',
    ]);
    expect(t.changed.map((m) => m.isMuted)).toEqual([true, false]);
  });

  it('mute() of an unknown room or member → ERR_CONFERENCE_NOT_FOUND', async () => {
    const t = setup();
    expect(await t.rooms.mute(5, 'x')).toEqual({
      ok: false,
      error: { code: 'ERR_CONFERENCE_NOT_FOUND', detail: 'room 5' },
    });
    t.dial();
    await settle();
    const r = await t.rooms.mute(5, 'x');
    expect(!r.ok && r.error.code).toBe('ERR_CONFERENCE_NOT_FOUND');
  });

  it('kick() → hangs the member up, its run() ends with kicked, memberleft says why', async () => {
    const t = setup();
    const a = t.dial('1001');
    await settle();
    expect((await t.rooms.kick(5, t.memberOf('1001')!.memberId)).ok).toBe(true);
    expect((await a.run).reason).toBe('kicked');
    expect(a.leg.state).toBe('terminated');
    expect(t.left).toEqual([['1001', 'kicked']]);
  });

  it('rooms() lists live members; the room ends when the last one leaves', async () => {
    const t = setup();
    const a = t.dial('1001');
    const b = t.dial('1002');
    await settle();
    const [view] = t.rooms.rooms(7);
    expect(view?.participantCount).toBe(2);
    expect(view?.members.map((m) => m.number)).toEqual(['1001', '1002']);
    expect(t.rooms.rooms(8)).toEqual([]);
    a.leg.remoteHangsUp();
    await settle();
    expect(t.rooms.room(5)?.participantCount).toBe(1);
    b.leg.remoteHangsUp();
    expect((await b.run).reason).toBe('left');
    expect(t.rooms.rooms()).toEqual([]);
    expect(t.ended).toEqual([5]);
    expect(t.media.links.filter((l) => l.op === 'unjoin')).toHaveLength(2);
  });

  it('a new session after the room ended → a new media room id', async () => {
    const t = setup();
    const a = t.dial();
    await settle();
    a.leg.remoteHangsUp();
    await a.run;
    const b = t.dial();
    await settle();
    expect(t.joins(b.leg)[0]?.opts.roomId).not.toBe(t.joins(a.leg)[0]?.opts.roomId);
  });

  const ext = (number: string) => ({
    target: {
      kind: 'extension' as const,
      extension: { teamId: 7, extensionId: 1, number, ringTimeoutMs: 20_000 },
    },
    number,
  });

  it('CL-2 invite() → rings with inviteCallerId; the callee joins as user without a PIN', async () => {
    const t = setup({ inviteCallerId: '4008', userPin: '1234' });
    expect(t.rooms.invite(5, [ext('8106')]).ok).toBe(true);
    const [placed] = t.originator.placed;
    expect(placed?.request.caller.number).toBe('4008');
    expect(placed?.request.teamId).toBe(7);
    placed?.leg.remoteAnswers();
    await settle();
    expect(t.memberOf('8106')?.role).toBe('user');
    expect(t.joins(placed!.leg)).toHaveLength(1);
    expect(t.media.operations).toEqual([]);
    placed?.leg.remoteHangsUp();
    await settle();
    expect(t.rooms.rooms()).toEqual([]);
  });

  it('CL-3 invited number busy → invitefailed with the cause, nobody joins', async () => {
    const t = setup();
    const failed: Array<[string, string]> = [];
    t.rooms.on('invitefailed', (e) => failed.push([e.number, e.cause.reason]));
    t.rooms.invite(5, [ext('8106')]);
    t.originator.placed[0]?.leg.remoteHangsUp({ reason: 'busy', q850: 17 });
    await settle();
    expect(failed).toEqual([['8106', 'busy']]);
    expect(t.rooms.rooms()).toEqual([]);
  });

  it('invite() of an unknown room → ERR_CONFERENCE_NOT_FOUND, nothing placed', () => {
    const t = setup();
    const r = t.rooms.invite(99, [ext('8106')]);
    expect(!r.ok && r.error.code).toBe('ERR_CONFERENCE_NOT_FOUND');
    expect(t.originator.placed).toEqual([]);
  });
});
