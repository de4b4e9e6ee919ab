import { describe, expect, it } from 'vitest';
import { err } from '../../core/index.ts';
import { settle } from '../voicemail/test-caller.fixture.ts';
import { setup } from './conference-rooms.fixture.ts';

/*
 * What members get in the room: waiting, music, tones, the menu,
 * recording and talker detection (CF-3 to CF-9).
 */

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
