import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { textContains } from '../sql-like.ts';
import type { Extension } from './extensions-repository.ts';
import type { KeysetPageRequest } from './keyset-page.ts';
import { openTempStore, seedTeam } from './test-store.ts';
import type { TempStore } from './test-store.ts';

let temp: TempStore;
let alphaId: number;
let betaId: number;

beforeAll(() => {
  temp = openTempStore();
  const alpha = seedTeam(temp.store, 'alpha');
  const beta = seedTeam(temp.store, 'beta');
  alphaId = alpha.team.id;
  betaId = beta.team.id;
  // Names and caller names repeat and callerName is often null, so that
  // ties and NULLs are crossed by the cursor; two rows share each createdAt.
  for (let i = 0; i < 23; i++) {
    temp.store.extensions.create({
      teamId: alphaId,
      accountId: alpha.account.id,
      internalNumber: String(1000 + ((i * 7) % 23)),
      name: `ext ${i % 4}`,
      callerName: i % 3 === 0 ? null : `caller ${i % 5}`,
      status: i % 2 === 0 ? 'enabled' : 'disabled',
    });
    if (i % 2 === 1) temp.clock.tick(1000);
  }
  temp.store.extensions.create({
    teamId: betaId,
    accountId: beta.account.id,
    internalNumber: '1000',
  });
});
afterAll(() => temp.cleanup());

type Field = 'id' | 'name' | 'callerName' | 'internalNumber' | 'createdAt';

/** A cursor value as the API carries it: timestamps as ISO strings. */
function cursorValue(row: Extension, field: Field): unknown {
  const value = row[field];
  return value instanceof Date ? value.toISOString() : value;
}

/** The order SQLite uses: NULL first ascending, ties by id. */
function expectedOrder(rows: Extension[], field: Field, isDescending: boolean): number[] {
  const key = (r: Extension) => {
    const v = r[field];
    return v instanceof Date ? v.getTime() : v;
  };
  const sorted = [...rows].sort((a, b) => {
    const va = key(a);
    const vb = key(b);
    let c = 0;
    if (va !== vb) c = va === null ? -1 : vb === null ? 1 : va < vb ? -1 : 1;
    return c || a.id - b.id;
  });
  if (isDescending) sorted.reverse();
  return sorted.map((r) => r.id);
}

function walk(base: Omit<KeysetPageRequest, 'after'>, field: Field): number[] {
  const seen: number[] = [];
  let after: KeysetPageRequest['after'];
  for (let guard = 0; guard < 100; guard++) {
    const page = temp.store.extensions.page({ ...base, after })!;
    seen.push(...page.items.map((r) => r.id));
    const last = page.items[page.items.length - 1];
    if (!page.hasMore || last === undefined) break;
    after = { value: cursorValue(last, field), id: last.id };
  }
  return seen;
}

