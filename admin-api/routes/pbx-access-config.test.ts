import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashPasswordSync } from '../../core/config-store/index.ts';
import { buildTestApi } from '../test-api.ts';
import type { TestApi } from '../test-api.ts';

/*
 * PBX templates (spec 02 §3.5), outbound caller-ID restrictions (§3.10)
 * and BLF groups (§3.20) through the admin API, with rule ids in the names.
 */

let t: TestApi;
let alphaTrunkId: number;
let betaTrunkId: number;
let systemTrunkId: number;
let alphaGroupId: number;
let betaGroupId: number;
/** Extensions 301..303 of alpha and 301 of beta. */
const ext: Record<string, number> = {};

beforeAll(async () => {
  t = await buildTestApi();
  const trunk = (teamId: number | null, name: string) =>
    t.store.trunks.create({ teamId, name, type: 'ipPeer', host: 'sip.carrier.test' }).id;
  alphaTrunkId = trunk(t.alpha.team.id, 'alpha-carrier');
  betaTrunkId = trunk(t.beta.team.id, 'beta-carrier');
  systemTrunkId = trunk(null, 'shared-carrier');
  alphaGroupId = t.store.trunkGroups.create({
    teamId: t.alpha.team.id,
    name: 'alpha-group',
    trunkIds: [alphaTrunkId],
  }).id;
  betaGroupId = t.store.trunkGroups.create({
    teamId: t.beta.team.id,
    name: 'beta-group',
    trunkIds: [betaTrunkId],
  }).id;
  const hash = hashPasswordSync('x-password');
  for (const [team, numbers] of [
    [t.alpha.team, ['301', '302', '303']],
    [t.beta.team, ['301']],
  ] as const) {
    const account = t.store.accounts.create({
      teamId: team.id,
      username: `blf${team.uid}`,
      accountType: 'user',
      passwordHash: hash,
    });
    for (const internalNumber of numbers) {
      ext[`${team.uid}${internalNumber}`] = t.store.extensions.create({
        teamId: team.id,
        accountId: account.id,
        internalNumber,
      }).id;
    }
  }
});
afterAll(async () => t.close());

const TEMPLATES = '/api/v1/pbx-templates';
const RESTRICTIONS = '/api/v1/caller-id-restrictions';

describe('PBX templates (§3.5)', () => {
  test('GET /pbx-templates → the five defaults, shared with every team', async () => {
    const res = await t.call(t.alpha.token, 'GET', `${TEMPLATES}?limit=100`);
    expect(res.statusCode).toBe(200);
    const items = (res.json() as { items: Array<{ name: string; isBuiltin: boolean }> }).items;
    expect(items.filter((i) => i.isBuiltin).map((i) => i.name)).toEqual([
      'default sip device',
      'default sip trunk',
      'default iax2 device',
      'default mgcp device',
      'default dahdi device',
    ]);
  });

  test('POST → 201 in the team; another team gets 404 for it', async () => {
    const res = await t.call(t.alpha.token, 'POST', TEMPLATES, {
      name: 'desk phones',
      details: 'type=friend\nhost=dynamic\nmailbox=100',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ teamId: t.alpha.team.id, templateType: 'device' });
    const id = (res.json() as { id: number }).id;
    expect((await t.call(t.beta.token, 'GET', `${TEMPLATES}/${id}`)).statusCode).toBe(404);
  });

  test('T-2: POST with a bad line → 400 ERR_VALIDATION naming details and the line', async () => {
    const res = await t.call(t.alpha.token, 'POST', TEMPLATES, {
      name: 'broken',
      details: 'type=friend\ndtmfmode=whistle',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'ERR_VALIDATION' });
    expect(res.body).toContain('line 2');
  });

  test('defaults: a team admin gets 403 changing one; a superadmin may edit but not delete', async () => {
    const builtin = t.store.pbxTemplates.list().find((x) => x.name === 'default dahdi device')!;
    const asTeam = await t.call(t.alpha.token, 'PATCH', `${TEMPLATES}/${builtin.id}`, {
      remark: 'x',
    });
    expect(asTeam.statusCode).toBe(403);
    const edit = await t.call(t.superToken, 'PATCH', `${TEMPLATES}/${builtin.id}`, {
      details: 'type=peer\ninsecure=port,invite',
    });
    expect(edit.statusCode).toBe(200);
    const del = await t.call(t.superToken, 'DELETE', `${TEMPLATES}/${builtin.id}`);
    expect(del.statusCode).toBe(409);
    expect(del.json()).toMatchObject({ code: 'ERR_BUILTIN_TEMPLATE' });
  });

  test('a duplicate name in the team → 409', async () => {
    const body = { name: 'twice', details: 'type=friend' };
    expect((await t.call(t.beta.token, 'POST', TEMPLATES, body)).statusCode).toBe(201);
    expect((await t.call(t.beta.token, 'POST', TEMPLATES, body)).statusCode).toBe(409);
  });
});

