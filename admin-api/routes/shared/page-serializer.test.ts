import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { pageSerializerCompiler } from './page-serializer.ts';

describe('pageSerializerCompiler()', () => {
  const entity = z.object({ id: z.int(), name: z.string() });

  test('when an item has a key the schema lacks → that key is not serialized', () => {
    const serialize = pageSerializerCompiler(entity)!({
      schema: {},
      method: 'GET',
      url: '/x',
      httpStatus: '200',
    });
    const body = serialize({
      items: [{ id: 1, name: 'a', secretEncrypted: 'zz' }],
      nextCursor: 'c',
    });
    expect(JSON.parse(body)).toEqual({ items: [{ id: 1, name: 'a' }], nextCursor: 'c' });
  });

  test('when the entity schema is not an object → undefined (zod serializes)', () => {
    expect(pageSerializerCompiler(z.union([entity, z.null()]))).toBeUndefined();
  });
});
