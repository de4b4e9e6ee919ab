import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashPasswordSync } from '../../core/config-store/index.ts';
import { buildTestApi, login, TEST_PASSWORD } from '../test-api.ts';
import type { TestApi } from '../test-api.ts';
import { isInsideExportWindow, localMinutes } from './export-window.ts';

/*
 * AC-8: accounts with exportTimeLimited export only inside the system's
 * export window. The test API's FakeClock starts at 2026-01-01 00:00 UTC,
 * which is 08:00 in Asia/Shanghai.
 */

const MIN = 60_000;

describe('isInsideExportWindow() (AC-8)', () => {
  const at = (hhmm: string) =>
    Date.UTC(2026, 0, 1, Number(hhmm.slice(0, 2)), Number(hhmm.slice(3)));
  test.each([
    ['09:00', '17:00', '08:59', false],
    ['09:00', '17:00', '09:00', true],
    ['09:00', '17:00', '16:59', true],
    ['09:00', '17:00', '17:00', false],
    ['22:00', '06:00', '23:30', true],
    ['22:00', '06:00', '05:59', true],
    ['22:00', '06:00', '06:00', false],
    ['22:00', '06:00', '12:00', false],
  ])('window %s–%s UTC at %s → %s', (start, end, now, expected) => {
    expect(isInsideExportWindow({ start, end, timezone: 'UTC' }, at(now))).toBe(expected);
  });

  test('localMinutes() when the zone is Asia/Shanghai → UTC+8', () => {
    expect(localMinutes(at('00:30'), 'Asia/Shanghai')).toBe(8 * 60 + 30);
  });
});

describe('AC-8 export window through the API', () => {
  let t: TestApi;
  let limitedAdminToken: string;

  beforeAll(async () => {
    t = await buildTestApi();
    t.store.accounts.create({
      teamId: t.alpha.team.id,
      username: 'nightshift',
      accountType: 'teamAdmin',
      passwordHash: hashPasswordSync(TEST_PASSWORD),
      exportTimeLimited: true,
    });
    limitedAdminToken = await login(t.app, 'nightshift', 'alpha');
  });

  afterAll(async () => {
    await t.close();
  });

  const setWindow = (exportWindow: unknown) =>
    t.call(t.superToken, 'PATCH', '/api/v1/system/settings', { exportWindow });
  const exportTeam = (token: string) =>
    t.call(token, 'GET', `/api/v1/teams/${t.alpha.team.id}/export`);

  test('AC-8: PATCH /system/settings exportWindow → stored and returned; bad ones → 400', async () => {
    const res = await setWindow({ start: '09:00', end: '17:00', timezone: 'Asia/Shanghai' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      exportWindow: { start: '09:00', end: '17:00', timezone: 'Asia/Shanghai' },
    });
    for (const bad of [
      { start: '9:00', end: '17:00', timezone: 'UTC' },
      { start: '09:00', end: '24:00', timezone: 'UTC' },
      { start: '09:00', end: '09:00', timezone: 'UTC' },
      { start: '09:00', end: '17:00', timezone: 'Mars/Olympus' },
    ]) {
      expect((await setWindow(bad)).statusCode, JSON.stringify(bad)).toBe(400);
    }
  });

  test('AC-8: limited account outside the window → 403 ERR_EXPORT_WINDOW; unlimited → 200', async () => {
    // 08:00 in Shanghai, before the 09:00–17:00 window.
    await setWindow({ start: '09:00', end: '17:00', timezone: 'Asia/Shanghai' });
    const refused = await exportTeam(limitedAdminToken);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'ERR_EXPORT_WINDOW' });
    expect((await exportTeam(t.alpha.token)).statusCode).toBe(200);
  });

  test('AC-8: the search panels’ list exports (D100) are exports too → 403 outside the window', async () => {
    await setWindow({ start: '09:00', end: '17:00', timezone: 'Asia/Shanghai' });
    for (const path of ['/api/v1/extensions/export', '/api/v1/did-logs/export']) {
      const refused = await t.call(limitedAdminToken, 'GET', path);
      expect(refused.statusCode, path).toBe(403);
      expect(refused.json()).toMatchObject({ code: 'ERR_EXPORT_WINDOW' });
    }
    expect((await t.call(t.alpha.token, 'GET', '/api/v1/extensions/export')).statusCode).toBe(200);
  });

  test('AC-8: the clock enters the window → the same export → 200; it leaves → 403', async () => {
    t.clock.tick(60 * MIN);
    expect((await exportTeam(limitedAdminToken)).statusCode).toBe(200);
    await setWindow({ start: '08:00', end: '09:00', timezone: 'Asia/Shanghai' });
    t.clock.tick(1 * MIN);
    expect((await exportTeam(limitedAdminToken)).statusCode).toBe(403);
  });

  test('AC-8: no window (null) → no limit; non-export routes are never limited', async () => {
    expect((await t.call(limitedAdminToken, 'GET', '/api/v1/extensions')).statusCode).toBe(200);
    const cleared = await setWindow(null);
    expect(cleared.json()).toMatchObject({ exportWindow: null });
    expect((await exportTeam(limitedAdminToken)).statusCode).toBe(200);
  });

  test('AC-8: PATCH /accounts/:id exportTimeLimited → stored and shown', async () => {
    const res = await t.call(t.alpha.token, 'PATCH', `/api/v1/accounts/${t.alpha.adminId}`, {
      exportTimeLimited: true,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ exportTimeLimited: true });
  });
});
