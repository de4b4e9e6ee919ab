import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { FakeClock, silentLogger } from '../../core/index.ts';
import { openStore, hashPasswordSync, type ConfigStore } from '../../core/config-store/index.ts';
import type { MailMessage, Mailer, MailReceipt } from '../../core/mail/index.ts';
import { computeBillAmounts, NO_CHARGES, type BillCharges } from './bill-amounts.ts';
import type { BillChargesSource, ChargeOwner } from './bill-charges-source.ts';
import { BillGenerator } from './bill-generator.ts';
import { BillMailer, MailNotConfiguredError, NoBillRecipientError } from './bill-mailer.ts';
import { addDays, lastEndedPeriod, monthlyPeriod, type BillPeriod } from './bill-period.ts';
import { escapeHtml, formatE4, renderBillHtml } from './bill-render.ts';
import { BillScheduler } from './bill-scheduler.ts';

const HASH = hashPasswordSync('correct horse battery staple');

let dir: string;
let store: ConfigStore;
let clock: FakeClock;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sy-bills-'));
  // 2026-11-26 13:00 UTC.
  clock = new FakeClock(Date.UTC(2026, 10, 26, 13));
  store = openStore({ dataDir: dir, clock });
});

afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** generate() with the period's charges read first, as the scheduler does. */
async function generateAll(generator: BillGenerator, period: BillPeriod) {
  return generator.generate(period, await generator.chargesOf(period));
}

/** Charges the test sets per owner key. */
function fakeCharges(table: Record<string, Partial<BillCharges>>): BillChargesSource {
  return {
    async charges(owner: ChargeOwner) {
      const key = owner.level === 'team' ? `team:${owner.teamId}` : `user:${owner.accountId}`;
      return { ...NO_CHARGES, ...table[key] };
    },
  };
}

function recordingMailer(fail?: Error): Mailer & { sent: MailMessage[] } {
  const sent: MailMessage[] = [];
  return {
    sent,
    async send(message): Promise<MailReceipt> {
      if (fail !== undefined) throw fail;
      sent.push(message);
      return { messageId: '<x@y>', accepted: message.to.map((t) => t.address), rejected: [] };
    },
  };
}

function seed() {
  const team = store.teams.create({ uid: 'acme', name: 'Acme <Ltd>' });
  const alice = store.accounts.create({
    teamId: team.id,
    username: 'alice',
    accountType: 'user',
    passwordHash: HASH,
    email: 'alice@acme.test',
    receiveBillEmail: true,
  });
  const bob = store.accounts.create({
    teamId: team.id,
    username: 'bob',
    accountType: 'user',
    passwordHash: HASH,
    email: 'bob@acme.test',
  });
  return { team, alice, bob };
}

describe('computeBillAmounts() (spec 03 §7.4–7.6 (c))', () => {
  test('computeBillAmounts() → CurrentBalance = B/F − Payment + NewCharges + Adjustment + Interest', () => {
    const r = computeBillAmounts({
      balanceBfE4: 100_000,
      paymentE4: 30_000,
      adjustmentE4: 5_000,
      interestE4: 1,
      charges: {
        ...NO_CHARGES,
        monthlyFeeE4: 10_000,
        dialOutE4: 2_000,
        dialInE4: 300,
        otherE4: 40,
      },
    });
    expect(r).toEqual({
      newChargesE4: 12_340,
      currentBalanceE4: 100_000 - 30_000 + 12_340 + 5_000 + 1,
    });
  });
});

describe('bill periods', () => {
  test('lastEndedPeriod() on 26 Nov with bill day 1 → 1 Oct to 1 Nov', () => {
    expect(lastEndedPeriod(Date.UTC(2026, 10, 26), 1)).toEqual({
      start: '2026-10-01',
      end: '2026-11-01',
    });
  });

  test('lastEndedPeriod() in early January before the bill day → Nov to Dec of last year', () => {
    expect(lastEndedPeriod(Date.UTC(2027, 0, 3), 5)).toEqual({
      start: '2026-11-05',
      end: '2026-12-05',
    });
  });

  test('lastEndedPeriod() at the very start of the bill day → the period ending then', () => {
    expect(lastEndedPeriod(Date.UTC(2026, 11, 1), 1).end).toBe('2026-12-01');
  });

  test('monthlyPeriod() for December → ends in January; addDays() crosses months', () => {
    expect(monthlyPeriod('2026-12', 28)).toEqual({ start: '2026-12-28', end: '2027-01-28' });
    expect(addDays('2026-11-25', 10)).toBe('2026-12-05');
  });
});

