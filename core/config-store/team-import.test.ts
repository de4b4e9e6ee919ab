import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { ConfigStore } from './open-store.ts';
import { verifyPassword } from './password-hash.ts';
import { importTeam } from './team-import.ts';
import type { ImportRow, TeamImportDocument } from './team-import.ts';
import { openTempStore, seedTeam, testPasswordHash } from './test-store.ts';
import type { TempStore } from './test-store.ts';

/*
 * The store side of team import. The route tests (admin-api/routes/teams)
 * run the full export → import → export round trip over every section.
 */

let temp: TempStore;
let store: ConfigStore;

beforeEach(() => {
  temp = openTempStore();
  store = temp.store;
});
afterEach(() => temp.cleanup());

/** Rows as the export writes them: JSON, Dates as strings. */
const json = (rows: readonly object[]): ImportRow[] =>
  JSON.parse(JSON.stringify(rows)) as ImportRow[];

/** A team with a queue and a ring group overflowing into each other. */
function seedCycle(): { doc: TeamImportDocument; systemTrunkId: number } {
  const { team, account } = seedTeam(store, 'acme');
  const teamId = team.id;
  const system = store.trunks.create({ teamId: null, name: 'sys', type: 'ipPeer', host: 'h' });
  const ext = store.extensions.create({
    teamId,
    accountId: account.id,
    internalNumber: '100',
    trunkId: system.id,
  });
  store.voicemailBoxes.create({ teamId, extensionId: ext.id, pin: '1234' });
  const queue = store.queues.create({ teamId, number: '300', name: 'Q' });
  const ring = store.ringGroups.create({
    teamId,
    name: 'R',
    internalNumber: '600',
    extensionIds: [ext.id],
    failoverType: 'queue',
    failoverTargetId: queue.id,
  });
  store.queues.update(queue.id, { failoverType: 'ringGroup', failoverTargetId: ring.id });
  const doc: TeamImportDocument = {
    team: json([team])[0]!,
    accounts: json(store.accounts.list(teamId)),
    extensions: json(store.extensions.list(teamId)),
    voicemailBoxes: json(store.voicemailBoxes.list(teamId)),
    queues: json(store.queues.list(teamId)),
    ringGroups: json(store.ringGroups.list(teamId)),
  };
  return { doc, systemTrunkId: system.id };
}

const target = { uid: 'copy', name: 'Copy', sipDomain: 'copy.test' };

describe('importTeam()', () => {
  test('importTeam() when failovers form a cycle → both ends point at the new objects', async () => {
    const { doc, systemTrunkId } = seedCycle();
    const result = await importTeam(store, doc, target);
    const queue = store.queues.list(result.team.id)[0]!;
    const ring = store.ringGroups.list(result.team.id)[0]!;
    const ext = store.extensions.list(result.team.id)[0]!;
    expect(queue.failoverTargetId).toBe(ring.id);
    expect(ring.failoverTargetId).toBe(queue.id);
    expect(ring.extensionIds).toEqual([ext.id]);
    expect(result.idMap.queues).toEqual({ [String(doc.queues![0]!['id'])]: queue.id });
    expect(queue.id).not.toBe(doc.queues![0]!['id']);
    // A system-wide trunk is not the team's: the reference is kept as is.
    expect(ext.trunkId).toBe(systemTrunkId);
    expect(result.created).toMatchObject({ accounts: 1, extensions: 1, queues: 1, dids: 0 });
  });

  test('importTeam() → secrets are new: account password, SIP password, voicemail PIN', async () => {
    const { doc } = seedCycle();
    const result = await importTeam(store, doc, target);
    const [oldAccount, newAccount] = [doc.accounts![0]!['id'] as number, result.idMap.accounts];
    const newId = newAccount[String(oldAccount)]!;
    const newHash = store.accounts.getPasswordHash(newId);
    expect(newHash).not.toBe(store.accounts.getPasswordHash(oldAccount));
    expect(await verifyPassword('correct horse battery staple', newHash)).toBe(false);
    const oldExt = doc.extensions![0]!['id'] as number;
    const newExt = result.idMap.extensions[String(oldExt)]!;
    expect(store.extensions.getSipSecret(newExt)).not.toBe(store.extensions.getSipSecret(oldExt));
    const box = store.voicemailBoxes.list(result.team.id)[0]!;
    expect(store.voicemailBoxes.getPin(box.id)).toMatch(/^[0-9]{6}$/);
    expect(result.regeneratedCredentials).toEqual({
      accounts: ['owneracme'],
      agents: [],
      extensions: ['100'],
      voicemailBoxes: ['100'],
    });
  });

  test('importTeam() when the last section fails → nothing written, the row’s path named', async () => {
    const { doc } = seedCycle();
    const teams = store.teams.list().length;
    const bad = { ...doc, ringGroups: [{ ...doc.ringGroups![0]!, extensionIds: [9999] }] };
    await expect(importTeam(store, bad, target)).rejects.toMatchObject({
      code: 'ERR_VALIDATION',
      field: 'body.ringGroups[0].extensionIds[0]',
    });
    expect(store.teams.list()).toHaveLength(teams);
    expect(store.teams.findByUid('copy')).toBeUndefined();
  });

  test('importTeam() when a repository rejects a value → its field under the row’s path', async () => {
    const { doc } = seedCycle();
    const bad = { ...doc, queues: [{ ...doc.queues![0]!, number: 'abc' }] };
    await expect(importTeam(store, bad, target)).rejects.toMatchObject({
      code: 'ERR_VALIDATION',
      field: expect.stringMatching(/^body\.queues\[0\]\./) as unknown,
    });
    expect(store.teams.findByUid('copy')).toBeUndefined();
  });

  test('importTeam() when an agent refers to an account not in the document → 400 path', async () => {
    const { doc } = seedCycle();
    const agents = [
      {
        id: 1,
        teamId: 1,
        accountId: 777,
        agentNo: '81',
        passwordHash: testPasswordHash(),
      },
    ];
    await expect(importTeam(store, { ...doc, agents }, target)).rejects.toMatchObject({
      field: 'body.agents[0].accountId',
    });
  });
});
