import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { z } from 'zod';
import { listQuerySchema, paginate } from './list-query.ts';

const rows = [
  { id: 1, name: 'b', status: 'enabled', note: null },
  { id: 2, name: 'a', status: 'disabled', note: 'x' },
  { id: 3, name: 'b', status: 'enabled', note: 'y' },
  { id: 4, name: 'c', status: 'enabled', note: null },
];

describe('paginate()', () => {
  test('when sorted by a field with ties → ties ordered by id, cursor continues after the last', () => {
    const first = paginate(rows, { limit: 2, sort: 'name' }, {});
    expect(first.items.map((r) => r.id)).toEqual([2, 1]);
    const second = paginate(rows, { limit: 2, sort: 'name', cursor: first.nextCursor! }, {});
    expect(second.items.map((r) => r.id)).toEqual([3, 4]);
    expect(second.nextCursor).toBeNull();
  });

  test('when descending with nulls → nulls last, filters applied first', () => {
    const page = paginate(rows, { limit: 10, sort: '-note' }, { status: 'enabled' });
    expect(page.items.map((r) => r.id)).toEqual([3, 4, 1]);
  });

  test('<field>Contains (D101) → rows whose text contains it, ASCII case folded as SQLite LIKE does; nulls and % never match', () => {
    const named = [
      { id: 1, name: 'Sales desk', note: null },
      { id: 2, name: 'SALES 2', note: '50%' },
      { id: 3, name: 'Élan sales', note: 'x' },
      { id: 4, name: 'élan', note: '5' },
    ];
    const ids = (filters: Record<string, unknown>) =>
      paginate(named, { limit: 10, sort: 'id' }, filters).items.map((r) => r.id);
    expect(ids({ nameContains: 'sales' })).toEqual([1, 2, 3]);
    expect(ids({ nameContains: 'É' })).toEqual([3]);
    expect(ids({ noteContains: '%' })).toEqual([2]);
    expect(ids({ noteContains: '5', nameContains: 'SALES' })).toEqual([2]);
  });

  test('<field>Empty (空值, D106) → rows whose field is null, absent or blank; false → the others', () => {
    const blanks = [
      { id: 1, note: null, templateId: 4 },
      { id: 2, note: '', templateId: null },
      { id: 3, note: 'x', templateId: null },
      { id: 4, templateId: 7 },
    ];
    const ids = (filters: Record<string, unknown>) =>
      paginate(blanks, { limit: 10, sort: 'id' }, filters).items.map((r) => r.id);
    expect(ids({ noteEmpty: true })).toEqual([1, 2, 4]);
    expect(ids({ noteEmpty: false })).toEqual([3]);
    expect(ids({ templateIdEmpty: true, noteEmpty: false })).toEqual([3]);
  });

  test('<field>Gt and <field>Lt (D106) → rows strictly between; a null never matches', () => {
    const counted = [0, 3, 5, 9].map((n, i) => ({ id: i + 1, ringCount: n }));
    counted.push({ id: 5, ringCount: null as unknown as number });
    const ids = (filters: Record<string, unknown>) =>
      paginate(counted, { limit: 10, sort: 'id' }, filters).items.map((r) => r.id);
    expect(ids({ ringCountGt: 3 })).toEqual([3, 4]);
    expect(ids({ ringCountLt: 3 })).toEqual([1]);
    expect(ids({ ringCountGt: 0, ringCountLt: 9 })).toEqual([2, 3]);
  });

  test('createdFrom/createdTo and updatedTo → rows whose time (Date or ISO text) is within, inclusive', () => {
    const timed = [1, 2, 3].map((day) => ({
      id: day,
      createdAt: new Date(Date.UTC(2026, 0, day)),
      updatedAt: new Date(Date.UTC(2026, 0, day + 1)).toISOString(),
    }));
    const ids = (filters: Record<string, unknown>) =>
      paginate(timed, { limit: 10, sort: 'id' }, filters).items.map((r) => r.id);
    expect(ids({ createdFrom: '2026-01-02T00:00:00.000Z' })).toEqual([2, 3]);
    expect(ids({ createdFrom: '2026-01-02T00:00:00Z', createdTo: '2026-01-02T00:00:00Z' })).toEqual(
      [2],
    );
    expect(ids({ updatedTo: '2026-01-03T00:00:00+00:00' })).toEqual([1, 2]);
    expect(ids({ createdFrom: undefined })).toEqual([1, 2, 3]);
  });

  test('when the cursor was made for another sort → ERR_VALIDATION on cursor', () => {
    const { nextCursor } = paginate(rows, { limit: 1, sort: 'name' }, {});
    expect(() => paginate(rows, { limit: 1, sort: 'id', cursor: nextCursor! }, {})).toThrow(
      expect.objectContaining({ code: 'ERR_VALIDATION', field: 'cursor' }),
    );
  });

  test('property: walking all pages yields every row exactly once, in sort order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ name: fc.constantFrom('a', 'b', 'c', null) }), { maxLength: 40 }),
        fc.integer({ min: 1, max: 7 }),
        fc.constantFrom('name', '-name', 'id', '-id'),
        (names, limit, sort) => {
          const data = names.map((n, i) => ({ id: i + 1, ...n }));
          const seen: number[] = [];
          let cursor: string | undefined;
          for (let guard = 0; guard < 100; guard++) {
            const page = paginate(data, { limit, sort, cursor }, {});
            seen.push(...page.items.map((r) => r.id));
            if (page.nextCursor === null) break;
            cursor = page.nextCursor;
          }
          const expected = paginate(data, { limit: 1000, sort }, {}).items.map((r) => r.id);
          expect(seen).toEqual(expected);
          expect(new Set(seen).size).toBe(data.length);
        },
      ),
    );
  });
});

describe('listQuerySchema()', () => {
  const schema = listQuerySchema({ status: z.enum(['enabled', 'disabled']).optional() }, [
    'id',
    'name',
  ]);

  test('when empty → limit 50 and the first sort field', () => {
    expect(schema.parse({})).toEqual({ limit: 50, sort: 'id' });
  });

  test('when an unknown key or sort is given → issues naming them', () => {
    const result = schema.safeParse({ sort: 'secret', colour: 'red', limit: '501' });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join('.') || i.code);
    expect(paths).toEqual(expect.arrayContaining(['sort', 'limit', 'unrecognized_keys']));
  });

  test('operators (D106): Contains and Empty beside text, Empty beside references, Gt and Lt beside other numbers', () => {
    const shape = listQuerySchema(
      {
        name: z.string().optional(),
        accountId: z.coerce.number().int().positive().optional(),
        ringCount: z.coerce.number().int().min(0).optional(),
        status: z.enum(['enabled', 'disabled']).optional(),
      },
      ['id'],
    ).shape;
    expect(Object.keys(shape)).toEqual(
      expect.arrayContaining([
        'nameContains',
        'nameEmpty',
        'accountIdEmpty',
        'ringCountGt',
        'ringCountLt',
      ]),
    );
    for (const absent of ['accountIdGt', 'ringCountEmpty', 'statusEmpty', 'statusContains']) {
      expect(shape).not.toHaveProperty(absent);
    }
    const parsed = listQuerySchema({ ringCount: z.coerce.number().optional() }, ['id']).safeParse({
      ringCountGt: 'many',
    });
    expect(parsed.error?.issues[0]?.path).toEqual(['ringCountGt']);
  });

  test('a filter named with an operator suffix → refused when the schema is built', () => {
    expect(() => listQuerySchema({ joinEmpty: z.string().optional() }, ['id'])).toThrow(
      /joinEmpty/,
    );
  });
});
