import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { openTempStore, seedTeam, testPasswordHash } from './test-store.ts';
import type { TempStore } from './test-store.ts';

/*
 * The batch-2 repositories (account groups, agents, agent groups, ring
 * groups, queues) below the admin API: persistence, the shared namespace,
 * and what a delete leaves behind.
 */

let temp: TempStore;
beforeEach(() => {
  temp = openTempStore();
});
afterEach(() => temp.cleanup());

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('PBX repositories', () => {
  test('callerLists.screeningRules() (BL-1, D111) → the team’s enabled entries; a change shows at once', () => {
    const { team } = seedTeam(temp.store, 'acme');
    const other = seedTeam(temp.store, 'other');
    const black = temp.store.callerLists.create({
      teamId: team.id,
      listType: 'black',
      numberPattern: '13800000000',
    });
    temp.store.callerLists.create({ teamId: other.team.id, listType: 'black', numberPattern: '1' });
    const numbers = () =>
      temp.store.callerLists.screeningRules(team.id).map((r) => r.numberPattern);
    expect(numbers()).toEqual(['13800000000']);
    temp.store.callerLists.update(black.id, { status: 'disabled' });
    expect(numbers()).toEqual([]);
    temp.store.callerLists.create({ teamId: team.id, listType: 'white', numberPattern: '1000' });
    expect(numbers()).toEqual(['1000']);
  });

  test('reopen() → groups, members and namespace entries persist across a restart', () => {
    const { team, account } = seedTeam(temp.store, 'acme');
    const ext = temp.store.extensions.create({
      teamId: team.id,
      accountId: account.id,
      internalNumber: '100',
    });
    const group = temp.store.accountGroups.create({
      teamId: team.id,
      name: 'Sales',
      members: [{ accountId: account.id, isGroupAdmin: true }],
    });
    const ring = temp.store.ringGroups.create({
      teamId: team.id,
      name: 'sales',
      internalNumber: '600',
      extensionIds: [ext.id],
    });
    const store = temp.reopen();
    expect(store.accountGroups.findByAccount(account.id)).toEqual(group);
    expect(store.ringGroups.find(ring.id)).toEqual(ring);
    expect(store.internalNumbers.lookup(team.id, '600')).toMatchObject({
      kind: 'ringGroup',
      ownerId: ring.id,
    });
  });

  test('internalNumbers.release() of a queue or ring-group number → ERR_INTERNAL_NUMBER_OWNED (IN-4)', () => {
    const { team } = seedTeam(temp.store, 'acme');
    temp.store.queues.create({ teamId: team.id, number: '700', name: 'Q' });
    temp.store.ringGroups.create({ teamId: team.id, name: 'R', internalNumber: '701' });
    expect(codeOf(() => temp.store.internalNumbers.release(team.id, '700'))).toBe(
      'ERR_INTERNAL_NUMBER_OWNED',
    );
    expect(codeOf(() => temp.store.internalNumbers.changeNumber(team.id, '701', '702'))).toBe(
      'ERR_INTERNAL_NUMBER_OWNED',
    );
  });

  test('agents.create() without a hashPassword() hash → ERR_VALIDATION; findByAgentNo() finds by team', () => {
    const { team, account } = seedTeam(temp.store, 'acme');
    const base = { teamId: team.id, accountId: account.id, agentNo: '81' };
    expect(codeOf(() => temp.store.agents.create({ ...base, passwordHash: 'plain' }))).toBe(
      'ERR_VALIDATION',
    );
    const agent = temp.store.agents.create({ ...base, passwordHash: testPasswordHash() });
    expect(temp.store.agents.findByAgentNo(team.id, '81')).toEqual(agent);
    expect(agent).not.toHaveProperty('passwordHash');
  });

  test('delete() of a group → its member rows go, the members stay; the team still refuses deletion', () => {
    const { team, account } = seedTeam(temp.store, 'acme');
    const agent = temp.store.agents.create({
      teamId: team.id,
      accountId: account.id,
      agentNo: '1',
      passwordHash: testPasswordHash(),
    });
    const group = temp.store.agentGroups.create({
      teamId: team.id,
      name: 'G',
      members: [{ agentId: agent.id }],
    });
    expect(temp.store.references.firstReferrer('agent', agent.id)).toMatchObject({
      resource: 'agentGroup',
      id: group.id,
    });
    temp.store.agentGroups.delete(group.id);
    expect(temp.store.references.firstReferrer('agent', agent.id)).toBeUndefined();
    expect(temp.store.agents.find(agent.id)).toBeDefined();
    const empty = temp.store.teams.create({ uid: 'empty', name: 'Empty' });
    temp.store.queues.create({ teamId: empty.id, number: '1', name: 'Lonely' });
    expect(temp.store.references.firstReferrer('team', empty.id)).toMatchObject({
      resource: 'queue',
    });
  });

  test('queues.update() to a new failover type without a target → the old target is dropped', () => {
    const { team, account } = seedTeam(temp.store, 'acme');
    const ext = temp.store.extensions.create({
      teamId: team.id,
      accountId: account.id,
      internalNumber: '100',
    });
    const queue = temp.store.queues.create({
      teamId: team.id,
      number: '700',
      name: 'Q',
      failoverType: 'extension',
      failoverTargetId: ext.id,
    });
    expect(temp.store.queues.update(queue.id, { failoverType: 'busy' })).toMatchObject({
      failoverType: 'busy',
      failoverTargetId: null,
    });
  });

  test('the team probe → names a work-hours schedule, trunk group or screening entry before deletion', () => {
    const probes: Array<[string, (teamId: number) => unknown]> = [
      [
        'workHours',
        (teamId) =>
          temp.store.workHours.create({
            teamId,
            name: 'Office',
            intervals: [
              {
                name: 'All day',
                startDate: null,
                endDate: null,
                startTime: '00:00',
                endTime: '23:59',
                startWeekday: null,
                endWeekday: null,
              },
            ],
          }),
      ],
      ['trunkGroup', (teamId) => temp.store.trunkGroups.create({ teamId, name: 'TG' })],
      [
        'callerListEntry',
        (teamId) =>
          temp.store.callerLists.create({ teamId, listType: 'black', numberPattern: '1' }),
      ],
      [
        'inboundRoute',
        (teamId) => temp.store.inboundRoutes.create({ teamId, name: 'r', destinationType: 'end' }),
      ],
    ];
    for (const [resource, make] of probes) {
      const team = temp.store.teams.create({ uid: `t${resource}`, name: resource });
      make(team.id);
      expect(temp.store.references.firstReferrer('team', team.id)).toMatchObject({ resource });
      expect(codeOf(() => temp.store.teams.delete(team.id))).toBe('ERR_REFERENCE');
    }
  });

  test('inboundRoutes.update() to destination end → the old destination id is dropped', () => {
    const { team, account } = seedTeam(temp.store, 'acme');
    const ext = temp.store.extensions.create({
      teamId: team.id,
      accountId: account.id,
      internalNumber: '100',
    });
    const route = temp.store.inboundRoutes.create({
      teamId: team.id,
      name: 'r',
      destinationType: 'extension',
      destinationId: ext.id,
    });
    expect(temp.store.references.firstReferrer('extension', ext.id)).toMatchObject({
      resource: 'inboundRoute',
      id: route.id,
    });
    expect(temp.store.inboundRoutes.update(route.id, { destinationType: 'end' })).toMatchObject({
      destinationType: 'end',
      destinationId: null,
    });
    expect(temp.store.references.firstReferrer('extension', ext.id)).toBeUndefined();
  });
});
