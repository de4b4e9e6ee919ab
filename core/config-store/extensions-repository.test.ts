import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { InvalidStateError, computeHa1 } from '../index.ts';
import { STORE_FILE } from './open-store.ts';
import { openTempStore, seedTeam } from './test-store.ts';
import type { TempStore } from './test-store.ts';

let temp: TempStore;
beforeEach(() => {
  temp = openTempStore();
});
afterEach(() => temp.cleanup());

function expectCode(fn: () => unknown, code: string): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect((caught as { code?: string } | undefined)?.code).toBe(code);
}

describe('ExtensionsRepository internal numbers', () => {
  test('create() when the number is taken by an extension of the team → ERR_INTERNAL_NUMBER_TAKEN and nothing written (EXT-3)', () => {
    const { team, account } = seedTeam(temp.store, 'acme');
    temp.store.extensions.create({ teamId: team.id, accountId: account.id, internalNumber: '200' });
    expectCode(
      () =>
        temp.store.extensions.create({
          teamId: team.id,
          accountId: account.id,
          internalNumber: '200',
          name: 'second',
        }),
      'ERR_INTERNAL_NUMBER_TAKEN',
    );
    expect(temp.store.extensions.list(team.id)).toHaveLength(1);
    expect(temp.store.internalNumbers.list(team.id)).toHaveLength(1);
  });

  test('create() when the number is a queue of the team → ERR_INTERNAL_NUMBER_TAKEN (IN-1, any kind)', () => {
    const { team, account } = seedTeam(temp.store, 'acme');
    temp.store.queues.create({ teamId: team.id, number: '300', name: 'Support' });
    expectCode(
      () =>
        temp.store.extensions.create({
          teamId: team.id,
          accountId: account.id,
          internalNumber: '300',
        }),
      'ERR_INTERNAL_NUMBER_TAKEN',
    );
    expect(temp.store.extensions.list(team.id)).toEqual([]);
    expect(temp.store.internalNumbers.lookup(team.id, '300')?.kind).toBe('queue');
  });

  test('reserve() when an extension holds the number → ERR_INTERNAL_NUMBER_TAKEN', () => {
    const { team, account } = seedTeam(temp.store, 'acme');
    temp.store.extensions.create({ teamId: team.id, accountId: account.id, internalNumber: '400' });
    expectCode(
      () =>
        temp.store.internalNumbers.reserve({
          teamId: team.id,
          number: '400',
          kind: 'conferenceRoom',
          ownerId: 1,
        }),
      'ERR_INTERNAL_NUMBER_TAKEN',
    );
  });

  test('create() when another team uses the same number → succeeds', () => {
    const a = seedTeam(temp.store, 'acme');
    const b = seedTeam(temp.store, 'globex');
    temp.store.extensions.create({
      teamId: a.team.id,
      accountId: a.account.id,
      internalNumber: '100',
    });
    const other = temp.store.extensions.create({
      teamId: b.team.id,
      accountId: b.account.id,
      internalNumber: '100',
    });
    expect(other.registrationName).toBe('globex-100');
    expect(temp.store.internalNumbers.lookup(b.team.id, '100')?.ownerId).toBe(other.id);
  });

  test('createRange() when the 50th number clashes → writes none of the range', () => {
    const { team, account } = seedTeam(temp.store, 'acme');
    temp.store.internalNumbers.reserve({
      teamId: team.id,
      number: '1049',
      kind: 'ivr',
      ownerId: null,
    });
    expectCode(
      () =>
        temp.store.extensions.createRange({
          teamId: team.id,
          accountId: account.id,
          firstNumber: 1000,
          lastNumber: 1099,
        }),
      'ERR_INTERNAL_NUMBER_TAKEN',
    );
    expect(temp.store.extensions.list(team.id)).toEqual([]);
    expect(temp.store.internalNumbers.list(team.id).map((n) => n.number)).toEqual(['1049']);
  });

  test('pickupScopes() (EXT-12, D111) → the team’s extensions as pickup sees them; a change shows at once', () => {
    const { team, account } = seedTeam(temp.store, 'acme');
    const other = seedTeam(temp.store, 'other');
    const desk = temp.store.extensions.create({
      teamId: team.id,
      accountId: account.id,
      internalNumber: '1001',
      name: 'desk',
    });
    temp.store.extensions.create({
      teamId: other.team.id,
      accountId: other.account.id,
      internalNumber: '1002',
      name: 'elsewhere',
    });
    expect(temp.store.extensions.pickupScopes(team.id)).toEqual([
      {
        id: desk.id,
        teamId: team.id,
        number: '1001',
        accountId: account.id,
        pickupScope: 'accountGroup',
      },
    ]);
    temp.store.extensions.update(desk.id, { pickupScope: 'team' });
    expect(temp.store.extensions.pickupScopes(team.id)[0]?.pickupScope).toBe('team');
  });

  test('createRange() when every number is free → creates 1000–1099 in number order', () => {
    const { team, account } = seedTeam(temp.store, 'acme');
    const created = temp.store.extensions.createRange({
      teamId: team.id,
      accountId: account.id,
      firstNumber: 1000,
      lastNumber: 1099,
    });
    expect(created).toHaveLength(100);
    const numbers = temp.store.extensions.list(team.id).map((e) => e.internalNumber);
    expect(numbers[0]).toBe('1000');
    expect(numbers[99]).toBe('1099');
  });

  test('update() when the number changes → moves the namespace entry and the registration name (IN-5)', () => {
    const { team, account } = seedTeam(temp.store, 'acme');
    const ext = temp.store.extensions.create({
      teamId: team.id,
      accountId: account.id,
      internalNumber: '500',
      secret: 'Secret-500-xyz',
    });
    const moved = temp.store.extensions.update(ext.id, { internalNumber: '501' });
    expect(moved.registrationName).toBe('acme-501');
    expect(temp.store.internalNumbers.lookup(team.id, '500')).toBeUndefined();
    expect(temp.store.internalNumbers.lookup(team.id, '501')?.ownerId).toBe(ext.id);
    const creds = temp.store.extensions.findSipCredentialsByRegistrationName('acme-501');
    expect(creds?.ha1Md5).toBe(computeHa1('MD5', 'acme-501', 'acme.example.com', 'Secret-500-xyz'));
  });

  test('delete() when a DID routes to the extension → ERR_IN_USE; after the DID goes → frees the number', () => {
    const { team, account } = seedTeam(temp.store, 'acme');
    const ext = temp.store.extensions.create({
      teamId: team.id,
      accountId: account.id,
      internalNumber: '600',
    });
    const did = temp.store.dids.create({
      teamId: team.id,
      number: '5550600',
      destinationType: 'extension',
      destinationId: ext.id,
    });
    expectCode(() => temp.store.extensions.delete(ext.id), 'ERR_IN_USE');
    temp.store.dids.delete(did.id);
    temp.store.extensions.delete(ext.id);
    expect(temp.store.internalNumbers.lookup(team.id, '600')).toBeUndefined();
  });

  test('changeNumber() when a queue moves to a free number → moved; to an extension’s → ERR_INTERNAL_NUMBER_TAKEN (IN-5)', () => {
    const { team, account } = seedTeam(temp.store, 'acme');
    temp.store.extensions.create({ teamId: team.id, accountId: account.id, internalNumber: '800' });
    temp.store.internalNumbers.reserve({
      teamId: team.id,
      number: '*61',
      kind: 'featureCode',
      ownerId: null,
    });
    expect(temp.store.internalNumbers.changeNumber(team.id, '*61', '*62').number).toBe('*62');
    expectCode(
      () => temp.store.internalNumbers.changeNumber(team.id, '*62', '800'),
      'ERR_INTERNAL_NUMBER_TAKEN',
    );
    expect(temp.store.internalNumbers.lookup(team.id, '*62')?.kind).toBe('featureCode');
  });

  test('release() when the number belongs to an extension → ERR_INTERNAL_NUMBER_OWNED (IN-4)', () => {
    const { team, account } = seedTeam(temp.store, 'acme');
    temp.store.extensions.create({ teamId: team.id, accountId: account.id, internalNumber: '700' });
    expectCode(
      () => temp.store.internalNumbers.release(team.id, '700'),
      'ERR_INTERNAL_NUMBER_OWNED',
    );
  });
});

