import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashPasswordSync } from '../../core/config-store/index.ts';
import { buildTestApi } from '../test-api.ts';
import type { TestApi } from '../test-api.ts';

/*
 * Outbound rules of issue 7 (D39) over the admin API: trunk rules (TRK-6),
 * the team's default outbound target (TM-5), route actions (OR-4) and the
 * routes of an account group (AG-2).
 */

let t: TestApi;
let alphaTrunk: number;
let betaTrunk: number;
let systemTrunk: number;

const trunkBody = (name: string) => ({
  name,
  type: 'ipPeer' as const,
  host: '198.51.100.10',
  codecs: ['PCMU'],
});

beforeAll(async () => {
  t = await buildTestApi();
  alphaTrunk = t.store.trunks.create({ ...trunkBody('alpha-carrier'), teamId: t.alpha.team.id }).id;
  betaTrunk = t.store.trunks.create({ ...trunkBody('beta-carrier'), teamId: t.beta.team.id }).id;
  systemTrunk = t.store.trunks.create({ ...trunkBody('system-carrier'), teamId: null }).id;
});
afterAll(async () => t.close());

const api = (path: string) => `/api/v1/${path}`;

describe('trunk rules (spec 01 §2.1, TRK-6)', () => {
  test('TRK-6 POST, GET, PATCH, DELETE /trunk-rules → a rule of the team’s trunk with the spec’s defaults', async () => {
    const created = await t.call(t.alpha.token, 'POST', api('trunk-rules'), {
      trunkId: alphaTrunk,
      numberPrefix: '1',
      addPrefix: '0',
    });
    expect(created.statusCode, created.body).toBe(201);
    const rule = created.json();
    expect(rule).toMatchObject({
      trunkId: alphaTrunk,
      teamId: t.alpha.team.id,
      numberPrefix: '1',
      numberLength: 0,
      action: 'allow',
      stripPrefix: '',
      addPrefix: '0',
      enabled: true,
    });
    const fallback = await t.call(t.alpha.token, 'POST', api('trunk-rules'), {
      trunkId: alphaTrunk,
      action: 'deny',
    });
    expect(fallback.json()).toMatchObject({ numberPrefix: 'default', action: 'deny' });
    const list = await t.call(t.alpha.token, 'GET', api(`trunk-rules?trunkId=${alphaTrunk}`));
    expect(list.json().items.map((r: { id: number }) => r.id)).toEqual([
      rule.id,
      fallback.json().id,
    ]);
    const patched = await t.call(t.alpha.token, 'PATCH', api(`trunk-rules/${rule.id}`), {
      enabled: false,
    });
    expect(patched.json()).toMatchObject({ enabled: false });
    expect(t.store.trunkRules.enabledFor(alphaTrunk).map((r) => r.id)).toEqual([
      fallback.json().id,
    ]);
    const deleted = await t.call(t.alpha.token, 'DELETE', api(`trunk-rules/${rule.id}`));
    expect(deleted.statusCode).toBe(204);
  });

  test('TRK-6 POST /trunk-rules with a bad prefix, or the same prefix and length twice → 400 / 409', async () => {
    const bad = await t.call(t.alpha.token, 'POST', api('trunk-rules'), {
      trunkId: alphaTrunk,
      numberPrefix: 'abc',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].field).toBe('body.numberPrefix');
    const body = { trunkId: alphaTrunk, numberPrefix: '0411', numberLength: 8 };
    expect((await t.call(t.alpha.token, 'POST', api('trunk-rules'), body)).statusCode).toBe(201);
    expect((await t.call(t.alpha.token, 'POST', api('trunk-rules'), body)).statusCode).toBe(409);
  });

  test('TRK-6 another team’s trunk or rule → 404 alike; a system trunk’s rules are read-only (TRK-1)', async () => {
    const foreign = await t.call(t.alpha.token, 'POST', api('trunk-rules'), { trunkId: betaTrunk });
    expect(foreign.statusCode).toBe(404);
    const absent = await t.call(t.alpha.token, 'POST', api('trunk-rules'), { trunkId: 999_999 });
    expect(absent.statusCode).toBe(404);
    expect(absent.json().message).toBe(foreign.json().message.replace(String(betaTrunk), '999999'));
    const betaRule = t.store.trunkRules.create({ trunkId: betaTrunk, numberPrefix: '9' });
    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      const res = await t.call(
        t.alpha.token,
        method,
        api(`trunk-rules/${betaRule.id}`),
        method === 'PATCH' ? { enabled: false } : undefined,
      );
      expect(res.statusCode, method).toBe(404);
    }
    const listed = await t.call(t.alpha.token, 'GET', api('trunk-rules'));
    expect(listed.json().items.some((r: { id: number }) => r.id === betaRule.id)).toBe(false);
    const system = await t.call(t.superToken, 'POST', api('trunk-rules'), { trunkId: systemTrunk });
    expect(system.statusCode).toBe(201);
    const read = await t.call(t.alpha.token, 'GET', api(`trunk-rules/${system.json().id}`));
    expect(read.statusCode).toBe(200);
    const write = await t.call(t.alpha.token, 'PATCH', api(`trunk-rules/${system.json().id}`), {
      enabled: false,
    });
    expect(write.statusCode).toBe(403);
    const add = await t.call(t.alpha.token, 'POST', api('trunk-rules'), { trunkId: systemTrunk });
    expect(add.statusCode).toBe(403);
  });

  test('TRK-6 deleting a trunk → its rules go with it', () => {
    const trunk = t.store.trunks.create({ ...trunkBody('short-lived'), teamId: t.alpha.team.id });
    const rule = t.store.trunkRules.create({ trunkId: trunk.id });
    t.store.trunks.delete(trunk.id);
    expect(t.store.trunkRules.find(rule.id)).toBeUndefined();
  });
});

