import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { importTeam, type ImportRow } from './team-import.ts';
import { openTempStore, seedTeam } from './test-store.ts';
import type { TempStore } from './test-store.ts';

let temp: TempStore;
beforeEach(() => {
  temp = openTempStore();
});
afterEach(() => temp.cleanup());

/** The field of the ValidationError `fn` throws, or undefined. */
function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string; field?: string }).code === 'ERR_VALIDATION'
      ? (error as { field: string }).field
      : `other: ${String(error)}`;
  }
  return undefined;
}

describe('ExtensionsRepository host lock (EXT-2)', () => {
  test('EXT-2 create() when hostRestriction is a host name → ValidationError naming hostRestriction', () => {
    const { team, account } = seedTeam(temp.store, 'acme');
    const field = fieldOf(() =>
      temp.store.extensions.create({
        teamId: team.id,
        accountId: account.id,
        internalNumber: '1000',
        hostRestriction: 'pbx.example.com',
      }),
    );
    expect(field).toBe('hostRestriction');
    expect(temp.store.extensions.list(team.id)).toEqual([]);
  });

  test('EXT-2 create() and update() → the lock is trimmed, blank is null; credentials carry it parsed', () => {
    const { team, account } = seedTeam(temp.store, 'acme', { sipDomain: 'acme.test' });
    const ext = temp.store.extensions.create({
      teamId: team.id,
      accountId: account.id,
      internalNumber: '1000',
      hostRestriction: ' 192.0.2.0/24 ',
    });
    expect(ext.hostRestriction).toBe('192.0.2.0/24');
    const locked = temp.store.extensions.findSipCredentialsByDomain('acme.test', '1000');
    expect(locked?.sourceRestriction?.allows('192.0.2.9')).toBe(true);
    expect(locked?.sourceRestriction?.allows('198.51.100.1')).toBe(false);
    expect(fieldOf(() => temp.store.extensions.update(ext.id, { hostRestriction: 'x/1' }))).toBe(
      'hostRestriction',
    );
    expect(temp.store.extensions.update(ext.id, { hostRestriction: '  ' }).hostRestriction).toBe(
      null,
    );
    const open = temp.store.extensions.findSipCredentialsByDomain('acme.test', '1000');
    expect(open?.sourceRestriction).toBeUndefined();
  });
});

describe('ExtensionsRepository external extensions (EXT-15)', () => {
  test('EXT-15 create() of deviceType external without externalNumber → ValidationError naming externalNumber', () => {
    const { team, account } = seedTeam(temp.store, 'acme');
    const base = { teamId: team.id, accountId: account.id, internalNumber: '1005' };
    expect(fieldOf(() => temp.store.extensions.create({ ...base, deviceType: 'external' }))).toBe(
      'externalNumber',
    );
    expect(
      fieldOf(() =>
        temp.store.extensions.create({ ...base, deviceType: 'external', externalNumber: '+55' }),
      ),
    ).toBe('externalNumber');
    const ext = temp.store.extensions.create({
      ...base,
      deviceType: 'external',
      externalNumber: '5551234',
    });
    expect(ext.externalNumber).toBe('5551234');
    expect(fieldOf(() => temp.store.extensions.update(ext.id, { externalNumber: null }))).toBe(
      'externalNumber',
    );
  });

  test('EXT-15 update() to deviceType external → needs the number in the same patch', () => {
    const { team, account } = seedTeam(temp.store, 'acme', { sipDomain: 'acme.test' });
    const ext = temp.store.extensions.create({
      teamId: team.id,
      accountId: account.id,
      internalNumber: '1005',
    });
    expect(fieldOf(() => temp.store.extensions.update(ext.id, { deviceType: 'external' }))).toBe(
      'externalNumber',
    );
    temp.store.extensions.update(ext.id, { deviceType: 'external', externalNumber: '5551234' });
    const credentials = temp.store.extensions.findSipCredentialsByDomain('acme.test', '1005');
    expect(credentials?.isExternal).toBe(true);
  });
});

describe('ExtensionsRepository ringback (EXT-13)', () => {
  test('EXT-13 create() with a MOH class of the team or the system → stored; of another team → ValidationError', () => {
    const { team, account } = seedTeam(temp.store, 'acme');
    const other = seedTeam(temp.store, 'other');
    const own = temp.store.mohClasses.create({ teamId: team.id, name: 'Own', identifier: 'own' });
    const foreign = temp.store.mohClasses.create({
      teamId: other.team.id,
      name: 'Theirs',
      identifier: 'theirs',
    });
    const system = temp.store.mohClasses.create({ teamId: null, name: 'Sys', identifier: 'sys' });
    const base = { teamId: team.id, accountId: account.id };
    const a = temp.store.extensions.create({
      ...base,
      internalNumber: '1000',
      ringbackMohClassId: own.id,
    });
    expect(a.ringbackMohClassId).toBe(own.id);
    expect(
      temp.store.extensions.update(a.id, { ringbackMohClassId: system.id }).ringbackMohClassId,
    ).toBe(system.id);
    expect(
      fieldOf(() =>
        temp.store.extensions.create({
          ...base,
          internalNumber: '1001',
          ringbackMohClassId: foreign.id,
        }),
      ),
    ).toBe('ringbackMohClassId');
    expect(fieldOf(() => temp.store.extensions.update(a.id, { ringbackMohClassId: 9999 }))).toBe(
      'ringbackMohClassId',
    );
  });
});

test('EXT-13 importTeam() → the ringback class is mapped to the imported team’s copy', async () => {
  const { team, account } = seedTeam(temp.store, 'acme');
  const cls = temp.store.mohClasses.create({ teamId: team.id, name: 'Own', identifier: 'own' });
  temp.store.extensions.create({
    teamId: team.id,
    accountId: account.id,
    internalNumber: '1000',
    ringbackMohClassId: cls.id,
  });
  const json = (rows: readonly object[]) => JSON.parse(JSON.stringify(rows)) as ImportRow[];
  const result = await importTeam(
    temp.store,
    {
      team: json([team])[0]!,
      accounts: json(temp.store.accounts.list(team.id)),
      mohClasses: json([cls]),
      extensions: json(temp.store.extensions.list(team.id)),
    },
    { uid: 'copy', name: 'Copy', sipDomain: 'copy.test' },
  );
  const copied = temp.store.extensions.list(result.team.id)[0]!;
  const copiedClass = temp.store.mohClasses.list(result.team.id).find((c) => c.teamId !== null)!;
  expect(copied.ringbackMohClassId).toBe(copiedClass.id);
  expect(copiedClass.id).not.toBe(cls.id);
});