describe('ExtensionsRepository quotas and ownership', () => {
  test('create() when the team is at maxExtensions → QuotaExceededError (EXT-4)', () => {
    const { team, account } = seedTeam(temp.store, 'small', { maxExtensions: 2 });
    temp.store.extensions.create({ teamId: team.id, accountId: account.id, internalNumber: '1' });
    temp.store.extensions.create({ teamId: team.id, accountId: account.id, internalNumber: '2' });
    expectCode(
      () =>
        temp.store.extensions.create({
          teamId: team.id,
          accountId: account.id,
          internalNumber: '3',
        }),
      'ERR_QUOTA_EXCEEDED',
    );
  });

  test('createRange() when the range would pass maxExtensions → QuotaExceededError and none written (EXT-4)', () => {
    const { team, account } = seedTeam(temp.store, 'small', { maxExtensions: 5 });
    expectCode(
      () =>
        temp.store.extensions.createRange({
          teamId: team.id,
          accountId: account.id,
          firstNumber: 10,
          lastNumber: 15,
        }),
      'ERR_QUOTA_EXCEEDED',
    );
    expect(temp.store.extensions.list(team.id)).toEqual([]);
  });

  test('create() when the account is of another team → ERR_VALIDATION (ACC-3)', () => {
    const a = seedTeam(temp.store, 'acme');
    const b = seedTeam(temp.store, 'globex');
    expectCode(
      () =>
        temp.store.extensions.create({
          teamId: a.team.id,
          accountId: b.account.id,
          internalNumber: '100',
        }),
      'ERR_VALIDATION',
    );
  });
});

