import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { openTempStore, seedTeam, type TempStore } from './test-store.ts';

/*
 * The store side of issue 7's outbound rules (D39): trunk rules (TRK-6),
 * the team's default target (TM-5), route actions (OR-4) and the routes
 * of account groups (AG-2).
 */

let temp: TempStore;
beforeEach(() => {
  temp = openTempStore();
});
afterEach(() => temp.cleanup());

const trunk = (teamId: number | null, name: string) =>
  temp.store.trunks.create({
    teamId,
    name,
    type: 'ipPeer',
    host: '198.51.100.1',
    codecs: ['PCMU'],
  });

describe('TrunkRulesRepository', () => {
  test('TRK-6 list() when a team is given → rules of its trunks and of system trunks only', () => {
    const { team } = seedTeam(temp.store, 'alpha');
    const { team: other } = seedTeam(temp.store, 'beta');
    const own = temp.store.trunkRules.create({ trunkId: trunk(team.id, 'own').id });
    const shared = temp.store.trunkRules.create({ trunkId: trunk(null, 'shared').id });
    temp.store.trunkRules.create({ trunkId: trunk(other.id, 'theirs').id });
    expect(temp.store.trunkRules.list(team.id).map((r) => [r.id, r.teamId])).toEqual([
      [own.id, team.id],
      [shared.id, null],
    ]);
  });

  test('TG-4 enabledFor() → enabled rules only, refreshed after a write', () => {
    const { team } = seedTeam(temp.store, 'alpha');
    const trunkId = trunk(team.id, 'own').id;
    const rule = temp.store.trunkRules.create({ trunkId, numberPrefix: '0' });
    expect(temp.store.trunkRules.enabledFor(trunkId).map((r) => r.id)).toEqual([rule.id]);
    temp.store.trunkRules.update(rule.id, { enabled: false });
    expect(temp.store.trunkRules.enabledFor(trunkId)).toEqual([]);
  });
});

describe('teams outbound target (TM-5)', () => {
  test('TM-5 create() with a system trunk → stored; with a team trunk of another team → ValidationError', () => {
    const system = trunk(null, 'shared');
    const team = temp.store.teams.create({
      uid: 'withtarget',
      name: 'With target',
      outboundTargetType: 'trunk',
      outboundTargetId: system.id,
    });
    expect(team).toMatchObject({ outboundTargetType: 'trunk', outboundTargetId: system.id });
    const foreign = trunk(team.id, 'own');
    expect(() =>
      temp.store.teams.create({
        uid: 'other',
        name: 'Other',
        outboundTargetType: 'trunk',
        outboundTargetId: foreign.id,
      }),
    ).toThrow(expect.objectContaining({ field: 'outboundTargetId' }));
  });

  test('TM-5 update() to none → the id is cleared too', () => {
    const { team } = seedTeam(temp.store, 'alpha');
    const own = trunk(team.id, 'own');
    temp.store.teams.update(team.id, { outboundTargetType: 'trunk', outboundTargetId: own.id });
    expect(temp.store.teams.update(team.id, { outboundTargetType: 'none' })).toMatchObject({
      outboundTargetType: 'none',
      outboundTargetId: null,
    });
  });
});

describe('outbound routes actions (OR-4) and group sets (AG-2)', () => {
  test('OR-4 update() from queue to dialOut → the target is cleared; a queue of the team is accepted', () => {
    const { team } = seedTeam(temp.store, 'alpha');
    const queue = temp.store.queues.create({ teamId: team.id, number: '800', name: 'q' });
    const route = temp.store.outboundRoutes.create({
      teamId: team.id,
      name: 'to queue',
      action: 'queue',
      actionTargetId: queue.id,
    });
    expect(temp.store.references.firstReferrer('queue', queue.id)).toMatchObject({
      resource: 'outboundRoute',
      id: route.id,
    });
    const own = trunk(team.id, 'own');
    expect(
      temp.store.outboundRoutes.update(route.id, { action: 'dialOut', trunkId: own.id }),
    ).toMatchObject({ action: 'dialOut', actionTargetId: null, trunkId: own.id });
  });

  test('AG-2 deleting a route → it leaves the group’s set; deleting the group → the route is the team’s again', () => {
    const { team, account } = seedTeam(temp.store, 'alpha');
    const own = trunk(team.id, 'own');
    const route = temp.store.outboundRoutes.create({ teamId: team.id, name: 'r', trunkId: own.id });
    const spare = temp.store.outboundRoutes.create({ teamId: team.id, name: 's', trunkId: own.id });
    const group = temp.store.accountGroups.create({
      teamId: team.id,
      name: 'g',
      members: [{ accountId: account.id }],
      outboundRouteIds: [route.id, spare.id],
    });
    expect(temp.store.outboundRoutes.findCandidates(team.id, '123')).toEqual([]);
    temp.store.outboundRoutes.delete(spare.id);
    expect(temp.store.accountGroups.find(group.id)?.outboundRouteIds).toEqual([route.id]);
    temp.store.accountGroups.delete(group.id);
    expect(temp.store.outboundRoutes.findCandidates(team.id, '123').map((r) => r.id)).toEqual([
      route.id,
    ]);
  });
});
