import { z } from 'zod';
import { DID_LOG_STATUSES } from '../../../core/config-store/index.ts';
import type { DidLog } from '../../../core/config-store/index.ts';
import type { ApiShape, Equal, Expect } from '../shared/api-shape.ts';
import { idSchema, timestampSchema } from '../shared/api-shape.ts';
import { MAX_PAGE } from '../shared/list-query.ts';

/** One DID log row (spec 01 §2.7 `DidLogEntry`). */
export const didLogSchema = z.object({
  id: idSchema,
  teamId: idSchema,
  didId: idSchema.nullable().meta({ description: 'The DID, unless it was deleted since' }),
  didNumber: z.string(),
  accountId: idSchema.nullable(),
  username: z.string().nullable().meta({ description: '用户名: the account of the extension' }),
  extensionId: idSchema.nullable(),
  extensionNumber: z.string().nullable(),
  status: z.enum(DID_LOG_STATUSES).meta({ description: 'bound 已通过 · released 已释放' }),
  operator: z.string().meta({ description: '操作者: the API account that made the change' }),
  createdAt: timestampSchema,
});

/** GET /did-logs: newest first, keyset cursor, the manual's search fields. */
export const listDidLogsSchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
  cursor: z
    .string()
    .regex(/^[0-9]{1,15}$/, 'a cursor from nextCursor')
    .optional(),
  teamId: z.coerce.number().int().positive().optional(),
  number: z.string().max(32).optional().meta({ description: 'DID号码, exact' }),
  status: z.enum(DID_LOG_STATUSES).optional(),
  username: z.string().max(100).optional(),
  since: z.iso.datetime().optional().meta({ description: '创建时间 from, inclusive' }),
  until: z.iso.datetime().optional().meta({ description: '创建时间 to, inclusive' }),
});

type _DidLogSchemaMatchesStore = Expect<Equal<z.output<typeof didLogSchema>, ApiShape<DidLog>>>;
