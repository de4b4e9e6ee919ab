import { describe, expect, it } from 'vitest';
import { settle } from '../voicemail/test-caller.fixture.ts';
import { setup } from './conference-rooms.fixture.ts';

/*
 * Joining a room: the entry prompt, PINs (CF-1, CF-2) and a full room.
 */

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