describe('ExtensionsRepository SIP credentials', () => {
  test('findSipCredentialsByDomain() when the extension exists → HA1 equals computeHa1(number, domain)', () => {
    const { team, account } = seedTeam(temp.store, 'acme', { sipDomain: 'PBX.Acme.Test' });
    const ext = temp.store.extensions.create({
      teamId: team.id,
      accountId: account.id,
      internalNumber: '1000',
      secret: 'Sup3r-Secret!',
    });
    const creds = temp.store.extensions.findSipCredentialsByDomain('pbx.ACME.test', '1000');
    expect(creds).toEqual({
      extensionId: ext.id,
      teamId: team.id,
      username: '1000',
      internalNumber: '1000',
      realm: 'pbx.acme.test',
      ha1Md5: computeHa1('MD5', '1000', 'pbx.acme.test', 'Sup3r-Secret!'),
      ha1Sha256: computeHa1('SHA-256', '1000', 'pbx.acme.test', 'Sup3r-Secret!'),
      isEnabled: true,
      hostRestriction: null,
      sourceRestriction: undefined,
      isExternal: false,
    });
    expect(
      temp.store.extensions.findSipCredentialsByDomain('pbx.acme.test', '1001'),
    ).toBeUndefined();
  });

  test('findSipCredentialsByRegistrationName() when the team has no domain → realm is the uid (EXT-1)', () => {
    const { team, account } = seedTeam(temp.store, 'nodomain', { sipDomain: null });
    temp.store.extensions.create({
      teamId: team.id,
      accountId: account.id,
      internalNumber: '42',
      secret: 'another-secret',
    });
    const creds = temp.store.extensions.findSipCredentialsByRegistrationName('nodomain-42');
    expect(creds?.realm).toBe('nodomain');
    expect(creds?.username).toBe('nodomain-42');
    expect(creds?.ha1Sha256).toBe(
      computeHa1('SHA-256', 'nodomain-42', 'nodomain', 'another-secret'),
    );
  });

  test('teams.update() when the SIP domain changes → recomputes the HA1 for the new realm', () => {
    const { team, account } = seedTeam(temp.store, 'acme');
    temp.store.extensions.create({
      teamId: team.id,
      accountId: account.id,
      internalNumber: '1000',
      secret: 'rotating-realm',
    });
    temp.store.teams.update(team.id, { sipDomain: 'new.acme.test' });
    const creds = temp.store.extensions.findSipCredentialsByDomain('new.acme.test', '1000');
    expect(creds?.ha1Md5).toBe(computeHa1('MD5', '1000', 'new.acme.test', 'rotating-realm'));
    expect(temp.store.extensions.findSipCredentialsByDomain('acme.example.com', '1000')).toBe(
      undefined,
    );
  });

  test('getSipSecret() when a secret was stored → returns it, while listings and the db file never hold it', () => {
    const { team, account } = seedTeam(temp.store, 'acme');
    const secret = 'ClearTextNeverOnDisk42';
    const ext = temp.store.extensions.create({
      teamId: team.id,
      accountId: account.id,
      internalNumber: '900',
      secret,
    });
    expect(temp.store.extensions.getSipSecret(ext.id)).toBe(secret);
    const listed = JSON.stringify([ext, temp.store.extensions.list(team.id)]);
    expect(listed).not.toContain(secret);
    expect(listed).not.toContain('ha1');
    expect(listed).not.toContain('gcm1$');

    const files = [STORE_FILE, `${STORE_FILE}-wal`].map((f) => join(temp.dataDir, f));
    for (const file of files.filter((f) => existsSync(f))) {
      expect(readFileSync(file).includes(secret)).toBe(false);
    }
    temp.store.close();
    const onDisk = readFileSync(files[0]!);
    expect(onDisk.includes('acme-900')).toBe(true);
    expect(onDisk.includes(secret)).toBe(false);
    expect(temp.reopen().extensions.getSipSecret(ext.id)).toBe(secret);
  });

  test('setSipSecret() when given a new secret → HA1 and stored secret follow', () => {
    const { team, account } = seedTeam(temp.store, 'acme');
    const ext = temp.store.extensions.create({
      teamId: team.id,
      accountId: account.id,
      internalNumber: '901',
    });
    temp.store.extensions.setSipSecret(ext.id, 'brand-new-secret');
    expect(temp.store.extensions.getSipSecret(ext.id)).toBe('brand-new-secret');
    const creds = temp.store.extensions.findSipCredentialsByDomain('acme.example.com', '901');
    expect(creds?.ha1Md5).toBe(computeHa1('MD5', '901', 'acme.example.com', 'brand-new-secret'));
  });
});

