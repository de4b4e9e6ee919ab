import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TRUNK_GROUP_STRATEGIES, hashPasswordSync } from '../../core/config-store/index.ts';
import { buildTestApi } from '../test-api.ts';
import type { TestApi } from '../test-api.ts';

/*
 * Work hours (spec 02 §3.2, §3.3), trunk groups (§3.4), inbound routes
 * (§3.6) and the inbound blacklist and whitelist (§3.8, §3.9).
 */

let t: TestApi;
let extensionId: number;
let accountId: number;
let serial = 0;

beforeAll(async () => {
  t = await buildTestApi();
  accountId = t.store.accounts.create({
    teamId: t.alpha.team.id,
    username: 'owner',
    accountType: 'user',
    passwordHash: hashPasswordSync('x-password'),
  }).id;
  extensionId = t.store.extensions.create({
    teamId: t.alpha.team.id,
    accountId,
    internalNumber: '100',
  }).id;
});
afterAll(async () => t.close());

async function post(path: string, body: Record<string, unknown>, token = t.alpha.token) {
  const res = await t.call(token, 'POST', `/api/v1/${path}`, body);
  return { res, id: (res.json() as { id: number }).id };
}

const weekdays = { name: 'Weekdays', startTime: '09:00', endTime: '17:59' };

