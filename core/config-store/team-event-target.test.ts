import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { openTempStore } from './test-store.ts';
import type { TempStore } from './test-store.ts';

let temp: TempStore;
beforeEach(() => {
  temp = openTempStore();
});
afterEach(() => temp.cleanup());

const URL_OK = 'https://hooks.acme.test/switchyard?tenant=7';

describe('TeamsRepository TM-11 event settings', () => {
  test('create() with eventUrl and verificationString → eventTarget() gives them with the realm; the row type has no secret', () => {
    const team = temp.store.teams.create({
      uid: 'acme',
      name: 'Acme',
      sipDomain: 'pbx.acme.test',
      eventUrl: URL_OK,
      verificationString: 'whsec-1',
    });
    expect(team.eventUrl).toBe(URL_OK);
    expect(Object.keys(team)).not.toContain('verificationStringEncrypted');
    expect(temp.store.teams.eventTarget(team.id)).toEqual({
      url: URL_OK,
      verificationString: 'whsec-1',
      realm: 'pbx.acme.test',
    });
  });

  test('the verification string → stored encrypted, not in clear in the database file', () => {
    temp.store.teams.create({
      uid: 'acme',
      name: 'Acme',
      eventUrl: URL_OK,
      verificationString: 'plain-secret-xyz',
    });
    temp.store.close();
    const bytes = readFileSync(join(temp.dataDir, 'switchyard.db'));
    expect(bytes.includes('plain-secret-xyz')).toBe(false);
    const reopened = temp.reopen();
    const team = reopened.teams.findByUid('acme')!;
    expect(reopened.teams.eventTarget(team.id)?.verificationString).toBe('plain-secret-xyz');
  });

  test('update() with a new eventUrl keeps the stored secret; null eventUrl → no target (uid as realm)', () => {
    const team = temp.store.teams.create({ uid: 'acme', name: 'Acme' });
    expect(temp.store.teams.eventTarget(team.id)).toBeUndefined();
    temp.store.teams.update(team.id, { eventUrl: URL_OK, verificationString: 's1' });
    temp.store.teams.update(team.id, { eventUrl: 'http://hooks.acme.test/v2' });
    expect(temp.store.teams.eventTarget(team.id)).toEqual({
      url: 'http://hooks.acme.test/v2',
      verificationString: 's1',
      realm: 'acme',
    });
    temp.store.teams.update(team.id, { eventUrl: null });
    expect(temp.store.teams.eventTarget(team.id)).toBeUndefined();
  });

  test.each([
    ['ftp://hooks.acme.test/x', 'eventUrl'],
    ['https://u:p@hooks.acme.test/x', 'eventUrl'],
    [`https://hooks.acme.test/${'a'.repeat(500)}`, 'eventUrl'],
  ])('update() with eventUrl %s → ERR_VALIDATION naming %s', (eventUrl, field) => {
    const team = temp.store.teams.create({ uid: 'acme', name: 'Acme' });
    expect(() => temp.store.teams.update(team.id, { eventUrl, verificationString: 's' })).toThrow(
      expect.objectContaining({ code: 'ERR_VALIDATION', field }),
    );
  });

  test('an eventUrl without a verification string, or removing the string while a URL is set → ERR_VALIDATION naming verificationString', () => {
    expect(() => temp.store.teams.create({ uid: 'acme', name: 'Acme', eventUrl: URL_OK })).toThrow(
      expect.objectContaining({ field: 'verificationString' }),
    );
    const team = temp.store.teams.create({ uid: 'acme', name: 'Acme' });
    expect(() => temp.store.teams.update(team.id, { eventUrl: URL_OK })).toThrow(
      expect.objectContaining({ field: 'verificationString' }),
    );
    temp.store.teams.update(team.id, { eventUrl: URL_OK, verificationString: 's' });
    expect(() => temp.store.teams.update(team.id, { verificationString: null })).toThrow(
      expect.objectContaining({ field: 'verificationString' }),
    );
  });
});
