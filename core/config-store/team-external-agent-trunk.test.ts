import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { ConfigStore } from './open-store.ts';
import { importTeam } from './team-import.ts';
import type { ImportRow } from './team-import.ts';
import { openTempStore, seedTeam } from './test-store.ts';
import type { TempStore } from './test-store.ts';

/* TM-13 externalAgentTrunkType / externalAgentTrunkId on teams (D55). */

let temp: TempStore;
let store: ConfigStore;

beforeEach(() => {
  temp = openTempStore();
  store = temp.store;
});
afterEach(() => temp.cleanup());

describe('TeamsRepository TM-13 external-agent trunk', () => {
  test('create() when nothing is given → type none, no trunk', () => {
    const { team } = seedTeam(store, 'acme');
    expect(team).toMatchObject({ externalAgentTrunkType: 'none', externalAgentTrunkId: null });
  });

  test('update() when the trunk is the team’s own → stored; none clears the id', () => {
    const { team } = seedTeam(store, 'acme');
    const trunk = store.trunks.create({ teamId: team.id, name: 'mob', type: 'ipPeer', host: 'h' });
    const set = store.teams.update(team.id, {
      externalAgentTrunkType: 'trunk',
      externalAgentTrunkId: trunk.id,
    });
    expect(set).toMatchObject({ externalAgentTrunkType: 'trunk', externalAgentTrunkId: trunk.id });
    const cleared = store.teams.update(team.id, { externalAgentTrunkType: 'none' });
    expect(cleared.externalAgentTrunkId).toBeNull();
  });

  test('update() when the trunk belongs to another team → ERR_VALIDATION on externalAgentTrunkId', () => {
    const { team } = seedTeam(store, 'acme');
    const { team: other } = seedTeam(store, 'other');
    const foreign = store.trunks.create({ teamId: other.id, name: 'x', type: 'ipPeer', host: 'h' });
    expect(() =>
      store.teams.update(team.id, {
        externalAgentTrunkType: 'trunk',
        externalAgentTrunkId: foreign.id,
      }),
    ).toThrow(expect.objectContaining({ code: 'ERR_VALIDATION', field: 'externalAgentTrunkId' }));
  });

  test('references.firstReferrer() when the trunk rings the team’s external agents → the team', () => {
    const { team } = seedTeam(store, 'acme');
    const trunk = store.trunks.create({ teamId: team.id, name: 'mob', type: 'ipPeer', host: 'h' });
    store.teams.update(team.id, {
      externalAgentTrunkType: 'trunk',
      externalAgentTrunkId: trunk.id,
    });
    expect(store.references.firstReferrer('trunk', trunk.id)).toMatchObject({
      resource: 'team',
      id: team.id,
    });
  });

  test('importTeam() when the export names its own trunk → the copy points at the new trunk', async () => {
    const { team } = seedTeam(store, 'acme');
    const trunk = store.trunks.create({ teamId: team.id, name: 'mob', type: 'ipPeer', host: 'h' });
    const exported = store.teams.update(team.id, {
      externalAgentTrunkType: 'trunk',
      externalAgentTrunkId: trunk.id,
    });
    const json = (rows: readonly object[]) => JSON.parse(JSON.stringify(rows)) as ImportRow[];
    const result = await importTeam(
      store,
      { team: json([exported])[0]!, trunks: json(store.trunks.list(team.id)) },
      { uid: 'copy', name: 'Copy', sipDomain: 'copy.test' },
    );
    const copiedTrunk = store.trunks.findByName(result.team.id, 'mob');
    expect(copiedTrunk?.id).not.toBe(trunk.id);
    expect(result.team).toMatchObject({
      externalAgentTrunkType: 'trunk',
      externalAgentTrunkId: copiedTrunk?.id,
    });
  });
});