describe('team default outbound target (spec 01 §1.2, TM-5)', () => {
  test('TM-5 PATCH /teams/:id with the team’s trunk, a system trunk or its trunk group → stored', async () => {
    const group = t.store.trunkGroups.create({ teamId: t.alpha.team.id, name: 'tm5-group' });
    const cases = [
      { outboundTargetType: 'trunk', outboundTargetId: alphaTrunk },
      { outboundTargetType: 'trunk', outboundTargetId: systemTrunk },
      { outboundTargetType: 'trunkGroup', outboundTargetId: group.id },
    ];
    for (const body of cases) {
      const res = await t.call(t.superToken, 'PATCH', api(`teams/${t.alpha.team.id}`), body);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject(body);
    }
    const cleared = await t.call(t.superToken, 'PATCH', api(`teams/${t.alpha.team.id}`), {
      outboundTargetType: 'none',
    });
    expect(cleared.json()).toMatchObject({ outboundTargetType: 'none', outboundTargetId: null });
    t.store.trunkGroups.delete(group.id);
  });

  test('TM-5 PATCH /teams/:id with another team’s trunk or group, or a type without an id → 400 naming outboundTargetId', async () => {
    const betaGroup = t.store.trunkGroups.create({ teamId: t.beta.team.id, name: 'beta-group' });
    const cases = [
      { outboundTargetType: 'trunk', outboundTargetId: betaTrunk },
      { outboundTargetType: 'trunkGroup', outboundTargetId: betaGroup.id },
      { outboundTargetType: 'trunkGroup', outboundTargetId: alphaTrunk + 10_000 },
      { outboundTargetType: 'trunk' },
    ];
    for (const body of cases) {
      const res = await t.call(t.superToken, 'PATCH', api(`teams/${t.alpha.team.id}`), body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().issues[0].field).toBe('outboundTargetId');
    }
    expect(t.store.teams.find(t.alpha.team.id)?.outboundTargetType).toBe('none');
  });

  test('TM-5 DELETE of a trunk or trunk group a team targets → 409 naming the team', async () => {
    const trunk = t.store.trunks.create({ ...trunkBody('tm5-only'), teamId: t.beta.team.id });
    t.store.teams.update(t.beta.team.id, {
      outboundTargetType: 'trunk',
      outboundTargetId: trunk.id,
    });
    const res = await t.call(t.superToken, 'DELETE', api(`trunks/${trunk.id}`));
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toContain(`team ${t.beta.team.id}`);
    const group = t.store.trunkGroups.create({ teamId: t.beta.team.id, name: 'tm5-hunt' });
    t.store.teams.update(t.beta.team.id, {
      outboundTargetType: 'trunkGroup',
      outboundTargetId: group.id,
    });
    const refused = await t.call(t.superToken, 'DELETE', api(`trunk-groups/${group.id}`));
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toContain(`team ${t.beta.team.id}`);
    t.store.teams.update(t.beta.team.id, { outboundTargetType: 'none' });
    expect((await t.call(t.superToken, 'DELETE', api(`trunks/${trunk.id}`))).statusCode).toBe(204);
  });
});