describe('outbound caller-ID restrictions (§3.10)', () => {
  test('POST on the team trunk → 201 with the defaults (blacklist, enabled)', async () => {
    const res = await t.call(t.alpha.token, 'POST', RESTRICTIONS, {
      trunkId: alphaTrunkId,
      number: '234',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      restrictionType: 'blacklist',
      status: 'enabled',
      trunkType: 'trunk',
      trunkGroupId: null,
    });
  });

  test('TRK-1: POST on a system trunk → 201; on another team’s trunk → 400', async () => {
    const shared = await t.call(t.alpha.token, 'POST', RESTRICTIONS, {
      trunkId: systemTrunkId,
      number: '300',
      restrictionType: 'whitelist',
    });
    expect(shared.statusCode).toBe(201);
    const foreign = await t.call(t.alpha.token, 'POST', RESTRICTIONS, {
      trunkId: betaTrunkId,
      number: '300',
    });
    expect(foreign.statusCode).toBe(400);
  });

  test("POST on a trunk group: its own → 201; another team's → 400", async () => {
    const own = await t.call(t.alpha.token, 'POST', RESTRICTIONS, {
      trunkType: 'trunkGroup',
      trunkGroupId: alphaGroupId,
      number: '234',
    });
    expect(own.statusCode).toBe(201);
    const foreign = await t.call(t.alpha.token, 'POST', RESTRICTIONS, {
      trunkType: 'trunkGroup',
      trunkGroupId: betaGroupId,
      number: '234',
    });
    expect(foreign.statusCode).toBe(400);
  });

  test('POST with trunkType and the wrong id → 400 naming the field', async () => {
    const res = await t.call(t.alpha.token, 'POST', RESTRICTIONS, {
      trunkType: 'trunkGroup',
      trunkId: alphaTrunkId,
      number: '1',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('trunkGroupId');
  });

  test('a duplicate entry → 409; a number with letters → 400', async () => {
    const body = { trunkId: alphaTrunkId, number: '555' };
    expect((await t.call(t.alpha.token, 'POST', RESTRICTIONS, body)).statusCode).toBe(201);
    expect((await t.call(t.alpha.token, 'POST', RESTRICTIONS, body)).statusCode).toBe(409);
    const bad = await t.call(t.alpha.token, 'POST', RESTRICTIONS, { ...body, number: '5a5' });
    expect(bad.statusCode).toBe(400);
  });

  test('PATCH trunkType to trunkGroup with its id → the trunk id is cleared', async () => {
    const created = await t.call(t.alpha.token, 'POST', RESTRICTIONS, {
      trunkId: alphaTrunkId,
      number: '777',
    });
    const id = (created.json() as { id: number }).id;
    const res = await t.call(t.alpha.token, 'PATCH', `${RESTRICTIONS}/${id}`, {
      trunkType: 'trunkGroup',
      trunkGroupId: alphaGroupId,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ trunkId: null, trunkGroupId: alphaGroupId });
  });

  test("cross-team: a team admin gets 404 for another team's restriction", async () => {
    const beta = await t.call(t.beta.token, 'POST', RESTRICTIONS, {
      trunkId: betaTrunkId,
      number: '9',
    });
    const id = (beta.json() as { id: number }).id;
    expect((await t.call(t.alpha.token, 'GET', `${RESTRICTIONS}/${id}`)).statusCode).toBe(404);
  });

  test('OCR-1: rulesFor() → the calling team’s enabled entries on the trunk only', async () => {
    const numbers = (use: { teamId: number; trunkId: number; trunkGroupId?: number }) =>
      t.store.callerIdRestrictions.rulesFor(use).map((r) => `${r.restrictionType}:${r.number}`);
    const alpha = t.alpha.team.id;
    expect(numbers({ teamId: alpha, trunkId: alphaTrunkId })).toContain('blacklist:234');
    expect(numbers({ teamId: alpha, trunkId: systemTrunkId })).toEqual(['whitelist:300']);
    // Alpha's entries on the shared trunk do not apply to beta.
    expect(numbers({ teamId: t.beta.team.id, trunkId: systemTrunkId })).toEqual([]);
    const created = await t.call(t.beta.token, 'POST', RESTRICTIONS, {
      trunkId: betaTrunkId,
      number: '42',
    });
    const id = (created.json() as { id: number }).id;
    const beta = { teamId: t.beta.team.id, trunkId: betaTrunkId };
    expect(numbers(beta)).toContain('blacklist:42');
    await t.call(t.beta.token, 'PATCH', `${RESTRICTIONS}/${id}`, { status: 'disabled' });
    expect(numbers(beta)).not.toContain('blacklist:42');
  });

  test('OCR-2: rulesFor() with a group → the group entries apply to its member trunk', () => {
    const rules = t.store.callerIdRestrictions.rulesFor({
      teamId: t.alpha.team.id,
      trunkId: alphaTrunkId,
      trunkGroupId: alphaGroupId,
    });
    expect(rules.some((r) => r.trunkGroupId === alphaGroupId && r.number === '234')).toBe(true);
    expect(rules.some((r) => r.trunkId === alphaTrunkId && r.number === '234')).toBe(true);
  });
});

describe('BLF groups (§3.20)', () => {
  const BLF = '/api/v1/blf-groups';

  test('BLF-2: without a group an extension may watch its team, not another team', () => {
    expect(t.store.blfGroups.maySubscribe(ext['alpha301']!, ext['alpha302']!)).toBe(true);
    expect(t.store.blfGroups.maySubscribe(ext['alpha301']!, ext['beta301']!)).toBe(false);
  });

  test('BLF-2: POST with members and a subscriber → the subscriber may watch only members', async () => {
    const res = await t.call(t.alpha.token, 'POST', BLF, {
      name: 'reception',
      extensionIds: [ext['alpha302']],
      subscriberIds: [ext['alpha301']],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      extensionIds: [ext['alpha302']],
      subscriberIds: [ext['alpha301']],
    });
    expect(t.store.blfGroups.maySubscribe(ext['alpha301']!, ext['alpha302']!)).toBe(true);
    expect(t.store.blfGroups.maySubscribe(ext['alpha301']!, ext['alpha303']!)).toBe(false);
    expect(t.store.blfGroups.maySubscribe(ext['alpha303']!, ext['alpha301']!)).toBe(true);
  });

  test('a subscriber already in another group → 409 ERR_BLF_SUBSCRIBER_TAKEN', async () => {
    const res = await t.call(t.alpha.token, 'POST', BLF, {
      name: 'second',
      subscriberIds: [ext['alpha301']],
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'ERR_BLF_SUBSCRIBER_TAKEN' });
  });

  test('an extension of another team as member → 400; the group is 404 to that team', async () => {
    const bad = await t.call(t.alpha.token, 'POST', BLF, {
      name: 'foreign',
      extensionIds: [ext['beta301']],
    });
    expect(bad.statusCode).toBe(400);
    const list = await t.call(t.alpha.token, 'GET', BLF);
    const id = (list.json() as { items: Array<{ id: number }> }).items[0]!.id;
    expect((await t.call(t.beta.token, 'GET', `${BLF}/${id}`)).statusCode).toBe(404);
  });

  test('DELETE → 204 and the subscriber falls back to its team (BLF-2)', async () => {
    const list = await t.call(t.alpha.token, 'GET', BLF);
    const id = (list.json() as { items: Array<{ id: number }> }).items[0]!.id;
    expect((await t.call(t.alpha.token, 'DELETE', `${BLF}/${id}`)).statusCode).toBe(204);
    expect(t.store.blfGroups.maySubscribe(ext['alpha301']!, ext['alpha303']!)).toBe(true);
  });
});

describe('boards (§3.19)', () => {
  const BOARDS = '/api/v1/boards';
  const span = {
    framingCoding: 'CCS/CRC4/HDB3',
    signalling: 'pri_cpe',
    switchtype: 'euroisdn',
    syncClockSource: 1,
    lineBuildOut: 0,
    pridialplan: 'national',
    prilocaldialplan: 'national',
    group: 0,
    context: 'hosted-from-pstn',
    did: null,
    channels: '1-15,17-31',
    reservedChannels: '16',
    status: 'enabled',
    advancedSettings: null,
  };
  let spanId: number;

  test('POST a span → 201 with its config running and nothing pending', async () => {
    const res = await t.call(t.superToken, 'POST', BOARDS, {
      kind: 'digital',
      number: 5,
      driver: 'wanpipe',
      config: span,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ config: span, pendingConfig: null });
    spanId = (res.json() as { id: number }).id;
  });

  test('a team admin → 403 on /boards (hardware is system-wide)', async () => {
    expect((await t.call(t.alpha.token, 'GET', BOARDS)).statusCode).toBe(403);
  });

  test('HW-1: PATCH stages the change; the running config stays until reload', async () => {
    const patch = await t.call(t.superToken, 'PATCH', `${BOARDS}/${spanId}`, {
      config: { status: 'disabled', switchtype: 'qsig' },
    });
    expect(patch.statusCode).toBe(200);
    expect(patch.json()).toMatchObject({
      config: { status: 'enabled', switchtype: 'euroisdn' },
      pendingConfig: { status: 'disabled', switchtype: 'qsig', channels: '1-15,17-31' },
    });
    expect(t.store.boards.hasPending()).toBe(true);
    const reload = await t.call(t.superToken, 'POST', `${BOARDS}/reload`);
    expect(reload.statusCode).toBe(200);
    expect(reload.json()).toEqual({ reloadedIds: [spanId] });
    const after = await t.call(t.superToken, 'GET', `${BOARDS}/${spanId}`);
    expect(after.json()).toMatchObject({
      config: { status: 'disabled', switchtype: 'qsig' },
      pendingConfig: null,
    });
    expect(t.store.boards.hasPending()).toBe(false);
  });

  test('PATCH with an analog setting on a span → 400 naming it', async () => {
    const res = await t.call(t.superToken, 'PATCH', `${BOARDS}/${spanId}`, {
      config: { portType: 'fxs' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('config.portType');
  });

  test('POST with the reserved D-channel also in channels → 400', async () => {
    const res = await t.call(t.superToken, 'POST', BOARDS, {
      kind: 'digital',
      number: 6,
      driver: 'wanpipe',
      config: { ...span, channels: '1-31' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('channel 16');
  });

  test('POST an analog port twice → 409 (one row per kind and number)', async () => {
    const body = {
      kind: 'analog',
      number: 1,
      driver: 'wctdm24xxp',
      config: {
        portType: 'fxs',
        signalling: 'fxo_ks',
        context: 'hosted-dialout',
        group: 1,
        status: 'enabled',
        advancedSettings: null,
      },
    };
    expect((await t.call(t.superToken, 'POST', BOARDS, body)).statusCode).toBe(201);
    expect((await t.call(t.superToken, 'POST', BOARDS, body)).statusCode).toBe(409);
  });
});
