import { describe, expect, test } from 'vitest';
import { FakeClock } from '../../core/index.ts';
import { createRequest } from '../message/index.ts';
import { negotiateSessionTimer, parseSessionExpires, SessionTimer } from './session-timer.ts';

function invite(headers: Array<[string, string]>) {
  return createRequest({
    method: 'INVITE',
    requestUri: 'sip:1001@demo.local',
    from: '<sip:1000@demo.local>;tag=a',
    to: '<sip:1001@demo.local>',
    callId: 'c1',
    cseq: 1,
    headers,
  });
}

describe('parseSessionExpires()', () => {
  test('parseSessionExpires() when delta and refresher → both', () => {
    expect(parseSessionExpires('1800;refresher=UAC')).toEqual({ deltaS: 1800, refresher: 'uac' });
    expect(parseSessionExpires('90')).toEqual({ deltaS: 90, refresher: undefined });
  });

  test.each(['', 'abc', '0', '-5;refresher=uas'])('parseSessionExpires(%j) → invalid', (v) => {
    expect(parseSessionExpires(v)).toBe('invalid');
  });
});

describe('negotiateSessionTimer()', () => {
  test('negotiateSessionTimer() when the UAC supports timer → it refreshes, Require: timer', () => {
    const r = negotiateSessionTimer(
      invite([
        ['Supported', 'timer'],
        ['Session-Expires', '1800'],
      ]),
    );
    expect(r?.refresher).toBe('uac');
    expect(r?.headers).toEqual([
      ['Session-Expires', '1800;refresher=uac'],
      ['Require', 'timer'],
    ]);
  });

  test('negotiateSessionTimer() when the UAC lacks timer support → we refresh (RFC 4028 §9)', () => {
    const r = negotiateSessionTimer(invite([['Session-Expires', '600;refresher=uac']]));
    expect(r?.refresher).toBe('uas');
    expect(r?.headers).toEqual([['Session-Expires', '600;refresher=uas']]);
  });

  test('negotiateSessionTimer() when no Session-Expires → no timer', () => {
    expect(negotiateSessionTimer(invite([['Supported', 'timer']]))).toBeUndefined();
  });
});

describe('SessionTimer', () => {
  test('SessionTimer when refresher → refresh at half the interval, again after refreshed()', () => {
    const clock = new FakeClock();
    let refreshes = 0;
    const t = new SessionTimer(
      clock,
      90,
      true,
      () => refreshes++,
      () => undefined,
    );
    t.refreshed();
    clock.tick(44_999);
    expect(refreshes).toBe(0);
    clock.tick(1);
    expect(refreshes).toBe(1);
    t.refreshed();
    clock.tick(45_000);
    expect(refreshes).toBe(2);
  });

  test('SessionTimer when not refresher → expiry at interval - min(32 s, interval/3) (§10)', () => {
    const clock = new FakeClock();
    let expired = 0;
    const t = new SessionTimer(
      clock,
      90,
      false,
      () => undefined,
      () => expired++,
    );
    t.refreshed();
    clock.tick(59_999);
    expect(expired).toBe(0);
    clock.tick(1);
    expect(expired).toBe(1);
    t.refreshed();
    clock.tick(30_000);
    t.refreshed();
    clock.tick(59_999);
    t.stop();
    clock.tick(10_000);
    expect(expired).toBe(1);
  });
});