describe('ExtensionsRepository.find() prepared once', () => {
  test('find() when the row changes between calls → the current row, without secrets', () => {
    const { team, account } = seedTeam(temp.store, 'acme');
    const created = temp.store.extensions.create({
      teamId: team.id,
      accountId: account.id,
      internalNumber: '100',
    });
    expect(temp.store.extensions.find(created.id)).toEqual(created);
    temp.store.extensions.update(created.id, { name: 'Front desk' });
    const found = temp.store.extensions.find(created.id);
    expect(found?.name).toBe('Front desk');
    expect(found?.createdAt).toBeInstanceOf(Date);
    expect(found).not.toHaveProperty('secretEncrypted');
    expect(found).not.toHaveProperty('ha1Md5');
    expect(temp.store.extensions.find(created.id + 1)).toBeUndefined();
    temp.store.extensions.delete(created.id);
    expect(temp.store.extensions.find(created.id)).toBeUndefined();
  });

  test('find() inside a transaction → sees its uncommitted rows; after close → InvalidStateError', () => {
    const { team, account } = seedTeam(temp.store, 'acme');
    const extensions = temp.store.extensions;
    extensions.find(1);
    temp.store.transaction(() => {
      const created = extensions.create({
        teamId: team.id,
        accountId: account.id,
        internalNumber: '101',
      });
      expect(extensions.find(created.id)?.internalNumber).toBe('101');
    });
    temp.store.close();
    expect(() => extensions.find(1)).toThrow(InvalidStateError);
  });
});
