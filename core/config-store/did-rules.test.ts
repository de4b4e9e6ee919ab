import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ValidationError } from '../index.ts';
import type { ConfigStore } from './open-store.ts';
import { importTeam } from './team-import.ts';
import type { ImportRow } from './team-import.ts';
import { openTempStore, seedTeam } from './test-store.ts';
import type { TempStore } from './test-store.ts';

/*
 * The store side of the DID rules of issue 7: DID language (DID-2), the
 * DID log (DID-6, DIDL-1), DID-group route conditions (DG-2, DG-4) and a
 * team's default traffic (TM-12).
 */

let temp: TempStore;
let store: ConfigStore;
let teamId: number;
let otherTeamId: number;
let ext: { a: number; b: number; foreign: number };

beforeEach(() => {
  temp = openTempStore();
  store = temp.store;
  const acme = seedTeam(store, 'acme');
  const other = seedTeam(store, 'other');
  teamId = acme.team.id;
  otherTeamId = other.team.id;
  const mk = (t: number, accountId: number, n: string) =>
    store.extensions.create({ teamId: t, accountId, internalNumber: n }).id;
  ext = {
    a: mk(teamId, acme.account.id, '100'),
    b: mk(teamId, acme.account.id, '101'),
    foreign: mk(otherTeamId, other.account.id, '100'),
  };
});
afterEach(() => temp.cleanup());

const logs = (t = teamId) => store.didLogs.list({ teamId: t, limit: 100 }).reverse();
const fieldOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return error instanceof ValidationError ? error.field : `not a ValidationError: ${error}`;
  }
  return undefined;
};

describe('DID language (DID-2)', () => {
  test('DID-2 dids.create() without a language → cn, the spec’s default', () => {
    const did = store.dids.create({ teamId, number: '5550100', destinationType: 'extension' });
    expect(did.language).toBe('cn');
  });

  test('DID-2 dids.create()/update() with a language → stored; null → the system default', () => {
    const did = store.dids.create({
      teamId,
      number: '5550100',
      destinationType: 'extension',
      language: 'fr',
    });
    expect(did.language).toBe('fr');
    expect(store.dids.update(did.id, { language: null }).language).toBeNull();
  });
});