describe('outbound route actions (spec 02 §3.7, OR-4)', () => {
  let ringGroupId: number;
  beforeAll(() => {
    ringGroupId = t.store.ringGroups.create({
      teamId: t.alpha.team.id,
      internalNumber: '6100',
      name: 'or4-ring',
    }).id;
  });

  test('OR-4 POST /outbound-routes with action ringGroup, queue or end → 201 without a trunk', async () => {
    const ring = await t.call(t.alpha.token, 'POST', api('outbound-routes'), {
      name: 'or4-ring',
      numberPrefix: '7',
      action: 'ringGroup',
      actionTargetId: ringGroupId,
    });
    expect(ring.statusCode, ring.body).toBe(201);
    expect(ring.json()).toMatchObject({
      action: 'ringGroup',
      actionTargetId: ringGroupId,
      trunkId: null,
    });
    const end = await t.call(t.alpha.token, 'POST', api('outbound-routes'), {
      name: 'or4-end',
      numberPrefix: '00',
      action: 'end',
    });
    expect(end.json()).toMatchObject({ action: 'end', actionTargetId: null, trunkId: null });
    const plain = await t.call(t.alpha.token, 'POST', api('outbound-routes'), {
      name: 'or4-dial',
      numberPrefix: '9',
      trunkId: alphaTrunk,
    });
    expect(plain.json()).toMatchObject({ action: 'dialOut', trunkId: alphaTrunk });
    const switched = await t.call(
      t.alpha.token,
      'PATCH',
      api(`outbound-routes/${plain.json().id}`),
      {
        action: 'end',
      },
    );
    expect(switched.json()).toMatchObject({ action: 'end', trunkId: null });
  });

  test('OR-4 a ring group of another team, a target on dialOut, or ringGroup without one → 400 naming the field', async () => {
    const betaRing = t.store.ringGroups.create({
      teamId: t.beta.team.id,
      internalNumber: '6200',
      name: 'b',
    });
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ action: 'ringGroup', actionTargetId: betaRing.id }, 'actionTargetId'],
      [{ action: 'ringGroup' }, 'actionTargetId'],
      [{ action: 'dialOut', actionTargetId: ringGroupId }, 'actionTargetId'],
      [{ action: 'end', trunkId: alphaTrunk }, 'trunkId'],
    ];
    for (const [body, field] of cases) {
      const res = await t.call(t.alpha.token, 'POST', api('outbound-routes'), {
        name: `bad-${field}-${String(body['action'])}`,
        ...body,
      });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().issues[0].field).toBe(field);
    }
  });

  test('OR-4 DELETE of a ring group a route hands calls to → 409 naming the route', async () => {
    const res = await t.call(t.alpha.token, 'DELETE', api(`ring-groups/${ringGroupId}`));
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toContain('outboundRoute');
  });
});

describe('account-group routes (spec 01 §1.4, AG-2)', () => {
  test('AG-2 PATCH /account-groups/:id with outboundRouteIds → members dial by those; the team by the rest', async () => {
    const teamId = t.alpha.team.id;
    const account = t.store.accounts.create({
      teamId,
      username: 'ag2owner',
      accountType: 'user',
      passwordHash: hashPasswordSync('x-password'),
    });
    const own = t.store.outboundRoutes.create({
      teamId,
      name: 'ag2-team',
      numberPrefix: '8',
      trunkId: alphaTrunk,
    });
    const groupRoute = t.store.outboundRoutes.create({
      teamId,
      name: 'ag2-group',
      numberPrefix: '8',
      trunkId: systemTrunk,
    });
    const group = await t.call(t.alpha.token, 'POST', api('account-groups'), {
      name: 'ag2',
      members: [{ accountId: account.id }],
      outboundRouteIds: [groupRoute.id],
    });
    expect(group.statusCode, group.body).toBe(201);
    expect(group.json().outboundRouteIds).toEqual([groupRoute.id]);
    expect(
      t.store.outboundRoutes.findCandidates(teamId, '812', [groupRoute.id]).map((r) => r.id),
    ).toEqual([groupRoute.id]);
    expect(t.store.outboundRoutes.findCandidates(teamId, '812').map((r) => r.id)).toEqual([own.id]);
    expect(t.store.accountGroups.findByAccount(account.id)?.outboundRouteIds).toEqual([
      groupRoute.id,
    ]);
    const cleared = await t.call(t.alpha.token, 'PATCH', api(`account-groups/${group.json().id}`), {
      outboundRouteIds: [],
    });
    expect(cleared.json().outboundRouteIds).toEqual([]);
    expect(t.store.outboundRoutes.findCandidates(teamId, '812').map((r) => r.id)).toEqual([
      own.id,
      groupRoute.id,
    ]);
  });

  test('AG-2 outboundRouteIds naming another team’s route → 400 naming outboundRouteIds', async () => {
    const beta = t.store.outboundRoutes.create({
      teamId: t.beta.team.id,
      name: 'beta-route',
      trunkId: betaTrunk,
    });
    const res = await t.call(t.alpha.token, 'POST', api('account-groups'), {
      name: 'ag2-foreign',
      outboundRouteIds: [beta.id],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0].field).toBe('outboundRouteIds');
  });
});
