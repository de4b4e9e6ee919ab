import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { hashPasswordSync } from './password-hash.ts';
import { openTempStore, type TempStore } from './test-store.ts';

let temp: TempStore;
beforeEach(() => {
  temp = openTempStore();
});
afterEach(() => temp.cleanup());

describe('FinanceRepository.adjustTeam() (spec 01 §1.11)', () => {
  test('FIN-1 adjustTeam() when deducting 5 then recharging 8 → current fees 5 then −3, balanceBefore 0 then 5', () => {
    const { store } = temp;
    const team = store.teams.create({ uid: 'fin', name: 'Finance' });
    const deduction = store.finance.adjustTeam({
      teamId: team.id,
      type: 'deduction',
      amountE4: 50_000,
    });
    expect(deduction.balanceBeforeE4).toBe(0);
    expect(store.teams.get(team.id).currentFeesE4).toBe(50_000);
    const recharge = store.finance.adjustTeam({
      teamId: team.id,
      type: 'recharge',
      amountE4: 80_000,
      method: 'cash',
    });
    expect(recharge).toMatchObject({ balanceBeforeE4: 50_000, method: 'cash' });
    expect(store.teams.get(team.id).currentFeesE4).toBe(-30_000);
    expect(store.finance.list({ teamId: team.id, limit: 10 }).map((a) => a.id)).toEqual([
      recharge.id,
      deduction.id,
    ]);
  });

  test('FIN-1 adjustTeam() when the amount is 0 or the team unknown → throws, nothing written', () => {
    const { store } = temp;
    const team = store.teams.create({ uid: 'fin', name: 'Finance' });
    expect(() =>
      store.finance.adjustTeam({ teamId: team.id, type: 'recharge', amountE4: 0 }),
    ).toThrow(/amountE4/);
    expect(() => store.finance.adjustTeam({ teamId: 999, type: 'recharge', amountE4: 1 })).toThrow(
      /team/,
    );
    expect(store.finance.list({ limit: 10 })).toEqual([]);
  });

  test('FIN-1 teams.create() and update() when given currentFeesE4 (an imported document) → ignored', () => {
    const { store } = temp;
    const input = { uid: 'copy', name: 'Copy', currentFeesE4: 123 } as Parameters<
      typeof store.teams.create
    >[0];
    const team = store.teams.create(input);
    expect(team.currentFeesE4).toBe(0);
    const patch = { currentFeesE4: 5 } as Parameters<typeof store.teams.update>[1];
    expect(store.teams.update(team.id, patch).currentFeesE4).toBe(0);
  });
});

describe('FinanceRepository.adjustAccount() (spec 01 §1.11, AC-6)', () => {
  test('FIN-5 an account recharge → the account’s fees move, its team’s stay (A1-13, D48)', () => {
    const { store } = temp;
    const team = store.teams.create({ uid: 'fin5', name: 'Finance five' });
    const account = store.accounts.create({
      teamId: team.id,
      username: 'payer',
      accountType: 'user',
      passwordHash: hashPasswordSync('finance-password'),
    });
    const row = store.finance.adjustAccount({
      accountId: account.id,
      type: 'recharge',
      amountE4: 70_000,
    });
    expect(row).toMatchObject({ teamId: team.id, accountId: account.id, balanceBeforeE4: 0 });
    expect(store.accounts.get(account.id).currentFeesE4).toBe(-70_000);
    expect(store.teams.get(team.id).currentFeesE4).toBe(0);
  });
});