describe('DID log (DID-6, DIDL-1)', () => {
  test('DID-6 dids.create() bound to an extension → one bound row naming number, holder and operator', () => {
    temp.clock.tick(1000);
    store.dids.create(
      { teamId, number: '5550100', destinationType: 'extension', destinationId: ext.a },
      'alice',
    );
    expect(logs()).toMatchObject([
      {
        teamId,
        didNumber: '5550100',
        extensionId: ext.a,
        extensionNumber: '100',
        username: 'owneracme',
        status: 'bound',
        operator: 'alice',
        createdAt: new Date(temp.clock.now()),
      },
    ]);
  });

  test('DIDL-1 dids.update() rebinding → released for the old holder, then bound for the new', () => {
    const did = store.dids.create({
      teamId,
      number: '5550100',
      destinationType: 'extension',
      destinationId: ext.a,
    });
    store.dids.update(did.id, { destinationId: ext.b }, 'bob');
    expect(logs().map((l) => [l.status, l.extensionNumber, l.operator])).toEqual([
      ['bound', '100', 'system'],
      ['released', '100', 'bob'],
      ['bound', '101', 'bob'],
    ]);
  });

  test('DIDL-1 dids.update() unbinding, then delete() of an unbound DID → one released row', () => {
    const did = store.dids.create({
      teamId,
      number: '5550100',
      destinationType: 'extension',
      destinationId: ext.a,
    });
    store.dids.update(did.id, { destinationId: null });
    store.dids.delete(did.id);
    expect(logs().map((l) => l.status)).toEqual(['bound', 'released']);
  });

  test('DIDL-1 dids.delete() of a bound DID → released; the row outlives the DID', () => {
    const did = store.dids.create({
      teamId,
      number: '5550100',
      destinationType: 'extension',
      destinationId: ext.a,
    });
    store.dids.delete(did.id, 'carol');
    expect(store.dids.find(did.id)).toBeUndefined();
    expect(logs().at(-1)).toMatchObject({ status: 'released', didId: did.id, operator: 'carol' });
  });

  test('DID-6 dids.update() not touching the binding → no row', () => {
    const did = store.dids.create({
      teamId,
      number: '5550100',
      destinationType: 'extension',
      destinationId: ext.a,
    });
    store.dids.update(did.id, { remark: 'main line', language: 'en' });
    expect(logs()).toHaveLength(1);
  });

  test('DID-6 dids.update() refused → no row, the binding unchanged', () => {
    const did = store.dids.create({
      teamId,
      number: '5550100',
      destinationType: 'extension',
      destinationId: ext.a,
    });
    expect(() => store.dids.update(did.id, { destinationId: ext.foreign })).toThrow();
    expect(logs()).toHaveLength(1);
    expect(store.dids.get(did.id).destinationId).toBe(ext.a);
  });

  test('DIDL-1 didLogs.list() → filters by number, status and date range; teams apart', () => {
    store.dids.create({
      teamId,
      number: '5550100',
      destinationType: 'extension',
      destinationId: ext.a,
    });
    temp.clock.tick(60_000);
    const later = new Date(temp.clock.now());
    const did = store.dids.create({
      teamId,
      number: '5550200',
      destinationType: 'extension',
      destinationId: ext.b,
    });
    store.dids.update(did.id, { destinationId: null });
    store.dids.create({
      teamId: otherTeamId,
      number: '7770100',
      destinationType: 'extension',
      destinationId: ext.foreign,
    });
    const q = (over: object) => store.didLogs.list({ teamId, limit: 10, ...over });
    expect(q({ didNumber: '5550200' }).map((l) => l.status)).toEqual(['released', 'bound']);
    expect(q({ status: 'released' }).map((l) => l.didNumber)).toEqual(['5550200']);
    expect(q({ since: later }).map((l) => l.didNumber)).toEqual(['5550200', '5550200']);
    expect(q({ until: new Date(later.getTime() - 1) }).map((l) => l.didNumber)).toEqual([
      '5550100',
    ]);
    expect(logs(otherTeamId).map((l) => l.didNumber)).toEqual(['7770100']);
  });
});

describe('DID groups in inbound routes (DG-2, DG-4)', () => {
  const group = (t: number, name = 'g') =>
    store.didGroups.create({ teamId: t, name, entries: ['555'], matchType: 'prefix' }).id;
  const newRoute = (over: object) =>
    store.inboundRoutes.create({ teamId, name: 'r', destinationType: 'end', ...over });

  test('DG-2 inboundRoutes.create() with a group of the team → stored', () => {
    const didGroupId = group(teamId);
    expect(newRoute({ didGroupId }).didGroupId).toBe(didGroupId);
  });

  test('DG-2 inboundRoutes.create() with another team’s group, or a DID and a group → 400 on didGroupId', () => {
    expect(fieldOf(() => newRoute({ didGroupId: group(otherTeamId) }))).toBe('didGroupId');
    const did = store.dids.create({ teamId, number: '5550100', destinationType: 'extension' });
    expect(fieldOf(() => newRoute({ didId: did.id, didGroupId: group(teamId, 'h') }))).toBe(
      'didGroupId',
    );
  });

  test('DG-4 references.firstReferrer(didGroup) when a route matches on it → names the route', () => {
    const didGroupId = group(teamId);
    const route = newRoute({ didGroupId });
    expect(store.references.firstReferrer('didGroup', didGroupId)).toEqual({
      resource: 'inboundRoute',
      id: route.id,
      name: 'r',
    });
    store.inboundRoutes.update(route.id, { didGroupId: null });
    expect(store.references.firstReferrer('didGroup', didGroupId)).toBeUndefined();
  });
});