describe('BillGenerator.generate()', () => {
  test('generate() → one bill per user, team (user lines) and system (team lines)', async () => {
    const { team, alice, bob } = seed();
    const generator = new BillGenerator({
      store,
      charges: fakeCharges({
        [`user:${alice.id}`]: { dialOutE4: 12_500, dialOutCalls: 3, costE4: 9_000 },
        [`team:${team.id}`]: { dialOutE4: 12_500, dialOutCalls: 3, costE4: 4_000 },
      }),
    });
    const r = await generateAll(generator, { start: '2026-10-01', end: '2026-11-01' });
    expect(r.created.map((b) => b.level)).toEqual(['user', 'user', 'team', 'system']);
    const [a, b, t, s] = r.created;
    expect(a).toMatchObject({
      accountId: alice.id,
      teamId: team.id,
      newChargesE4: 12_500,
      dialOutCalls: 3,
    });
    expect(a).toMatchObject({ dueDate: '2026-11-11', creator: 'system', holderName: 'alice' });
    expect(b).toMatchObject({ accountId: bob.id, newChargesE4: 0 });
    expect(JSON.parse(t!.linesJson)).toEqual([
      { name: 'alice', creditE4: 12_500, costE4: 9_000 },
      { name: 'bob', creditE4: 0, costE4: 0 },
    ]);
    expect(JSON.parse(s!.linesJson)).toEqual([
      { name: 'Acme <Ltd>', creditE4: 12_500, costE4: 4_000 },
    ]);
    expect(s).toMatchObject({ teamId: null, accountId: null, newChargesE4: 12_500 });
  });

  test('generate() twice for a period → second run writes nothing (one bill per owner and period)', async () => {
    seed();
    const generator = new BillGenerator({ store, charges: fakeCharges({}) });
    const period = { start: '2026-10-01', end: '2026-11-01' };
    expect((await generateAll(generator, period)).created).toHaveLength(4);
    expect(await generateAll(generator, period)).toMatchObject({ created: [], existing: 4 });
    expect(store.bills.list({ limit: 100 })).toHaveLength(4);
  });

  test('generate() → B/F is the previous bill’s balance; Payment/Adjustment are the period’s recharges/deductions', async () => {
    const { team } = seed();
    const generator = new BillGenerator({
      store,
      charges: fakeCharges({ [`team:${team.id}`]: { dialOutE4: 50_000 } }),
    });
    const october = await generateAll(generator, { start: '2026-09-01', end: '2026-10-01' });
    const teamSeptember = october.created.find((b) => b.level === 'team')!;
    expect(teamSeptember.currentBalanceE4).toBe(50_000);
    // Adjustments made now (26 Nov) fall in the period 1 Nov – 1 Dec.
    store.finance.adjustTeam({ teamId: team.id, type: 'recharge', amountE4: 20_000 });
    store.finance.adjustTeam({ teamId: team.id, type: 'deduction', amountE4: 3_000 });
    const next = await generateAll(generator, { start: '2026-11-01', end: '2026-12-01' });
    const teamNovember = next.created.find((b) => b.level === 'team')!;
    expect(teamNovember).toMatchObject({
      balanceBfE4: 50_000,
      paymentE4: 20_000,
      adjustmentE4: 3_000,
      newChargesE4: 50_000,
      currentBalanceE4: 50_000 - 20_000 + 50_000 + 3_000,
    });
    expect(next.created.find((b) => b.level === 'system')).toMatchObject({
      paymentE4: 20_000,
      balanceBfE4: 50_000,
    });
  });
});

describe('renderBillHtml()', () => {
  test('renderBillHtml() when a name holds markup → escaped; amounts with four decimals', async () => {
    seed();
    const r = await generateAll(new BillGenerator({ store, charges: fakeCharges({}) }), {
      start: '2026-10-01',
      end: '2026-11-01',
    });
    const html = renderBillHtml(r.created.find((b) => b.level === 'team')!);
    expect(html).toContain('Acme &#60;Ltd&#62;');
    expect(html).not.toContain('<Ltd>');
    expect(html).toContain('本期应还金额 Current Balance</th><td>0.0000');
    expect(formatE4(-21_190_000)).toBe('-2119.0000');
    expect(escapeHtml(`"'&`)).toBe('&#34;&#39;&#38;');
  });
});

