import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SwitchyardError } from '../../../core/index.ts';
import { hashPasswordSync, type Bill, type NewBill } from '../../../core/config-store/index.ts';
import { TEST_PASSWORD, buildTestApi, login } from '../../test-api.ts';
import type { TestApi } from '../../test-api.ts';
import type { BillPeriodView, BillsControl } from './bills-control.ts';

/*
 * Bills (spec 03 §7.4–7.6) over a fake control: the generator and mailer
 * are pbx/billing-statements' and tested there; here the scope, the
 * status codes and the operation log.
 */

let t: TestApi;
let userToken: string;
let otherUserId: number;
const sent: number[] = [];
let mailConfigured = true;
let smtpFailure: SwitchyardError | undefined;
const bills: Record<string, Bill> = {};

function newBill(over: Partial<NewBill> & Pick<NewBill, 'level'>): NewBill {
  return {
    teamId: null,
    accountId: null,
    periodStart: '2025-11-01',
    periodEnd: '2025-12-01',
    dueDate: '2025-12-11',
    creator: 'system',
    holderName: 'x',
    balanceBfE4: 0,
    paymentE4: 0,
    adjustmentE4: 0,
    newChargesE4: 0,
    interestE4: 0,
    currentBalanceE4: 0,
    monthlyFeeE4: 0,
    dialOutE4: 0,
    dialInE4: 0,
    otherE4: 0,
    dialOutCalls: 0,
    dialInCalls: 0,
    lines: [],
    ...over,
  };
}

const control: BillsControl = {
  html: (bill) => `<p>${bill.holderName.replace(/</g, '&lt;')}</p>`,
  isMailConfigured: () => mailConfigured,
  async send(bill) {
    if (smtpFailure !== undefined) throw smtpFailure;
    sent.push(bill.id);
    return { bill, recipients: ['u@alpha.test'] };
  },
  periodOf: (month): BillPeriodView =>
    month === undefined
      ? { start: '2025-12-01', end: '2026-01-01' }
      : { start: `${month}-01`, end: `${month}-28` },
  prepareBills: async (period) => (creator) => {
    const r = t.store.bills.insertOnce(
      newBill({ level: 'system', periodStart: period.start, periodEnd: period.end, creator }),
    );
    return { created: r.isNew ? 1 : 0, existing: r.isNew ? 0 : 1 };
  },
  mailUserBills: () => undefined,
};

beforeAll(async () => {
  t = await buildTestApi(undefined, { bills: control });
  const hash = hashPasswordSync(TEST_PASSWORD);
  const mk = (teamId: number, username: string, email: string | null) =>
    t.store.accounts.create({ teamId, username, accountType: 'user', passwordHash: hash, email });
  const user = mk(t.alpha.team.id, 'ua', 'u@alpha.test');
  const other = mk(t.alpha.team.id, 'ub', null);
  otherUserId = other.id;
  const role = t.store.roles.create({
    teamId: t.alpha.team.id,
    name: 'bill-reader',
    permissions: { bills: ['view', 'add'] },
  });
  t.store.roles.assign(user.id, role.id);
  userToken = await login(t.app, 'ua', 'alpha');
  const a = t.alpha.team.id;
  const b = t.beta.team.id;
  bills.system = t.store.bills.insertOnce(newBill({ level: 'system' })).bill;
  bills.alpha = t.store.bills.insertOnce(
    newBill({ level: 'team', teamId: a, holderName: '<b>A</b>' }),
  ).bill;
  bills.beta = t.store.bills.insertOnce(newBill({ level: 'team', teamId: b })).bill;
  bills.ua = t.store.bills.insertOnce(
    newBill({ level: 'user', teamId: a, accountId: user.id }),
  ).bill;
  bills.ub = t.store.bills.insertOnce(
    newBill({ level: 'user', teamId: a, accountId: other.id }),
  ).bill;
});
afterAll(async () => t.close());

const ids = (res: { json(): unknown }) => (res.json() as { items: Bill[] }).items.map((b) => b.id);

describe('GET /api/v1/bills (scope)', () => {
  test('superadmin → every level; filter level=team and cursor pages', async () => {
    const all = await t.call(t.superToken, 'GET', '/api/v1/bills');
    expect(all.statusCode, all.body).toBe(200);
    expect(ids(all)).toHaveLength(5);
    const page1 = await t.call(t.superToken, 'GET', '/api/v1/bills?level=team&limit=1');
    const body1 = page1.json() as { items: Bill[]; nextCursor: string };
    expect(body1.items.map((b) => b.id)).toEqual([bills.beta!.id]);
    const page2 = await t.call(
      t.superToken,
      'GET',
      `/api/v1/bills?level=team&limit=1&cursor=${body1.nextCursor}`,
    );
    expect(ids(page2)).toEqual([bills.alpha!.id]);
  });

  test('team admin → its team’s team and user bills only; naming beta → 403', async () => {
    const res = await t.call(t.alpha.token, 'GET', '/api/v1/bills');
    expect(ids(res).sort()).toEqual([bills.alpha!.id, bills.ua!.id, bills.ub!.id].sort());
    const cross = await t.call(t.alpha.token, 'GET', `/api/v1/bills?teamId=${t.beta.team.id}`);
    expect(cross.statusCode).toBe(403);
  });

  test('user → its own bills; naming another account → 403', async () => {
    const res = await t.call(userToken, 'GET', '/api/v1/bills');
    expect(res.statusCode, res.body).toBe(200);
    expect(ids(res)).toEqual([bills.ua!.id]);
    const other = await t.call(userToken, 'GET', `/api/v1/bills?accountId=${otherUserId}`);
    expect(other.statusCode).toBe(403);
  });

  test('period filters → periods starting in the range', async () => {
    const none = await t.call(t.superToken, 'GET', '/api/v1/bills?periodFrom=2025-11-02');
    expect(ids(none)).toEqual([]);
    const bad = await t.call(t.superToken, 'GET', '/api/v1/bills?periodFrom=Nov');
    expect(bad.statusCode).toBe(400);
  });
});