describe('team default traffic (TM-12)', () => {
  test('TM-12 teams.update() to an extension of the team → stored; end takes no target', () => {
    const team = store.teams.update(teamId, {
      defaultTrafficType: 'extension',
      defaultTrafficTargetId: ext.a,
    });
    expect(team).toMatchObject({ defaultTrafficType: 'extension', defaultTrafficTargetId: ext.a });
    // A new type without a target drops the old one, which was an extension.
    expect(store.teams.update(teamId, { defaultTrafficType: 'end' })).toMatchObject({
      defaultTrafficType: 'end',
      defaultTrafficTargetId: null,
    });
  });

  test.each([
    [
      'another team’s extension',
      () => ({ defaultTrafficType: 'extension', defaultTrafficTargetId: ext.foreign }),
    ],
    ['a queue type without a target', () => ({ defaultTrafficType: 'queue' })],
    ['a target without a type', () => ({ defaultTrafficTargetId: ext.a })],
    ['end with a target', () => ({ defaultTrafficType: 'end', defaultTrafficTargetId: ext.a })],
  ] as const)('TM-12 teams.update() with %s → 400 on defaultTrafficTargetId', (_, patch) => {
    expect(fieldOf(() => store.teams.update(teamId, patch() as object))).toBe(
      'defaultTrafficTargetId',
    );
    expect(store.teams.get(teamId).defaultTrafficType).toBeNull();
  });

  test('TM-12 teams.create() with a default traffic target → refused: a new team owns nothing', () => {
    const create = () =>
      store.teams.create({
        uid: 'fresh',
        name: 'Fresh',
        defaultTrafficType: 'extension',
        defaultTrafficTargetId: ext.a,
      });
    expect(fieldOf(create)).toBe('defaultTrafficTargetId');
    expect(store.teams.findByUid('fresh')).toBeUndefined();
  });

  test('TM-12 references.firstReferrer() of the default traffic target → names the team', () => {
    const queue = store.queues.create({ teamId, number: '300', name: 'Q' });
    store.teams.update(teamId, { defaultTrafficType: 'queue', defaultTrafficTargetId: queue.id });
    expect(store.references.firstReferrer('queue', queue.id)).toEqual({
      resource: 'team',
      id: teamId,
      name: 'acme',
    });
    expect(store.references.firstReferrer('extension', queue.id)).toBeUndefined();
  });

  test('TM-12/DG-2 importTeam() → the default traffic and a route’s group point at the new objects', async () => {
    const queue = store.queues.create({ teamId, number: '300', name: 'Q' });
    const didGroupId = store.didGroups.create({ teamId, name: 'g', entries: ['555'] }).id;
    store.inboundRoutes.create({ teamId, name: 'r', destinationType: 'end', didGroupId });
    const team = store.teams.update(teamId, {
      defaultTrafficType: 'queue',
      defaultTrafficTargetId: queue.id,
    });
    const json = (rows: readonly object[]) => JSON.parse(JSON.stringify(rows)) as ImportRow[];
    const doc = {
      team: json([team])[0]!,
      queues: json(store.queues.list(teamId)),
      didGroups: json(store.didGroups.list(teamId)),
      inboundRoutes: json(store.inboundRoutes.list(teamId)),
    };
    const result = await importTeam(store, doc, { uid: 'copy', name: 'Copy', sipDomain: 'c.test' });
    const copyQueue = store.queues.list(result.team.id)[0]!;
    const copyGroup = store.didGroups.list(result.team.id)[0]!;
    expect(result.team).toMatchObject({
      defaultTrafficType: 'queue',
      defaultTrafficTargetId: copyQueue.id,
    });
    expect(store.inboundRoutes.list(result.team.id)[0]!.didGroupId).toBe(copyGroup.id);
  });
});
