import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashPasswordSync } from '../../../core/config-store/index.ts';
import { buildTestApi } from '../../test-api.ts';
import type { TestApi } from '../../test-api.ts';

/*
 * Templates linked to trunks (TRK-14) and extensions (EXT-16) through the
 * admin API: defaults, checks of kind, protocol and team, the merged
 * configuration, and deletes refused while in use.
 */

let t: TestApi;
let alphaAccountId: number;
let sipDeviceId: number;
let sipTrunkId: number;
let iaxDeviceId: number;

beforeAll(async () => {
  t = await buildTestApi();
  alphaAccountId = t.store.accounts.create({
    teamId: t.alpha.team.id,
    username: 'tplowner',
    accountType: 'user',
    passwordHash: hashPasswordSync('x-password'),
  }).id;
  const system = (name: string) => t.store.pbxTemplates.findByName(null, name)!.id;
  sipDeviceId = system('default sip device');
  sipTrunkId = system('default sip trunk');
  iaxDeviceId = system('default iax2 device');
});
afterAll(async () => t.close());

const TRUNKS = '/api/v1/trunks';
const EXTENSIONS = '/api/v1/extensions';
const TEMPLATES = '/api/v1/pbx-templates';

async function createTemplate(token: string, body: Record<string, unknown>): Promise<number> {
  const res = await t.call(token, 'POST', TEMPLATES, body);
  expect(res.statusCode).toBe(201);
  return (res.json() as { id: number }).id;
}

describe('trunks (TRK-14)', () => {
  test('TRK-14 POST /trunks without templateId → the `default sip trunk`, details empty', async () => {
    const res = await t.call(t.alpha.token, 'POST', TRUNKS, {
      name: 'tpl-default',
      type: 'ipPeer',
      host: 'a.carrier.test',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      templateId: sipTrunkId,
      details: '',
      codecs: ['PCMU', 'PCMA'],
    });
  });

  test('TRK-14 GET effective-config → template lines overlaid by the trunk, with sources', async () => {
    const created = await t.call(t.alpha.token, 'POST', TRUNKS, {
      name: 'tpl-merged',
      type: 'ipPeer',
      host: 'b.carrier.test',
      details: 'dtmfmode=info\nfromuser=alice\nallow=g722,ulaw',
    });
    expect(created.statusCode).toBe(201);
    const { id, codecs } = created.json() as { id: number; codecs: string[] };
    // D36: a trunk created without codecs takes its effective allow= list.
    expect(codecs).toEqual(['G722', 'PCMU']);
    const res = await t.call(t.alpha.token, 'GET', `${TRUNKS}/${id}/effective-config`);
    expect(res.statusCode).toBe(200);
    const body = res.json() as {
      template: { name: string };
      options: Array<{ key: string; source: string; isInterpreted: boolean }>;
      values: Record<string, string>;
    };
    expect(body.template.name).toBe('default sip trunk');
    expect(body.values).toMatchObject({
      type: 'friend',
      context: 'hosted-dialin',
      dtmfmode: 'info',
      fromuser: 'alice',
      allow: 'g722,ulaw',
      disallow: 'all',
    });
    expect(body.options.find((o) => o.key === 'dtmfmode')).toMatchObject({ source: 'details' });
    expect(body.options.find((o) => o.key === 'type')).toMatchObject({ source: 'template' });
    expect(body.options.find((o) => o.key === 'fromuser')).toMatchObject({
      isInterpreted: false,
    });
  });

  test('TRK-14 POST /trunks with a device template → 400 naming templateId', async () => {
    const res = await t.call(t.alpha.token, 'POST', TRUNKS, {
      name: 'tpl-wrong-type',
      type: 'ipPeer',
      host: 'c.carrier.test',
      templateId: sipDeviceId,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0]).toMatchObject({ field: 'templateId' });
  });

  test('TRK-14 POST /trunks with a bad details line → 400 naming details and the line', async () => {
    const res = await t.call(t.alpha.token, 'POST', TRUNKS, {
      name: 'tpl-bad-details',
      type: 'ipPeer',
      host: 'd.carrier.test',
      details: 'host=1.2.3.4\nnot a pair',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0]).toMatchObject({
      field: 'details',
      message: expect.stringMatching(/^line 2:/),
    });
  });

  test('TRK-14 PATCH a team trunk onto a team trunk template → merged from it', async () => {
    const templateId = await createTemplate(t.alpha.token, {
      name: 'alpha trunk tpl',
      templateType: 'trunk',
      details: 'qualify=yes\nnat=no',
    });
    const trunk = t.store.trunks.create({
      teamId: t.alpha.team.id,
      name: 'tpl-patched',
      type: 'ipPeer',
      host: 'e.carrier.test',
    });
    const res = await t.call(t.alpha.token, 'PATCH', `${TRUNKS}/${trunk.id}`, {
      templateId,
      details: 'nat=yes',
    });
    expect(res.statusCode).toBe(200);
    expect(t.store.trunks.effectiveConfig(trunk.id).values).toEqual({ qualify: 'yes', nat: 'yes' });
  });
});

