import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ConflictError, ValidationError } from '../index.ts';
import { openTempStore, seedTeam, type TempStore } from './test-store.ts';

/* Trunk-group rules (spec 02 §3.4 `TrunkGroupRule`, D76) on a real SQLite file. */

let temp: TempStore;
beforeEach(() => {
  temp = openTempStore();
});
afterEach(() => temp.cleanup());

function setup() {
  const { team } = seedTeam(temp.store, 'alpha');
  const trunk = (name: string) =>
    temp.store.trunks.create({
      teamId: team.id,
      name,
      type: 'ipPeer',
      host: '198.51.100.1',
      codecs: ['PCMU'],
    });
  const [a, b, outsider] = [trunk('a'), trunk('b'), trunk('outsider')];
  const group = temp.store.trunkGroups.create({
    teamId: team.id,
    name: 'Priority_Outbound',
    trunkIds: [a.id, b.id],
  });
  return { team, a, b, outsider, group };
}

describe('TrunkGroupRulesRepository', () => {
  test('TG-4 create() for a member trunk → stored with the group’s team; a non-member trunk → ValidationError on trunkId', () => {
    const { team, a, outsider, group } = setup();
    const rule = temp.store.trunkGroupRules.create({
      trunkGroupId: group.id,
      trunkId: a.id,
      numberPrefix: '021',
    });
    expect(rule).toMatchObject({
      teamId: team.id,
      action: 'allow',
      numberLength: 0,
      enabled: true,
    });
    let error: unknown;
    try {
      temp.store.trunkGroupRules.create({ trunkGroupId: group.id, trunkId: outsider.id });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('trunkId');
  });

  test('TG-4 create() or update() onto the same group, trunk, prefix and length → ConflictError', () => {
    const { a, group } = setup();
    const base = { trunkGroupId: group.id, trunkId: a.id };
    temp.store.trunkGroupRules.create({ ...base, numberPrefix: '0' });
    expect(() => temp.store.trunkGroupRules.create({ ...base, numberPrefix: '0' })).toThrow(
      ConflictError,
    );
    const other = temp.store.trunkGroupRules.create({ ...base, numberPrefix: '1' });
    expect(() => temp.store.trunkGroupRules.update(other.id, { numberPrefix: '0' })).toThrow(
      ConflictError,
    );
    expect(temp.store.trunkGroupRules.update(other.id, { addPrefix: '9' }).addPrefix).toBe('9');
  });

  test('TG-4 enabledFor() → the enabled rules of that group and trunk only, refreshed after a write', () => {
    const { a, b, group } = setup();
    const rule = temp.store.trunkGroupRules.create({ trunkGroupId: group.id, trunkId: a.id });
    temp.store.trunkGroupRules.create({ trunkGroupId: group.id, trunkId: b.id, action: 'deny' });
    expect(temp.store.trunkGroupRules.enabledFor(group.id, a.id).map((r) => r.id)).toEqual([
      rule.id,
    ]);
    temp.store.trunkGroupRules.update(rule.id, { enabled: false });
    expect(temp.store.trunkGroupRules.enabledFor(group.id, a.id)).toEqual([]);
  });

  test('a trunk leaving the group takes its rules along; deleting the group takes the rest', () => {
    const { a, b, group } = setup();
    temp.store.trunkGroupRules.create({ trunkGroupId: group.id, trunkId: a.id });
    const kept = temp.store.trunkGroupRules.create({ trunkGroupId: group.id, trunkId: b.id });
    temp.store.trunkGroups.update(group.id, { trunkIds: [b.id] });
    expect(temp.store.trunkGroupRules.list().map((r) => r.id)).toEqual([kept.id]);
    temp.store.trunkGroups.delete(group.id);
    expect(temp.store.trunkGroupRules.list()).toEqual([]);
  });

  test('bad fields → ValidationError naming the field, nothing written', () => {
    const { a, group } = setup();
    expect(() =>
      temp.store.trunkGroupRules.create({
        trunkGroupId: group.id,
        trunkId: a.id,
        numberPrefix: '0x',
      }),
    ).toThrow(/numberPrefix/);
    expect(temp.store.trunkGroupRules.list()).toEqual([]);
  });
});