describe('ExtensionsRepository.page()', () => {
  const fields: Field[] = ['id', 'name', 'callerName', 'internalNumber', 'createdAt'];
  for (const field of fields) {
    for (const isDescending of [false, true]) {
      test(`when walked by ${isDescending ? '-' : ''}${field} in pages of 4 → every row once, in order`, () => {
        const all = temp.store.extensions.list(alphaId);
        const seen = walk(
          { limit: 4, sortField: field, isDescending, filters: {}, teamId: alphaId },
          field,
        );
        expect(seen).toEqual(expectedOrder(all, field, isDescending));
      });
    }
  }

  test('when filtered by status → only those rows, and no secret columns', () => {
    const page = temp.store.extensions.page({
      limit: 100,
      sortField: 'id',
      isDescending: false,
      filters: { status: 'disabled', name: undefined },
      teamId: alphaId,
    })!;
    expect(page.items).toHaveLength(11);
    expect(page.items.every((r) => r.status === 'disabled')).toBe(true);
    expect(page.items[0]).not.toHaveProperty('secretEncrypted');
    expect(page.hasMore).toBe(false);
  });

  test('when read raw from SQLite → the same rows, types and keys as find() (drizzle)', () => {
    const page = temp.store.extensions.page({
      limit: 100,
      sortField: 'id',
      isDescending: false,
      filters: {},
    })!;
    expect(page.items.length).toBeGreaterThan(0);
    for (const row of page.items) {
      const found = temp.store.extensions.find(row.id)!;
      expect(row).toStrictEqual({ ...found });
      expect(Object.keys(row)).toEqual(Object.keys(found));
    }
    expect(page.items[0]!.createdAt).toBeInstanceOf(Date);
    expect(typeof page.items[0]!.allowOutbound).toBe('boolean');
  });

  test('when no team is given → every team’s rows; with a team → only its own', () => {
    const base = { limit: 100, sortField: 'id', isDescending: false, filters: {} };
    expect(temp.store.extensions.page(base)!.items).toHaveLength(24);
    expect(temp.store.extensions.page({ ...base, teamId: betaId })!.items).toHaveLength(1);
  });

  test('when a text filter asks for a substring (D101) → the rows textContains() keeps, in SQL, for any text', () => {
    // Names with LIKE's wildcards, its escape and case pairs beyond ASCII.
    const owner = temp.store.accounts.list(betaId)[0]!;
    const names = ['50% off', 'a_b', 'back\\slash', 'Élan', 'élan', 'MiXeD', '分机一'];
    names.forEach((name, i) =>
      temp.store.extensions.create({
        teamId: betaId,
        accountId: owner.id,
        internalNumber: String(3000 + i),
        name,
      }),
    );
    const rows = temp.store.extensions.list(betaId);
    const base = { limit: 100, sortField: 'id', isDescending: false, filters: {}, teamId: betaId };
    fc.assert(
      fc.property(
        fc.oneof(
          fc.constantFrom('%', '_', '\\', 'É', 'é', 'mixed', 'XED', '分机', 'a_', '0%'),
          fc.string({ minLength: 1, maxLength: 3 }),
        ),
        (text) => {
          const page = temp.store.extensions.page({ ...base, contains: { name: text } })!;
          const expected = rows.filter((r) => textContains(r.name, text)).map((r) => r.id);
          expect(page.items.map((r) => r.id)).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
    expect(temp.store.extensions.page({ ...base, contains: { name: '_' } })!.items).toHaveLength(1);
  });

  test('when a field is asked empty or set (空值, D106) → the rows isEmptyValue() keeps, in SQL; blank text counts as empty', () => {
    const owner = temp.store.accounts.list(alphaId)[0]!;
    temp.store.extensions.create({
      teamId: alphaId,
      accountId: owner.id,
      internalNumber: '1099',
      callerName: '',
    });
    const rows = temp.store.extensions.list(alphaId);
    const base = { limit: 100, sortField: 'id', isDescending: false, filters: {}, teamId: alphaId };
    const blank = (v: unknown) => v === null || v === undefined || v === '';
    for (const field of ['callerName', 'templateId'] as const) {
      for (const isEmpty of [true, false]) {
        const page = temp.store.extensions.page({ ...base, empty: { [field]: isEmpty } })!;
        const expected = rows
          .filter((r) => blank(r[field]) === isEmpty)
          .map((r) => r.id)
          .sort((a, b) => a - b);
        expect(page.items.map((r) => r.id)).toEqual(expected);
      }
    }
    expect(
      temp.store.extensions.page({ ...base, empty: { callerName: true } })!.items.length,
    ).toBeGreaterThan(1);
    temp.store.extensions.delete(rows.find((r) => r.internalNumber === '1099')!.id);
  });

  test('when a number field has strict bounds (D106) → rows strictly between, in SQL; a text column → undefined', () => {
    const rows = temp.store.extensions.list(alphaId);
    const base = { limit: 100, sortField: 'id', isDescending: false, filters: {}, teamId: alphaId };
    const ids = rows.map((r) => r.id).sort((a, b) => a - b);
    const [low, high] = [ids[3]!, ids[10]!];
    const page = temp.store.extensions.page({ ...base, compare: { id: { gt: low, lt: high } } })!;
    expect(page.items.map((r) => r.id)).toEqual(ids.filter((id) => id > low && id < high));
    expect(temp.store.extensions.page({ ...base, compare: { name: { gt: 1 } } })).toBeUndefined();
  });

  test('when a substring filter names a number column → undefined (paged in memory)', () => {
    const base = { limit: 5, sortField: 'id', isDescending: false, filters: {} };
    expect(
      temp.store.extensions.page({ ...base, contains: { ringTimeoutSec: '3' } }),
    ).toBeUndefined();
  });

  test('when the sort or a filter is not a column → undefined (the caller pages in memory)', () => {
    const base = { limit: 5, sortField: 'id', isDescending: false, filters: {} };
    expect(temp.store.extensions.page({ ...base, sortField: 'secret' })).toBeUndefined();
    expect(temp.store.extensions.page({ ...base, filters: { colour: 'red' } })).toBeUndefined();
  });

  test('when the cursor value is not a scalar or not a time → ERR_VALIDATION on cursor', () => {
    const base = { limit: 5, isDescending: false, filters: {} };
    const bad = { field: 'cursor', code: 'ERR_VALIDATION' };
    expect(() =>
      temp.store.extensions.page({ ...base, sortField: 'name', after: { value: {}, id: 1 } }),
    ).toThrow(expect.objectContaining(bad));
    expect(() =>
      temp.store.extensions.page({ ...base, sortField: 'createdAt', after: { value: 'x', id: 1 } }),
    ).toThrow(expect.objectContaining(bad));
  });
});

describe('TrunksRepository.page()', () => {
  test('when a team is given → its own trunks and the system-wide ones (TRK-1)', () => {
    const system = temp.store.trunks.create({
      teamId: null,
      name: 'sys',
      type: 'ipPeer',
      host: 'a.test',
    });
    const own = temp.store.trunks.create({
      teamId: alphaId,
      name: 'own',
      type: 'ipPeer',
      host: 'b.test',
    });
    temp.store.trunks.create({ teamId: betaId, name: 'other', type: 'ipPeer', host: 'c.test' });
    const page = temp.store.trunks.page({
      limit: 10,
      sortField: 'name',
      isDescending: true,
      filters: {},
      teamId: alphaId,
    })!;
    expect(page.items.map((t) => t.id)).toEqual([system.id, own.id]);
    expect(page.items[0]).not.toHaveProperty('secretEncrypted');
  });
});
