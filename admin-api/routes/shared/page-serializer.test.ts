import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { toApi } from './api-shape.ts';
import { isoTimestamp, pageSerializerCompiler, pageWriter } from './page-serializer.ts';

const route = { schema: {}, method: 'GET', url: '/x', httpStatus: '200' };

describe('pageSerializerCompiler()', () => {
  const entity = z.object({ id: z.int(), name: z.string() });

  test('when an item has a key the schema lacks → that key is not serialized', () => {
    const serialize = pageSerializerCompiler(entity)!(route);
    const body = serialize({
      items: [{ id: 1, name: 'a', secretEncrypted: 'zz' }],
      nextCursor: 'c',
    });
    expect(JSON.parse(body)).toEqual({ items: [{ id: 1, name: 'a' }], nextCursor: 'c' });
  });

  test('when the entity schema is not an object → undefined (zod serializes)', () => {
    expect(pageSerializerCompiler(z.union([entity, z.null()]))).toBeUndefined();
  });

  test('when validating and an item breaks the schema → throws (tests catch drift)', () => {
    const serialize = pageSerializerCompiler(entity, true)!(route);
    expect(() => serialize({ items: [{ id: 'one', name: 'a' }], nextCursor: null })).toThrow();
    expect(() => serialize({ items: [{ id: 1, name: 'a' }], nextCursor: null })).not.toThrow();
  });

  test('when not validating → a wrong type is written as is (no runtime zod)', () => {
    const serialize = pageSerializerCompiler(entity, false)!(route);
    const body = serialize({ items: [{ id: 'one', name: 'a' }], nextCursor: null });
    expect(body).toBe('{"items":[{"id":"one","name":"a"}],"nextCursor":null}');
  });
});

describe('pageWriter()', () => {
  const keys = ['id', 'name', 'flag', 'when', 'extra', 'nested', 'missing', 'ratio'];
  const row = {
    id: 7,
    name: 'quote " back \\ nl \n emoji 😀 lone \ud800',
    flag: false,
    when: new Date(Date.UTC(2026, 10, 25, 23, 4, 5, 67)),
    extra: null,
    nested: { at: new Date(0), list: [1, 'two'] },
    missing: undefined,
    ratio: Number.NaN,
    secret: 'never',
  };

  test('when given rows with dates → the same text as JSON.stringify of toApi() rows', () => {
    const write = pageWriter(keys);
    const items = [
      row,
      { ...row, id: 8, when: new Date(-1), name: 'plain ascii ~ and \x7f, tab \t' },
      { id: 9, name: '' },
    ];
    const expected = JSON.stringify({
      items: items.map((item) => {
        const api = toApi(item) as Record<string, unknown>;
        return Object.fromEntries(keys.map((key) => [key, api[key]]));
      }),
      nextCursor: 'abc',
    });
    expect(write({ items, nextCursor: 'abc' })).toBe(expected);
  });

  test('when the page is empty → an empty item list and a null cursor', () => {
    expect(pageWriter(keys)({ items: [], nextCursor: null })).toBe(
      '{"items":[],"nextCursor":null}',
    );
  });
});

describe('isoTimestamp()', () => {
  test.each([
    ['the epoch', 0],
    ['before 1970', -1],
    ['a leap day', Date.UTC(2028, 1, 29, 12, 0, 0, 1)],
    ['the last millisecond of a day', Date.UTC(2026, 11, 31, 23, 59, 59, 999)],
    ['year 0', -62_167_219_200_000],
    ['year 10000', Date.UTC(10000, 0, 1)],
    ['a year before 0', -62_198_755_200_000],
  ])('when %s → what toISOString() gives', (_name, ms) => {
    const date = new Date(ms);
    expect(isoTimestamp(date)).toBe(date.toISOString());
  });

  test('when dates alternate between days → each formatted with its own day', () => {
    const a = new Date(Date.UTC(2026, 0, 1, 1));
    const b = new Date(Date.UTC(2026, 0, 2, 1));
    for (const date of [a, b, a, b]) expect(isoTimestamp(date)).toBe(date.toISOString());
  });
});
