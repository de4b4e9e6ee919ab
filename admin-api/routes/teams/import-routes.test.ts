import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashPasswordSync } from '../../../core/config-store/index.ts';
import type { ConfigStore } from '../../../core/config-store/index.ts';
import { buildTestApi } from '../../test-api.ts';
import type { TestApi } from '../../test-api.ts';
import { TEAM_EXPORT_SECTIONS } from './export-routes.ts';
import type { TeamExport } from './export-routes.ts';

/*
 * Export → import → export: the two documents must be equal once ids,
 * timestamps, the team's identity and per-team derived names are gone and
 * every reference is replaced by the position of its target in the
 * document (so a reference mapped to the wrong object shows up).
 */

type Doc = Record<string, unknown>;
type Row = Record<string, unknown>;

/** Plain reference keys and the section they point into. */
const REF_KEYS: Record<string, string> = {
  accountId: 'accounts',
  trunkId: 'trunks',
  trunkIds: 'trunks',
  trunkGroupId: 'trunkGroups',
  extensionId: 'extensions',
  ringGroupId: 'ringGroups',
  extensionIds: 'extensions',
  subscriberIds: 'extensions',
  voiceFileId: 'voiceFiles',
  voiceFileIds: 'voiceFiles',
  promptId: 'callPrompts',
  failoverEndPromptId: 'callPrompts',
  queueId: 'queues',
  agentId: 'agents',
  didId: 'dids',
  workHoursId: 'workHours',
  roleId: 'roles',
  mohClassId: 'mohClasses',
  outboundRouteIds: 'outboundRoutes',
  accountGroupId: 'accountGroups',
  agentGroupId: 'agentGroups',
};

/** Polymorphic targets: destination type → section. */
const TYPE_SECTION: Record<string, string> = {
  extension: 'extensions',
  ringGroup: 'ringGroups',
  queue: 'queues',
  ivr: 'ivrFlows',
  conference: 'conferenceRooms',
  voicemail: 'voicemailBoxes',
  application: 'applications',
  prompt: 'callPrompts',
  trunk: 'trunks',
  trunkGroup: 'trunkGroups',
};

const DROPPED = new Set([
  'id',
  'teamId',
  'createdAt',
  'updatedAt',
  'createdBy',
  'registrationName',
]);

function canonical(doc: Doc): Doc {
  const labels = new Map<string, string>();
  for (const section of TEAM_EXPORT_SECTIONS) {
    (doc[section] as Row[]).forEach((row, i) => {
      labels.set(`${section}:${String(row['id'])}`, `${section}#${i}`);
    });
  }
  const label = (section: string | undefined, id: unknown): unknown =>
    section === undefined || id === null ? id : (labels.get(`${section}:${String(id)}`) ?? id);
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (value === null || typeof value !== 'object') return value;
    const row = value as Row;
    const out: Row = {};
    for (const [key, v] of Object.entries(row)) {
      if (DROPPED.has(key)) continue;
      const section = REF_KEYS[key];
      if (section !== undefined) {
        out[key] = Array.isArray(v) ? v.map((id) => label(section, id)) : label(section, v);
      } else if (key === 'targetId') {
        out[key] = label(TYPE_SECTION[row['type'] as string], v);
      } else if (key === 'destinationId') {
        out[key] = label(TYPE_SECTION[row['destinationType'] as string], v);
      } else if (key === 'failoverTargetId') {
        out[key] = label(TYPE_SECTION[row['failoverType'] as string], v);
      } else if (key === 'actionTargetId') {
        out[key] = label(TYPE_SECTION[row['action'] as string], v);
      } else if (key === 'outboundTargetId') {
        out[key] = label(TYPE_SECTION[row['outboundTargetType'] as string], v);
      } else {
        out[key] = walk(v);
      }
    }
    return out;
  };
  const { team, ...sections } = doc;
  const { uid: _u, name: _n, sipDomain: _d, ...teamSettings } = team as Row;
  return { team: walk(teamSettings), ...(walk(sections) as Doc) };
}