describe('/api/v1/work-hours', () => {
  test('POST → unset dates and weekdays are null (no restriction, WT-2, WT-4); status enabled', async () => {
    const { res } = await post('work-hours', { name: 'Office', intervals: [weekdays] });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      status: 'enabled',
      intervals: [
        { ...weekdays, startDate: null, endDate: null, startWeekday: null, endWeekday: null },
      ],
    });
  });

  test('WT-5: a holiday range 10-01…10-07, 09:00–16:00, and a wrapping Sat→Mon range → 201', async () => {
    const { res } = await post('work-hours', {
      name: 'National Day',
      intervals: [
        {
          name: 'duty',
          startDate: '10-01',
          endDate: '10-07',
          startTime: '09:00',
          endTime: '16:00',
        },
        { ...weekdays, name: 'weekend', startWeekday: 'sat', endWeekday: 'mon' },
        { ...weekdays, name: 'overnight', startTime: '22:00', endTime: '06:00' },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
  });

  test('WT-2/WT-3: 02-30, 24:00, one date only, no interval → 400 naming the field', async () => {
    const cases: Array<[Record<string, unknown>[], string]> = [
      [[{ ...weekdays, startDate: '02-30', endDate: '03-01' }], 'intervals.0.startDate'],
      [[{ ...weekdays, endTime: '24:00' }], 'body.intervals.0.endTime'],
      [[{ ...weekdays, startDate: '04-26' }], 'intervals.0.endDate'],
      [[weekdays, { ...weekdays, startWeekday: 'mon' }], 'intervals.1.endWeekday'],
      [[], 'body.intervals'],
    ];
    for (const [intervals, field] of cases) {
      const { res } = await post('work-hours', { name: `bad${++serial}`, intervals });
      expect(res.statusCode, field).toBe(400);
      expect(res.json().issues[0].field).toBe(field);
    }
  });
});

describe('/api/v1/trunk-groups', () => {
  test('TG-1: default sequential; members keep their order, system trunks allowed (TRK-1), foreign → 400', async () => {
    const own = t.store.trunks.create({
      teamId: t.alpha.team.id,
      name: 'PSTN-A',
      type: 'ipPeer',
      host: 'a.example.net',
    });
    const system = t.store.trunks.create({
      teamId: null,
      name: 'PSTN-B',
      type: 'ipPeer',
      host: 'b.example.net',
    });
    const foreign = t.store.trunks.create({
      teamId: t.beta.team.id,
      name: 'PSTN-C',
      type: 'ipPeer',
      host: 'c.example.net',
    });
    const { res, id } = await post('trunk-groups', {
      name: 'Priority_Outbound',
      trunkIds: [system.id, own.id],
    });
    expect(res.json()).toMatchObject({ strategy: 'sequential', trunkIds: [system.id, own.id] });
    const bad = await post('trunk-groups', { name: 'x', trunkIds: [own.id, foreign.id] });
    expect(bad.res.json().issues).toEqual([
      { field: 'trunkIds', message: `no trunk ${foreign.id} usable by this team` },
    ]);
    for (const strategy of TRUNK_GROUP_STRATEGIES) {
      const patched = await t.call(t.alpha.token, 'PATCH', `/api/v1/trunk-groups/${id}`, {
        strategy,
      });
      expect(patched.statusCode, strategy).toBe(200);
    }
    const del = await t.call(t.alpha.token, 'DELETE', `/api/v1/trunks/${own.id}`);
    expect(del.statusCode).toBe(409);
    expect(del.json().message).toContain(`used by trunkGroup ${id} (Priority_Outbound)`);
  });
  test('AG-3: an account group sends calls over a trunk group; both a trunk and a group → 400; DELETE of the used group → 409', async () => {
    const group = await post('trunk-groups', { name: 'AG target' });
    const betaGroup = t.store.trunkGroups.create({ teamId: t.beta.team.id, name: 'B' });
    const trunk = t.store.trunks.create({
      teamId: t.alpha.team.id,
      name: 'PSTN-D',
      type: 'ipPeer',
      host: 'd.example.net',
    });
    const ag = await post('account-groups', { name: 'Via group', trunkGroupId: group.id });
    expect(ag.res.statusCode, ag.res.body).toBe(201);
    expect(ag.res.json()).toMatchObject({ trunkGroupId: group.id, trunkId: null });
    const both = await t.call(t.alpha.token, 'PATCH', `/api/v1/account-groups/${ag.id}`, {
      trunkId: trunk.id,
    });
    expect(both.statusCode).toBe(400);
    expect(both.json().issues[0].field).toBe('trunkGroupId');
    const foreign = await post('account-groups', { name: 'Foreign', trunkGroupId: betaGroup.id });
    expect(foreign.res.json().issues[0]).toEqual({
      field: 'trunkGroupId',
      message: `no trunkGroup ${betaGroup.id} in this team`,
    });
    const del = await t.call(t.alpha.token, 'DELETE', `/api/v1/trunk-groups/${group.id}`);
    expect(del.statusCode).toBe(409);
    expect(del.json().message).toContain(`used by accountGroup ${ag.id} (Via group)`);
  });
});

describe('/api/v1/inbound-routes', () => {
  test('IR-7: day route (work hours, priority 10 → queue) and night route (priority 0 → end) → 201', async () => {
    const hours = await post('work-hours', { name: 'Day', intervals: [weekdays] });
    const queue = await post('queues', { number: '603', name: 'Day queue' });
    const did = await post('dids', {
      number: '+390255500603',
      destinationType: 'extension',
      destinationId: extensionId,
    });
    const day = await post('inbound-routes', {
      name: 'day',
      didId: did.id,
      workHoursId: hours.id,
      destinationType: 'queue',
      destinationId: queue.id,
      priority: 10,
    });
    expect(day.res.statusCode, day.res.body).toBe(201);
    const night = await post('inbound-routes', {
      name: 'night',
      didId: did.id,
      destinationType: 'end',
    });
    expect(night.res.json()).toMatchObject({ priority: 0, status: 'enabled', destinationId: null });
    const cases: Array<[string, string]> = [
      [`/api/v1/work-hours/${hours.id}`, `used by inboundRoute ${day.id} (day)`],
      [`/api/v1/queues/${queue.id}`, `used by inboundRoute ${day.id} (day)`],
    ];
    for (const [url, message] of cases) {
      const res = await t.call(t.alpha.token, 'DELETE', url);
      expect(res.statusCode, url).toBe(409);
      expect(res.json().message).toContain(message);
    }
    const delDid = await t.call(t.alpha.token, 'DELETE', `/api/v1/dids/${did.id}`);
    expect(delDid.statusCode).toBe(409);
    expect(delDid.json().code).toBe('ERR_REFERENCE');
  });

  test("IR-8: routes to a conference room and a voicemail box → 201; deleting them → 409 naming the route; another team's room → 400", async () => {
    const room = await post('conference-rooms', { number: '7301', name: 'All hands' });
    expect(room.res.statusCode, room.res.body).toBe(201);
    const box = await post('voicemail-boxes', { extensionId });
    expect(box.res.statusCode, box.res.body).toBe(201);
    const toRoom = await post('inbound-routes', {
      name: `r${++serial}`,
      destinationType: 'conference',
      destinationId: room.id,
    });
    expect(toRoom.res.statusCode, toRoom.res.body).toBe(201);
    const toBox = await post('inbound-routes', {
      name: `r${++serial}`,
      destinationType: 'voicemail',
      destinationId: box.id,
    });
    expect(toBox.res.statusCode, toBox.res.body).toBe(201);
    for (const [url, routeId] of [
      [`/api/v1/conference-rooms/${room.id}`, toRoom.id],
      [`/api/v1/voicemail-boxes/${box.id}`, toBox.id],
    ] as const) {
      const res = await t.call(t.alpha.token, 'DELETE', url);
      expect(res.statusCode, url).toBe(409);
      expect(res.json().message).toContain(`used by inboundRoute ${routeId}`);
    }
    const betaRoom = t.store.conferenceRooms.create({
      teamId: t.beta.team.id,
      number: '7302',
      name: 'Beta room',
    });
    const foreign = await post('inbound-routes', {
      name: `r${++serial}`,
      destinationType: 'conference',
      destinationId: betaRoom.id,
    });
    expect(foreign.res.statusCode).toBe(400);
    expect(foreign.res.json().issues[0].field).toBe('destinationId');
  });

  test("IR-8, A-10: routes to an application and to an account (auto-match) → 201; deleting the application → 409 naming the route; another team's account → 400", async () => {
    const app = await post('applications', {
      name: `app${++serial}`,
      context: 'voicemail-main',
      internalNumber: '7390',
    });
    expect(app.res.statusCode, app.res.body).toBe(201);
    const toApp = await post('inbound-routes', {
      name: `r${++serial}`,
      destinationType: 'application',
      destinationId: app.id,
    });
    expect(toApp.res.statusCode, toApp.res.body).toBe(201);
    const toAccount = await post('inbound-routes', {
      name: `r${++serial}`,
      destinationType: 'account',
      destinationId: accountId,
    });
    expect(toAccount.res.statusCode, toAccount.res.body).toBe(201);
    const res = await t.call(t.alpha.token, 'DELETE', `/api/v1/applications/${app.id}`);
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toContain(`used by inboundRoute ${toApp.id}`);
    const foreign = await post('inbound-routes', {
      name: `r${++serial}`,
      destinationType: 'account',
      destinationId: t.beta.adminId,
    });
    expect(foreign.res.statusCode).toBe(400);
    expect(foreign.res.json().issues[0].field).toBe('destinationId');
  });

  test('IR-8: end with a target, queue without one, foreign DID or work hours, bad caller pattern → 400', async () => {
    const betaHours = t.store.workHours.create({
      teamId: t.beta.team.id,
      name: 'B',
      intervals: [
        { ...weekdays, startDate: null, endDate: null, startWeekday: null, endWeekday: null },
      ],
    });
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ destinationType: 'end', destinationId: extensionId }, 'destinationId'],
      [{ destinationType: 'queue' }, 'destinationId'],
      [{ destinationType: 'end', workHoursId: betaHours.id }, 'workHoursId'],
      [{ destinationType: 'end', didId: 999_999 }, 'didId'],
      [{ destinationType: 'end', callerPattern: '12*3' }, 'body.callerPattern'],
    ];
    for (const [body, field] of cases) {
      const { res } = await post('inbound-routes', { name: `r${++serial}`, ...body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().issues[0].field).toBe(field);
    }
  });
});

