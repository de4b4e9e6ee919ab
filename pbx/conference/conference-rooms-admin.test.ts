import { describe, expect, it } from 'vitest';
import { settle } from '../voicemail/test-caller.fixture.ts';
import { setup } from './conference-rooms.fixture.ts';

/*
 * The admin API and live view of rooms, and invitations (CF-10, CL-1
 * to CL-3).
 */

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