/** One object of every kind, with cycles: queue ⇄ ring group, IVR ⇄ IVR. */
function seedEveryKind(store: ConfigStore, teamId: number): void {
  const s = store;
  const role = s.roles.create({ teamId, name: 'Ops', permissions: { queues: ['view'] } });
  s.pbxTemplates.create({ teamId, name: 'desk phone', details: 'dtmfmode=rfc2833' });
  const file = s.voiceFiles.create({
    teamId,
    name: 'welcome',
    sourceEncoding: 'pcm16',
    sourceRateHz: 8000,
    sourceChannels: 1,
    durationMs: 1000,
    sizeBytes: 16000,
    hasWideband: false,
  });
  const prompt = s.callPrompts.create({
    teamId,
    name: 'greeting',
    voiceFileId: file.id,
    variants: [{ language: 'en', voiceFileId: file.id }],
  });
  const moh = s.mohClasses.create({
    teamId,
    name: 'ours',
    identifier: 'ours',
    voiceFileIds: [file.id],
  });
  const owner = s.accounts.create({
    teamId,
    username: 'owner',
    accountType: 'user',
    passwordHash: hashPasswordSync('x-password'),
  });
  s.roles.assign(owner.id, role.id);
  const trunk = s.trunks.create({
    teamId,
    name: 'carrier',
    type: 'registration',
    host: 'sip.carrier.test',
    username: 'acct',
    secret: 'carrier-pw',
  });
  const trunkGroup = s.trunkGroups.create({ teamId, name: 'TG', trunkIds: [trunk.id] });
  // TRK-6 and TM-5 (D39): a trunk rule and the team's default target.
  s.trunkRules.create({ trunkId: trunk.id, numberPrefix: '1', addPrefix: '0' });
  s.trunkGroupRules.create({
    trunkGroupId: trunkGroup.id,
    trunkId: trunk.id,
    numberPrefix: '021',
    stripPrefix: '0',
  });
  s.teams.update(teamId, { outboundTargetType: 'trunkGroup', outboundTargetId: trunkGroup.id });
  s.callerIdRestrictions.create({
    teamId,
    trunkType: 'trunkGroup',
    trunkGroupId: trunkGroup.id,
    number: '5551234',
  });
  const e100 = s.extensions.create({ teamId, accountId: owner.id, internalNumber: '100' });
  const e101 = s.extensions.create({
    teamId,
    accountId: owner.id,
    internalNumber: '101',
    trunkId: trunk.id,
  });
  const box = s.voicemailBoxes.create({ teamId, extensionId: e100.id, pin: '4321' });
  s.blfGroups.create({ teamId, name: 'desk', extensionIds: [e100.id], subscriberIds: [e101.id] });
  const did = s.dids.create({
    teamId,
    number: '15550001',
    destinationType: 'extension',
    destinationId: e101.id,
  });
  s.didGroups.create({ teamId, name: 'all', entries: ['1555'] });
  const out = s.outboundRoutes.create({
    teamId,
    name: 'out',
    numberPrefix: '9',
    stripDigits: 1,
    trunkId: trunk.id,
  });
  const sales = s.accountGroups.create({
    teamId,
    name: 'Sales',
    trunkGroupId: trunkGroup.id,
    members: [{ accountId: owner.id, isGroupAdmin: true }],
    outboundRouteIds: [out.id],
  });
  // 5.3 (c) 3: rate routing and a rate naming the team's trunk for the group.
  s.teams.update(teamId, { rateRouting: true });
  s.rates.extension.create({
    teamId,
    accountGroupId: sales.id,
    prefix: '00',
    trunkId: trunk.id,
    ratePerMinuteE4: 12_000,
  });
  const agent = s.agents.create({
    teamId,
    accountId: owner.id,
    agentNo: '81',
    passwordHash: hashPasswordSync('agent-pw'),
  });
  const queue = s.queues.create({ teamId, number: '300', name: 'Support' });
  const agentGroup = s.agentGroups.create({
    teamId,
    name: 'G',
    queueId: queue.id,
    mediaAccess: 'unlimited',
    members: [{ agentId: agent.id, outboundAttribute: 'restricted', canDeleteErrorCallData: true }],
  });
  // 5.4 / AGT-9: an inbound rate for one agent of the group.
  s.rates.agentInbound.create({
    teamId,
    agentGroupId: agentGroup.id,
    agentId: agent.id,
    ratePerMinuteE4: 30_000,
    billingCycleSec: 30,
  });
  const ring = s.ringGroups.create({
    teamId,
    name: 'sales',
    internalNumber: '600',
    extensionIds: [e101.id, e100.id],
    failoverType: 'queue',
    failoverTargetId: queue.id,
  });
  s.queues.update(queue.id, { failoverType: 'ringGroup', failoverTargetId: ring.id });
  // RGM-1: a member's own priority travels with the group.
  s.ringGroupMembers.update(s.ringGroupMembers.findIn(ring.id, e100.id)!.id, { priority: 4 });
  // OR-4: a route handing calls to a ring group created after the routes.
  s.outboundRoutes.create({
    teamId,
    name: 'to sales',
    numberPrefix: '7',
    action: 'ringGroup',
    actionTargetId: ring.id,
  });
  const hours = s.workHours.create({
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
  });
  s.conferenceRooms.create({ teamId, number: '800', name: 'Room', userPin: '1111' });
  s.applications.create({ teamId, name: 'login', context: 'agent-login', internalNumber: '900' });
  const main = s.ivrFlows.create({
    teamId,
    name: 'main',
    internalNumber: '700',
    failover: { type: 'queue', targetId: queue.id, targetValue: null },
    actions: [{ action: 'prompt', promptId: prompt.id }],
  });
  const sub = s.ivrFlows.create({
    teamId,
    name: 'sub',
    internalNumber: '701',
    failover: { type: 'ivr', targetId: main.id, targetValue: null },
    failoverEndPromptId: prompt.id,
  });
  s.ivrFlows.update(main.id, {
    transitions: [
      { condition: '1', destination: { type: 'ivr', targetId: sub.id, targetValue: null } },
      { condition: '2', destination: { type: 'voicemail', targetId: box.id, targetValue: null } },
    ],
  });
  s.inboundRoutes.create({
    teamId,
    name: 'by did',
    didId: did.id,
    trunkId: trunk.id,
    workHoursId: hours.id,
    destinationType: 'ivr',
    destinationId: main.id,
  });
  s.inboundRoutes.create({
    teamId,
    name: 'fallback',
    destinationType: 'ringGroup',
    destinationId: ring.id,
  });
  s.callerLists.create({ teamId, listType: 'black', numberPattern: '1', extensionId: e100.id });
  s.parkingLots.create({
    teamId,
    number: '750',
    firstSlot: 751,
    slotCount: 5,
    mohClassId: moh.id,
    timeoutDestination: { type: 'ivr', targetId: sub.id, targetValue: null },
  });
  s.featureCodes.set(teamId, 'forward-always', { code: '*72', note: 'FreePBX habit' });
}

