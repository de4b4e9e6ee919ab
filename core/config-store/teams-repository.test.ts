import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { InvalidStateError } from '../index.ts';
import { openTempStore, seedTeam } from './test-store.ts';
import type { TempStore } from './test-store.ts';

let temp: TempStore;
beforeEach(() => {
  temp = openTempStore();
});
afterEach(() => temp.cleanup());

describe('TeamsRepository', () => {
  test('create() when only uid and name are given → the spec defaults (quotas 5, internal calls on)', () => {
    const team = temp.store.teams.create({ uid: 'acme', name: 'Acme' });
    expect(team).toMatchObject({
      maxAccounts: 5,
      maxAgents: 5,
      maxExtensions: 5,
      maxQueues: 5,
      maxConferenceRooms: 5,
      internalCallsAllowed: true,
      paymentMode: 'unlimited',
      sipDomain: null,
    });
    expect(team.createdAt.getTime()).toBe(temp.clock.now());
  });

  test.each(['VINA-CC', 'a b', '', 'ünï'])(
    'create() when the uid is %j → ERR_VALIDATION (TM-1)',
    (uid) => {
      expect(() => temp.store.teams.create({ uid, name: 'x' })).toThrow(
        expect.objectContaining({ code: 'ERR_VALIDATION', field: 'uid' }),
      );
    },
  );

  test('create() when uid or SIP domain is taken → ERR_TEAM_UID_TAKEN / ERR_SIP_DOMAIN_TAKEN', () => {
    temp.store.teams.create({ uid: 'acme', name: 'A', sipDomain: 'pbx.acme.test' });
    expect(() => temp.store.teams.create({ uid: 'acme', name: 'B' })).toThrow(
      expect.objectContaining({ code: 'ERR_TEAM_UID_TAKEN' }),
    );
    expect(() =>
      temp.store.teams.create({ uid: 'other', name: 'B', sipDomain: 'PBX.acme.test' }),
    ).toThrow(expect.objectContaining({ code: 'ERR_SIP_DOMAIN_TAKEN' }));
  });

  test('update() when a quota is lowered below use → allowed, and only blocks new creations (TM-2)', () => {
    const { team, account } = seedTeam(temp.store, 'acme');
    temp.store.extensions.createRange({
      teamId: team.id,
      accountId: account.id,
      firstNumber: 1,
      lastNumber: 3,
    });
    temp.clock.tick(1000);
    const updated = temp.store.teams.update(team.id, { maxExtensions: 2 });
    expect(updated.updatedAt.getTime()).toBe(updated.createdAt.getTime() + 1000);
    expect(() =>
      temp.store.extensions.create({ teamId: team.id, accountId: account.id, internalNumber: '9' }),
    ).toThrow(expect.objectContaining({ code: 'ERR_QUOTA_EXCEEDED' }));
  });

  test('delete() when the team still owns accounts → ERR_REFERENCE; when empty → gone', () => {
    const { team } = seedTeam(temp.store, 'acme');
    expect(() => temp.store.teams.delete(team.id)).toThrow(
      expect.objectContaining({ code: 'ERR_REFERENCE' }),
    );
    const empty = temp.store.teams.create({ uid: 'empty', name: 'E' });
    temp.store.teams.delete(empty.id);
    expect(temp.store.teams.find(empty.id)).toBeUndefined();
  });
});

describe('TeamsRepository.find() prepared once', () => {
  test('find() when the team changes between calls → the current row; after close → InvalidStateError', () => {
    const { team } = seedTeam(temp.store, 'acme');
    const teams = temp.store.teams;
    expect(teams.find(team.id)).toEqual(team);
    teams.update(team.id, { name: 'Acme Ltd' });
    expect(teams.find(team.id)?.name).toBe('Acme Ltd');
    expect(teams.find(team.id + 100)).toBeUndefined();
    temp.store.close();
    expect(() => teams.find(team.id)).toThrow(InvalidStateError);
  });
});