describe('GET /api/v1/bills/:id and /html', () => {
  test('another team’s bill or the system bill → 404 for a team admin, like a missing one', async () => {
    for (const id of [bills.beta!.id, bills.system!.id, 99_999]) {
      const res = await t.call(t.alpha.token, 'GET', `/api/v1/bills/${id}`);
      expect(res.statusCode).toBe(404);
    }
    const own = await t.call(t.alpha.token, 'GET', `/api/v1/bills/${bills.alpha!.id}`);
    expect(own.json()).toMatchObject({ level: 'team', ownerKey: `team:${t.alpha.team.id}` });
  });

  test('a user reading another user’s bill → 404', async () => {
    const res = await t.call(userToken, 'GET', `/api/v1/bills/${bills.ub!.id}/html`);
    expect(res.statusCode).toBe(404);
  });

  test('html → text/html with a restrictive CSP, names escaped', async () => {
    const res = await t.call(t.alpha.token, 'GET', `/api/v1/bills/${bills.alpha!.id}/html`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.body).toBe('<p>&lt;b>A&lt;/b></p>');
  });
});

describe('POST /api/v1/bills/:id/send', () => {
  test('own bill with an address → 200, sent, operation log row', async () => {
    const res = await t.call(userToken, 'POST', `/api/v1/bills/${bills.ua!.id}/send`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ recipients: ['u@alpha.test'] });
    expect(sent).toContain(bills.ua!.id);
    const log = t.store.operationLogs.list({ limit: 5 })[0];
    expect(log).toMatchObject({ resource: 'bills/send', objectId: String(bills.ua!.id) });
  });

  test('owner without an address → 409 ERR_BILL_NO_RECIPIENT', async () => {
    const res = await t.call(t.alpha.token, 'POST', `/api/v1/bills/${bills.ub!.id}/send`);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'ERR_BILL_NO_RECIPIENT' });
  });

  test('no SMTP configured → 503 ERR_MAIL_NOT_CONFIGURED', async () => {
    mailConfigured = false;
    try {
      const res = await t.call(t.superToken, 'POST', `/api/v1/bills/${bills.ua!.id}/send`);
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ code: 'ERR_MAIL_NOT_CONFIGURED' });
    } finally {
      mailConfigured = true;
    }
  });

  test('mail server refuses → 502 with the SMTP code', async () => {
    smtpFailure = new SwitchyardError('ERR_SMTP_REPLY', '550 rejected');
    try {
      const res = await t.call(t.superToken, 'POST', `/api/v1/bills/${bills.ua!.id}/send`);
      expect(res.statusCode).toBe(502);
      expect(res.json()).toMatchObject({ code: 'ERR_SMTP_REPLY' });
    } finally {
      smtpFailure = undefined;
    }
  });

  test('another team’s bill → 404', async () => {
    const res = await t.call(t.alpha.token, 'POST', `/api/v1/bills/${bills.beta!.id}/send`);
    expect(res.statusCode).toBe(404);
  });
});

describe('POST /api/v1/bills/generate', () => {
  test('superadmin → bills made once, then existing; operation log row', async () => {
    const first = await t.call(t.superToken, 'POST', '/api/v1/bills/generate', {
      period: '2025-10',
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({
      periodStart: '2025-10-01',
      periodEnd: '2025-10-28',
      created: 1,
      existing: 0,
    });
    const again = await t.call(t.superToken, 'POST', '/api/v1/bills/generate', {
      period: '2025-10',
    });
    expect(again.json()).toMatchObject({ created: 0, existing: 1 });
    const log = t.store.operationLogs.list({ limit: 1 })[0];
    expect(log).toMatchObject({ resource: 'bills/generate', action: 'create' });
    const made = t.store.bills.findForPeriod('system', '2025-10-01');
    expect(made?.creator).toBe('root');
  });

  test('a period that has not ended → 409 ERR_PERIOD_NOT_ENDED', async () => {
    const res = await t.call(t.superToken, 'POST', '/api/v1/bills/generate', { period: '2026-01' });
    expect(res.statusCode).toBe(409);
  });

  test('team admin → 403; a bad month → 400', async () => {
    expect((await t.call(t.alpha.token, 'POST', '/api/v1/bills/generate', {})).statusCode).toBe(
      403,
    );
    const bad = await t.call(t.superToken, 'POST', '/api/v1/bills/generate', { period: '2025-13' });
    expect(bad.statusCode).toBe(400);
  });
});