let t: TestApi;
let original: TeamExport;

async function exportOf(api: TestApi, teamId: number): Promise<TeamExport> {
  const res = await api.call(api.superToken, 'GET', `/api/v1/teams/${teamId}/export`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as TeamExport;
}

function countRows(store: ConfigStore): number {
  return store.teams.list().length + store.accounts.list().length + store.ivrFlows.list().length;
}

beforeAll(async () => {
  t = await buildTestApi();
  t.store.transaction(() => seedEveryKind(t.store, t.alpha.team.id));
  original = await exportOf(t, t.alpha.team.id);
});
afterAll(async () => t.close());

describe('POST /api/v1/teams/import', () => {
  test('the fixture → one row or more in every section of the export', () => {
    for (const section of TEAM_EXPORT_SECTIONS) expect(original[section].length).toBeGreaterThan(0);
  });

  test('export → import next to the original → export → equal but for DIDs and their routes (GRP-5, GRP-11, GRP-14 fields, AGT-9 agent rates, RGM-1 priorities, TG-4 group rules too)', async () => {
    const res = await t.call(
      t.superToken,
      'POST',
      '/api/v1/teams/import?uid=gamma&name=Gamma&sipDomain=gamma.test',
      original,
    );
    expect(res.statusCode, res.body).toBe(201);
    const result = res.json();
    expect(result.skipped).toEqual({ dids: ['15550001'], inboundRoutes: ['by did'] });
    expect(result.regeneratedCredentials.accounts.sort()).toEqual(['adminalpha', 'owner']);
    expect(result.regeneratedCredentials.extensions).toEqual(['100', '101']);
    expect(result.trunksWithoutSecret).toEqual(['carrier']);
    expect(result.regeneratedCredentials.voicemailBoxes).toEqual(['100']);
    const logged = t.store.operationLogs.list({ teamId: result.team.id, limit: 5 });
    expect(logged).toEqual([
      expect.objectContaining({ action: 'create', resource: 'team', username: 'root' }),
    ]);
    expect(JSON.stringify(logged)).not.toMatch(/secret|password|pin/i);
    // D103: the copies are the importer's (创建者), not the original creators'.
    const copies = t.store.extensions.list(result.team.id);
    expect(copies.map((e) => e.createdBy)).toEqual(copies.map(() => 'root'));
    const copy = await exportOf(t, result.team.id);
    // Each object reserved its number again, under its new id.
    const numbers = (teamId: number) =>
      t.store.internalNumbers
        .list(teamId)
        .map(({ number, kind }) => `${kind}:${number}`)
        .sort();
    expect(numbers(result.team.id)).toEqual(numbers(t.alpha.team.id));
    expect(numbers(result.team.id).length).toBeGreaterThan(5);
    expect(copy.team).toMatchObject({ uid: 'gamma', name: 'Gamma', sipDomain: 'gamma.test' });
    const expected = {
      ...original,
      dids: [],
      inboundRoutes: original.inboundRoutes.filter((r) => r['didId'] === null),
    };
    expect(canonical(copy)).toEqual(canonical(expected));
    expect(copy.agentGroups[0]!['members']).toEqual([
      expect.objectContaining({ outboundAttribute: 'restricted', canDeleteErrorCallData: true }),
    ]);
    expect(copy.agentGroups[0]!['mediaAccess']).toBe('unlimited');
    expect(copy.ringGroupMembers.map((m) => m['priority'])).toEqual([0, 4]);
    expect(copy.agentInboundRates).toEqual([
      expect.objectContaining({
        agentGroupId: copy.agentGroups[0]!['id'],
        agentId: copy.agents[0]!['id'],
        ratePerMinuteE4: 30_000,
        billingCycleSec: 30,
      }),
    ]);
    // Fresh secrets: nothing of the original's was copied.
    const [oldExt, newExt] = [original, copy].map((d) => d.extensions[0]!['id'] as number);
    expect(t.store.extensions.getSipSecret(newExt!)).not.toBe(
      t.store.extensions.getSipSecret(oldExt!),
    );
  });

  test('includeDids=true into a fresh store → equal, DIDs included', async () => {
    const other = await buildTestApi();
    try {
      const res = await other.call(
        other.superToken,
        'POST',
        '/api/v1/teams/import?uid=moved&name=Moved&includeDids=true',
        original,
      );
      expect(res.statusCode, res.body).toBe(201);
      const copy = await exportOf(other, res.json().team.id);
      expect(canonical(copy)).toEqual(canonical(original));
    } finally {
      await other.close();
    }
  });

  test('includeDids=true next to the original → 409 naming the DID, nothing written', async () => {
    const before = countRows(t.store);
    const res = await t.call(
      t.superToken,
      'POST',
      '/api/v1/teams/import?uid=delta&name=Delta&includeDids=true',
      original,
    );
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      code: 'ERR_DID_TAKEN',
      issues: [{ field: 'body.dids[0].number' }],
    });
    expect(res.json().message).toContain('15550001');
    expect(countRows(t.store)).toBe(before);
  });

  test('5.3(c)3, GRP-11 an export without rateRouting, extensionRates, agentInboundRates and mediaAccess (older format) → imported with the defaults', async () => {
    const { extensionRates: _rates, agentInboundRates: _agentRates, ...older } = original;
    const { rateRouting: _on, ...team } = original.team;
    const agentGroups = original.agentGroups.map(({ mediaAccess: _media, ...group }) => group);
    const res = await t.call(t.superToken, 'POST', '/api/v1/teams/import?uid=theta&name=Theta', {
      ...older,
      team,
      agentGroups,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      team: { rateRouting: false },
      created: { extensionRates: 0, agentInboundRates: 0 },
    });
    const groupId = Object.values(res.json().idMap.agentGroups as Record<string, number>)[0]!;
    expect(t.store.agentGroups.find(groupId)?.mediaAccess).toBe('idleAndMedia');
  });

  test('a bad row → 400 naming its JSON path, nothing written', async () => {
    const before = countRows(t.store);
    const extensions = original.extensions.map((e, i) =>
      i === 1 ? { ...e, internalNumber: 42 } : e,
    );
    const res = await t.call(t.superToken, 'POST', '/api/v1/teams/import?uid=eps&name=Eps', {
      ...original,
      extensions,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([
      expect.objectContaining({ field: 'body.extensions[1].internalNumber' }),
    ]);
    expect(countRows(t.store)).toBe(before);
  });

  test('an unknown section or another formatVersion → 400 naming it', async () => {
    const url = '/api/v1/teams/import?uid=eta&name=Eta';
    const unknown = await t.call(t.superToken, 'POST', url, { ...original, sounds: [] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().issues).toEqual([{ field: 'body.sounds', message: 'unknown field' }]);
    const version = await t.call(t.superToken, 'POST', url, { ...original, formatVersion: 2 });
    expect(version.statusCode).toBe(400);
    expect(version.json().issues[0].field).toBe('body.formatVersion');
  });

  test('a dangling reference late in the document → 400 with its path, nothing written', async () => {
    const before = countRows(t.store);
    const callerListEntries = original.callerListEntries.map((e) => ({ ...e, extensionId: 9999 }));
    const res = await t.call(t.superToken, 'POST', '/api/v1/teams/import?uid=zeta&name=Zeta', {
      ...original,
      callerListEntries,
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().issues).toEqual([
      expect.objectContaining({ field: 'body.callerListEntries[0].extensionId' }),
    ]);
    expect(countRows(t.store)).toBe(before);
  });

  test('a taken uid → 409; as a team admin → 403', async () => {
    const taken = await t.call(
      t.superToken,
      'POST',
      '/api/v1/teams/import?uid=alpha&name=Again',
      original,
    );
    expect(taken.statusCode).toBe(409);
    const admin = await t.call(
      t.alpha.token,
      'POST',
      '/api/v1/teams/import?uid=x&name=X',
      original,
    );
    expect(admin.statusCode).toBe(403);
  });
});
