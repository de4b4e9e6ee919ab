import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildTestApi } from '../../test-api.ts';
import type { TestApi } from '../../test-api.ts';

/*
 * TM-11 in team export and import (D58): the eventUrl travels, the
 * verification string (the signing key) does not; an import generates one.
 */

let t: TestApi;
const URL = 'https://events.example.com/switchyard';

beforeAll(async () => {
  t = await buildTestApi();
  t.store.teams.update(t.alpha.team.id, {
    eventUrl: URL,
    verificationString: 'the alpha signing key',
  });
});
afterAll(async () => t.close());

describe('TM-11 eventUrl in team export/import', () => {
  test('TM-11: GET /teams/:id/export → eventUrl included, no verification string', async () => {
    const res = await t.call(t.superToken, 'GET', `/api/v1/teams/${t.alpha.team.id}/export`);
    expect(res.statusCode, res.body).toBe(200);
    const team = (res.json() as { team: Record<string, unknown> }).team;
    expect(team.eventUrl).toBe(URL);
    expect(res.body).not.toMatch(/verification|signing key/i);
  });

  test('TM-11: import → eventUrl kept with a generated verification string, flagged', async () => {
    const doc = (
      await t.call(t.superToken, 'GET', `/api/v1/teams/${t.alpha.team.id}/export`)
    ).json() as Record<string, unknown>;
    const res = await t.call(
      t.superToken,
      'POST',
      '/api/v1/teams/import?uid=delta&name=Delta&sipDomain=delta.test',
      doc,
    );
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json() as {
      team: { id: number; eventUrl: string };
      eventUrlWithoutSecret: boolean;
    };
    expect(body.team.eventUrl).toBe(URL);
    expect(body.eventUrlWithoutSecret).toBe(true);
    const target = t.store.teams.eventTarget(body.team.id);
    expect(target?.url).toBe(URL);
    expect(target?.verificationString).not.toBe('the alpha signing key');
    expect(res.body).not.toMatch(/signing key/);
  });

  test('TM-11: an export without eventUrl (older format) → imported, not flagged', async () => {
    const doc = (
      await t.call(t.superToken, 'GET', `/api/v1/teams/${t.beta.team.id}/export`)
    ).json() as { team: Record<string, unknown> };
    delete doc.team.eventUrl;
    const res = await t.call(
      t.superToken,
      'POST',
      '/api/v1/teams/import?uid=epsilon&name=Epsilon&sipDomain=epsilon.test',
      doc,
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ team: { eventUrl: null }, eventUrlWithoutSecret: false });
  });
});
