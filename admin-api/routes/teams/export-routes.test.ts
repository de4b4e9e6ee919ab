import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashPasswordSync } from '../../../core/config-store/index.ts';
import { buildTestApi } from '../../test-api.ts';
import type { TestApi } from '../../test-api.ts';
import { TEAM_EXPORT_FORMAT_VERSION, TEAM_EXPORT_SECTIONS } from './export-routes.ts';
import type { TeamExport } from './export-routes.ts';

let t: TestApi;

beforeAll(async () => {
  t = await buildTestApi();
  for (const { team } of [t.alpha, t.beta]) {
    const owner = t.store.accounts.create({
      teamId: team.id,
      username: `owner${team.uid}`,
      accountType: 'user',
      passwordHash: hashPasswordSync('x-password'),
    });
    const extension = t.store.extensions.create({
      teamId: team.id,
      accountId: owner.id,
      internalNumber: '100',
      secret: 'sip-secret-1',
    });
    t.store.trunks.create({
      teamId: team.id,
      name: `carrier${team.uid}`,
      type: 'registration',
      host: 'sip.carrier.test',
      username: 'acct',
      secret: 'carrier-pw',
    });
    t.store.voicemailBoxes.create({ teamId: team.id, extensionId: extension.id, pin: '4321' });
  }
  t.store.trunks.create({ teamId: null, name: 'system', type: 'ipPeer', host: 'sys.test' });
});
afterAll(async () => t.close());

describe('GET /api/v1/teams/:id/export', () => {
  test('as the team admin → every section, only this team’s rows, no secrets', async () => {
    const res = await t.call(t.alpha.token, 'GET', `/api/v1/teams/${t.alpha.team.id}/export`);
    expect(res.statusCode, res.body).toBe(200);
    const doc = res.json() as TeamExport;
    expect(doc.formatVersion).toBe(TEAM_EXPORT_FORMAT_VERSION);
    expect(doc.team).toMatchObject({ id: t.alpha.team.id, uid: 'alpha' });
    expect(Object.keys(doc).sort()).toEqual(
      ['formatVersion', 'team', ...TEAM_EXPORT_SECTIONS].sort(),
    );
    for (const section of TEAM_EXPORT_SECTIONS) {
      for (const row of doc[section]) expect(row['teamId']).toBe(t.alpha.team.id);
    }
    expect(doc.extensions.map((e) => e['internalNumber'])).toEqual(['100']);
    expect(doc.trunks.map((tr) => tr['name'])).toEqual(['carrieralpha']);
    expect(doc.accounts.map((a) => a['username']).sort()).toEqual(['adminalpha', 'owneralpha']);
    expect(doc.voicemailBoxes).toHaveLength(1);
    for (const secret of ['sip-secret-1', 'carrier-pw', '4321', 'passwordHash', 'Encrypted']) {
      expect(res.body).not.toContain(secret);
    }
  });

  test('as another team’s admin → 404, as for an absent team', async () => {
    const res = await t.call(t.beta.token, 'GET', `/api/v1/teams/${t.alpha.team.id}/export`);
    expect(res.statusCode).toBe(404);
  });

  test('as superadmin for any team → 200; for an absent one → 404', async () => {
    const beta = await t.call(t.superToken, 'GET', `/api/v1/teams/${t.beta.team.id}/export`);
    expect(beta.statusCode).toBe(200);
    expect((beta.json() as TeamExport).team['uid']).toBe('beta');
    const absent = await t.call(t.superToken, 'GET', '/api/v1/teams/9999/export');
    expect(absent.statusCode).toBe(404);
  });
});