describe('extensions (EXT-16)', () => {
  const create = (token: string, body: Record<string, unknown>) =>
    t.call(token, 'POST', EXTENSIONS, { accountId: alphaAccountId, ...body });

  test('EXT-16 POST /extensions without templateId → the device default of its protocol', async () => {
    const sip = await create(t.alpha.token, { internalNumber: '6001' });
    expect(sip.json()).toMatchObject({ templateId: sipDeviceId, details: '' });
    const iax = await create(t.alpha.token, { internalNumber: '6002', deviceType: 'IAX2' });
    expect(iax.json()).toMatchObject({ templateId: iaxDeviceId });
  });

  test('EXT-16 GET effective-config → the extension wins for every key it sets', async () => {
    const created = await create(t.alpha.token, {
      internalNumber: '6003',
      details: 'dtmfmode=inband\nmailbox=6003@default',
    });
    const id = (created.json() as { id: number }).id;
    const res = await t.call(t.alpha.token, 'GET', `${EXTENSIONS}/${id}/effective-config`);
    expect(res.statusCode).toBe(200);
    expect(res.json().values).toMatchObject({
      host: 'dynamic',
      dtmfmode: 'inband',
      mailbox: '6003@default',
    });
  });

  test('EXT-16 a trunk template or another protocol → 400 naming templateId (T-3)', async () => {
    const trunkTpl = await create(t.alpha.token, {
      internalNumber: '6004',
      templateId: sipTrunkId,
    });
    expect(trunkTpl.statusCode).toBe(400);
    expect(trunkTpl.json().issues[0]).toMatchObject({ field: 'templateId' });
    const iaxOnSip = await create(t.alpha.token, {
      internalNumber: '6004',
      templateId: iaxDeviceId,
    });
    expect(iaxOnSip.statusCode).toBe(400);
  });

  test('EXT-16 PATCH deviceType to IAX2 → moves off the SIP default to the IAX2 one', async () => {
    const created = await create(t.alpha.token, { internalNumber: '6005' });
    const id = (created.json() as { id: number }).id;
    const res = await t.call(t.alpha.token, 'PATCH', `${EXTENSIONS}/${id}`, { deviceType: 'IAX2' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ templateId: iaxDeviceId });
  });

  test('EXT-16 POST /extensions/bulk and CSV import with templateId → every row has it', async () => {
    const templateId = await createTemplate(t.alpha.token, {
      name: 'alpha phones',
      details: 'nat=yes',
    });
    const bulk = await t.call(t.alpha.token, 'POST', `${EXTENSIONS}/bulk`, {
      accountId: alphaAccountId,
      templateId,
      firstNumber: 6100,
      lastNumber: 6102,
    });
    expect(bulk.statusCode).toBe(201);
    const ids = (bulk.json() as { ids: number[] }).ids;
    expect(ids.map((id) => t.store.extensions.get(id).templateId)).toEqual([
      templateId,
      templateId,
      templateId,
    ]);
    const csv = await t.app.inject({
      method: 'POST',
      url: `${EXTENSIONS}/import?accountId=${alphaAccountId}&templateId=${templateId}`,
      headers: { authorization: `Bearer ${t.alpha.token}`, 'content-type': 'text/csv' },
      payload: 'number,name,password,details\n6200,a,,"qualify=no\nhost=dynamic"\n',
    });
    expect(csv.statusCode).toBe(201);
    const imported = t.store.extensions.get((csv.json() as { ids: number[] }).ids[0]!);
    expect(imported).toMatchObject({ templateId, details: 'qualify=no\nhost=dynamic' });
  });

  test('EXT-16 CSV import with a bad details cell → 400 naming line 2.details', async () => {
    const csv = await t.app.inject({
      method: 'POST',
      url: `${EXTENSIONS}/import?accountId=${alphaAccountId}`,
      headers: { authorization: `Bearer ${t.alpha.token}`, 'content-type': 'text/csv' },
      payload: 'number,name,password,details\n6300,a,,dtmfmode=sip\n',
    });
    expect(csv.statusCode).toBe(400);
    expect(csv.json().issues[0]).toMatchObject({ field: 'line 2.details' });
  });
});

