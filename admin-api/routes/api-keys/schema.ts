import { z } from 'zod';
import type { ApiToken } from '../../../core/config-store/index.ts';
import type { ApiShape, Equal, Expect } from '../shared/api-shape.ts';
import { idSchema, timestampSchema } from '../shared/api-shape.ts';
import { listQuerySchema } from '../shared/list-query.ts';

/** An API key as listed: never the key itself. */
export const apiKeySchema = z.object({
  id: idSchema,
  kind: z.literal('apiKey'),
  name: z.string().nullable(),
  accountId: idSchema,
  teamId: idSchema.nullable(),
  expiresAt: timestampSchema.nullable(),
  createdAt: timestampSchema,
});

/** POST /api-keys: a name, and an optional expiry (default: none). */
export const createApiKeySchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  expiresAt: z.iso.datetime().optional(),
});

/** The one answer that carries the key; it cannot be read again. */
export const createdApiKeySchema = apiKeySchema.extend({
  key: z.string().meta({ description: 'Shown once; send as Authorization: Bearer <key>' }),
});

/** GET /api-keys filters. */
export const listApiKeysSchema = listQuerySchema(
  { accountId: z.coerce.number().int().positive().optional() },
  ['id', 'name', 'createdAt'],
);

type _ApiKeySchemaMatchesStore = Expect<
  Equal<Omit<z.output<typeof apiKeySchema>, 'kind'>, Omit<ApiShape<ApiToken>, 'kind'>>
>;