describe('BillMailer.send()', () => {
  test('send() without SMTP → MailNotConfiguredError; without an address → NoBillRecipientError', async () => {
    seed();
    const r = await generateAll(new BillGenerator({ store, charges: fakeCharges({}) }), {
      start: '2026-10-01',
      end: '2026-11-01',
    });
    const from = { address: 'billing@switch.test' };
    const base = { store, from, clock, logger: silentLogger() };
    const system = r.created.find((b) => b.level === 'system')!;
    await expect(
      new BillMailer({ ...base, mailer: undefined }).send(system),
    ).rejects.toBeInstanceOf(MailNotConfiguredError);
    await expect(
      new BillMailer({ ...base, mailer: recordingMailer() }).send(system),
    ).rejects.toBeInstanceOf(NoBillRecipientError);
  });

  test('send() when the server refuses → error recorded on the bill, then rethrown', async () => {
    seed();
    const r = await generateAll(new BillGenerator({ store, charges: fakeCharges({}) }), {
      start: '2026-10-01',
      end: '2026-11-01',
    });
    const bill = r.created[0]!;
    const mailer = new BillMailer({
      store,
      mailer: recordingMailer(new Error('550 no such user')),
      from: { address: 'billing@switch.test' },
      clock,
      logger: silentLogger(),
    });
    await expect(mailer.send(bill)).rejects.toThrow('550');
    expect(store.bills.find(bill.id)).toMatchObject({
      emailError: '550 no such user',
      emailedAt: null,
    });
  });
});

describe('BillScheduler (FakeClock)', () => {
  test('AC-9 start() → bills of the last ended period, e-mailed only to accounts with receiveBillEmail', async () => {
    const { alice } = seed();
    const mail = recordingMailer();
    const generator = new BillGenerator({ store, charges: fakeCharges({}) });
    const mailer = new BillMailer({
      store,
      mailer: mail,
      from: { address: 'billing@switch.test' },
      clock,
      logger: silentLogger(),
    });
    const scheduler = new BillScheduler({
      clock,
      logger: silentLogger(),
      generator,
      mailer,
      billDay: 1,
    });
    scheduler.start();
    await scheduler.check();
    expect(store.bills.list({ limit: 100 }).map((b) => b.periodStart)).toEqual(
      Array(4).fill('2026-10-01'),
    );
    expect(mail.sent).toHaveLength(1);
    expect(mail.sent[0]!.to).toEqual([{ name: 'alice', address: 'alice@acme.test' }]);
    expect(mail.sent[0]!.html).toContain('用户账单 User Bill');
    const aliceBill = store.bills.list({ accountId: alice.id, limit: 1 })[0]!;
    expect(aliceBill.emailedAt?.getTime()).toBe(clock.now());
    // Five days later, the period of 1 Dec has ended: its bills are made.
    clock.tick(5 * 86_400_000);
    await scheduler.check();
    expect(store.bills.list({ level: 'system', limit: 10 }).map((b) => b.periodStart)).toEqual([
      '2026-11-01',
      '2026-10-01',
    ]);
    expect(mail.sent).toHaveLength(2);
    await scheduler.stop();
  });

  test('start() after a restart → no second bill and no second e-mail for the period', async () => {
    seed();
    const mail = recordingMailer();
    const make = () =>
      new BillScheduler({
        clock,
        logger: silentLogger(),
        generator: new BillGenerator({ store, charges: fakeCharges({}) }),
        mailer: new BillMailer({
          store,
          mailer: mail,
          from: { address: 'billing@switch.test' },
          clock,
          logger: silentLogger(),
        }),
        billDay: 1,
      });
    const first = make();
    first.start();
    await first.check();
    await first.stop();
    const second = make();
    second.start();
    await second.check();
    await second.stop();
    expect(store.bills.list({ limit: 100 })).toHaveLength(4);
    expect(mail.sent).toHaveLength(1);
  });
});