describe('templates across teams and deletes', () => {
  test('cross-tenant: team beta naming team alpha’s template → 400, worded as absent', async () => {
    const alphaTpl = await createTemplate(t.alpha.token, { name: 'alpha only', details: 'nat=no' });
    const betaAccount = t.store.accounts.create({
      teamId: t.beta.team.id,
      username: 'betatpl',
      accountType: 'user',
      passwordHash: hashPasswordSync('x-password'),
    });
    const foreign = await t.call(t.beta.token, 'POST', EXTENSIONS, {
      accountId: betaAccount.id,
      internalNumber: '7001',
      templateId: alphaTpl,
    });
    const absent = await t.call(t.beta.token, 'POST', EXTENSIONS, {
      accountId: betaAccount.id,
      internalNumber: '7001',
      templateId: 999_999,
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().issues[0]).toMatchObject({ field: 'templateId' });
    expect(foreign.json().message).toBe(absent.json().message.replace('999999', String(alphaTpl)));
    expect(foreign.json().message).not.toMatch(/alpha only/);
    // System templates (team null) are usable by every team.
    const shared = await t.call(t.beta.token, 'POST', EXTENSIONS, {
      accountId: betaAccount.id,
      internalNumber: '7001',
      templateId: sipDeviceId,
    });
    expect(shared.statusCode).toBe(201);
  });

  test('cross-tenant: team beta reading alpha’s effective-config → 404', async () => {
    const ext = t.store.extensions.list(t.alpha.team.id)[0]!;
    const res = await t.call(t.beta.token, 'GET', `${EXTENSIONS}/${ext.id}/effective-config`);
    expect(res.statusCode).toBe(404);
  });

  test('DELETE a template in use → 409 ERR_IN_USE naming the extension', async () => {
    const templateId = await createTemplate(t.alpha.token, { name: 'in use', details: 'nat=no' });
    const ext = await t.call(t.alpha.token, 'POST', EXTENSIONS, {
      accountId: alphaAccountId,
      internalNumber: '6400',
      templateId,
    });
    const extId = (ext.json() as { id: number }).id;
    const del = await t.call(t.alpha.token, 'DELETE', `${TEMPLATES}/${templateId}`);
    expect(del.statusCode).toBe(409);
    expect(del.json()).toMatchObject({ code: 'ERR_IN_USE' });
    expect(del.json().message).toMatch(new RegExp(`extension ${extId} \\(6400\\)`));
    const retype = await t.call(t.alpha.token, 'PATCH', `${TEMPLATES}/${templateId}`, {
      templateType: 'trunk',
    });
    expect(retype.statusCode).toBe(409);
  });

  test('DELETE a template no one uses → 204', async () => {
    const templateId = await createTemplate(t.alpha.token, { name: 'unused', details: 'nat=no' });
    expect((await t.call(t.alpha.token, 'DELETE', `${TEMPLATES}/${templateId}`)).statusCode).toBe(
      204,
    );
  });
});

describe('quick edit of templates per protocol (spec 01 §1.10)', () => {
  test('EXT-16 POST /extensions/templates → each selected extension takes its protocol’s template', async () => {
    const sipTpl = await createTemplate(t.alpha.token, { name: 'qe sip', details: 'nat=no' });
    const iaxTpl = await createTemplate(t.alpha.token, {
      name: 'qe iax',
      protocol: 'iax2',
      details: 'qualify=no',
    });
    const make = (internalNumber: string, deviceType: 'SIP' | 'IAX2' | 'MGCP') =>
      t.store.extensions.create({
        teamId: t.alpha.team.id,
        accountId: alphaAccountId,
        internalNumber,
        deviceType,
      });
    const sip = make('6500', 'SIP');
    const iax = make('6501', 'IAX2');
    const mgcp = make('6502', 'MGCP');
    const res = await t.call(t.alpha.token, 'POST', `${EXTENSIONS}/templates`, {
      extensionIds: [sip.id, iax.id, mgcp.id],
      templateSip: sipTpl,
      templateIax2: iaxTpl,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ count: 2, ids: [sip.id, iax.id] });
    expect(t.store.extensions.get(sip.id).templateId).toBe(sipTpl);
    expect(t.store.extensions.get(iax.id).templateId).toBe(iaxTpl);
    expect(t.store.extensions.get(mgcp.id).templateId).toBe(mgcp.templateId);
  });

  test('EXT-16 POST /extensions/templates with a wrong-protocol template → 400 naming it, none changed', async () => {
    const sip = t.store.extensions.create({
      teamId: t.alpha.team.id,
      accountId: alphaAccountId,
      internalNumber: '6510',
    });
    const iax = t.store.extensions.create({
      teamId: t.alpha.team.id,
      accountId: alphaAccountId,
      internalNumber: '6511',
      deviceType: 'IAX2',
    });
    const res = await t.call(t.alpha.token, 'POST', `${EXTENSIONS}/templates`, {
      extensionIds: [sip.id, iax.id],
      templateSip: sipDeviceId,
      templateIax2: sipDeviceId,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0]).toMatchObject({ field: 'templateIax2' });
    expect(t.store.extensions.get(iax.id).templateId).toBe(iaxDeviceId);
  });

  test('POST /extensions/templates naming another team’s extension → 404', async () => {
    const betaAccount = t.store.accounts.create({
      teamId: t.beta.team.id,
      username: 'betaqe',
      accountType: 'user',
      passwordHash: hashPasswordSync('x-password'),
    });
    const betaExt = t.store.extensions.create({
      teamId: t.beta.team.id,
      accountId: betaAccount.id,
      internalNumber: '7100',
    });
    const res = await t.call(t.alpha.token, 'POST', `${EXTENSIONS}/templates`, {
      extensionIds: [betaExt.id],
      templateSip: sipDeviceId,
    });
    expect(res.statusCode).toBe(404);
  });
});
