import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildTestApi, type TestApi } from '../../test-api.ts';

/* Trunk-group rules over the admin API (spec 02 §3.4 `TrunkGroupRule`, TG-4, TG-5, D76). */

let t: TestApi;
let alphaGroup: number;
let betaGroup: number;
let memberTrunk: number;
let otherTrunk: number;

const trunkBody = (name: string) => ({
  name,
  type: 'ipPeer' as const,
  host: '198.51.100.10',
  codecs: ['PCMU'],
});

beforeAll(async () => {
  t = await buildTestApi();
  const alpha = t.alpha.team.id;
  memberTrunk = t.store.trunks.create({ ...trunkBody('PSTN-A'), teamId: alpha }).id;
  otherTrunk = t.store.trunks.create({ ...trunkBody('PSTN-B'), teamId: alpha }).id;
  alphaGroup = t.store.trunkGroups.create({
    teamId: alpha,
    name: 'Priority_Outbound',
    trunkIds: [memberTrunk],
  }).id;
  const betaTrunk = t.store.trunks.create({ ...trunkBody('beta'), teamId: t.beta.team.id }).id;
  betaGroup = t.store.trunkGroups.create({
    teamId: t.beta.team.id,
    name: 'theirs',
    trunkIds: [betaTrunk],
  }).id;
});
afterAll(async () => t.close());

const api = (path: string) => `/api/v1/${path}`;

describe('/api/v1/trunk-group-rules', () => {
  test('TG-4 POST, GET, PATCH, DELETE → a rule of the team’s group with the spec’s defaults', async () => {
    const created = await t.call(t.alpha.token, 'POST', api('trunk-group-rules'), {
      trunkGroupId: alphaGroup,
      trunkId: memberTrunk,
      numberPrefix: '021',
      stripPrefix: '0',
    });
    expect(created.statusCode, created.body).toBe(201);
    const rule = created.json();
    expect(rule).toMatchObject({
      trunkGroupId: alphaGroup,
      trunkId: memberTrunk,
      teamId: t.alpha.team.id,
      numberPrefix: '021',
      numberLength: 0,
      action: 'allow',
      stripPrefix: '0',
      addPrefix: '',
      enabled: true,
    });
    const list = await t.call(
      t.alpha.token,
      'GET',
      api(`trunk-group-rules?trunkGroupId=${alphaGroup}`),
    );
    expect(list.json().items.map((r: { id: number }) => r.id)).toEqual([rule.id]);
    const patched = await t.call(t.alpha.token, 'PATCH', api(`trunk-group-rules/${rule.id}`), {
      action: 'deny',
    });
    expect(patched.json()).toMatchObject({ action: 'deny' });
    expect(t.store.trunkGroupRules.enabledFor(alphaGroup, memberTrunk)).toMatchObject([
      { action: 'deny' },
    ]);
    expect(
      (await t.call(t.alpha.token, 'DELETE', api(`trunk-group-rules/${rule.id}`))).statusCode,
    ).toBe(204);
  });

  test('TG-4 a trunk that is not a member → 400 naming trunkId; a bad prefix or an unknown field → 400; nothing written', async () => {
    const notMember = await t.call(t.alpha.token, 'POST', api('trunk-group-rules'), {
      trunkGroupId: alphaGroup,
      trunkId: otherTrunk,
    });
    expect(notMember.statusCode).toBe(400);
    expect(notMember.json().issues[0].field).toContain('trunkId');
    const bad = await t.call(t.alpha.token, 'POST', api('trunk-group-rules'), {
      trunkGroupId: alphaGroup,
      trunkId: memberTrunk,
      numberPrefix: 'abc',
    });
    expect(bad.json().issues[0].field).toBe('body.numberPrefix');
    const unknown = await t.call(t.alpha.token, 'POST', api('trunk-group-rules'), {
      trunkGroupId: alphaGroup,
      trunkId: memberTrunk,
      attribute: 'allow',
    });
    expect(unknown.statusCode).toBe(400);
    expect(t.store.trunkGroupRules.list(t.alpha.team.id)).toEqual([]);
  });

  test('cross-tenant: another team’s group → 404 on create; its rules are neither listed nor readable', async () => {
    const foreign = await t.call(t.alpha.token, 'POST', api('trunk-group-rules'), {
      trunkGroupId: betaGroup,
      trunkId: memberTrunk,
    });
    expect(foreign.statusCode).toBe(404);
    const theirs = await t.call(t.beta.token, 'POST', api('trunk-group-rules'), {
      trunkGroupId: betaGroup,
      trunkId: t.store.trunkGroups.find(betaGroup)!.trunkIds[0],
    });
    expect(theirs.statusCode, theirs.body).toBe(201);
    const id = theirs.json().id as number;
    expect((await t.call(t.alpha.token, 'GET', api(`trunk-group-rules/${id}`))).statusCode).toBe(
      404,
    );
    expect(
      (await t.call(t.alpha.token, 'PATCH', api(`trunk-group-rules/${id}`), { enabled: false }))
        .statusCode,
    ).toBe(404);
    expect((await t.call(t.alpha.token, 'DELETE', api(`trunk-group-rules/${id}`))).statusCode).toBe(
      404,
    );
    const listed = await t.call(t.alpha.token, 'GET', api('trunk-group-rules'));
    expect(listed.json().items.map((r: { id: number }) => r.id)).not.toContain(id);
    const all = await t.call(t.superToken, 'GET', api('trunk-group-rules'));
    expect(all.json().items.map((r: { id: number }) => r.id)).toContain(id);
  });
});