describe('/api/v1/caller-lists', () => {
  test('BL-1/WL-1: team, account and extension scopes → 201; account and extension at once → 400', async () => {
    const scopes = [{}, { accountId }, { extensionId }];
    for (const scope of scopes) {
      const { res } = await post('caller-lists', {
        listType: 'white',
        numberPattern: '+3902*',
        ...scope,
      });
      expect(res.statusCode, JSON.stringify(scope)).toBe(201);
    }
    const both = await post('caller-lists', {
      listType: 'black',
      numberPattern: '13564139158',
      accountId,
      extensionId,
    });
    expect(both.res.statusCode).toBe(400);
    expect(both.res.json().issues[0].field).toBe('extensionId');
  });

  test('BL-1: an extension of another team → 400; ?listType=black lists only blacklist entries', async () => {
    const black = await post('caller-lists', { listType: 'black', numberPattern: '13564139158' });
    const foreign = await post('caller-lists', {
      listType: 'black',
      numberPattern: '1',
      extensionId: 999_999,
    });
    expect(foreign.res.json().issues).toEqual([
      { field: 'extensionId', message: 'no extension 999999 in this team' },
    ]);
    const list = await t.call(t.alpha.token, 'GET', '/api/v1/caller-lists?listType=black');
    const items = (list.json() as { items: Array<{ id: number; listType: string }> }).items;
    expect(items.map((i) => i.id)).toContain(black.id);
    expect(items.every((i) => i.listType === 'black')).toBe(true);
  });

  test('DELETE of an extension with a screening entry → 409 ERR_IN_USE naming the entry', async () => {
    const ext = t.store.extensions.create({
      teamId: t.alpha.team.id,
      accountId,
      internalNumber: '101',
    });
    const entry = await post('caller-lists', {
      listType: 'black',
      numberPattern: '555',
      extensionId: ext.id,
    });
    const res = await t.call(t.alpha.token, 'DELETE', `/api/v1/extensions/${ext.id}`);
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toContain(`used by callerListEntry ${entry.id} (555)`);
  });
});
