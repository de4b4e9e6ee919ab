import { z } from 'zod';
import { OPERATION_ACTIONS } from '../../../core/config-store/index.ts';
import type { OperationLog } from '../../../core/config-store/index.ts';
import type { ApiShape, Equal, Expect } from '../shared/api-shape.ts';
import { idSchema, timestampSchema } from '../shared/api-shape.ts';
import { MAX_PAGE } from '../shared/list-query.ts';

/** One operation-log row (spec 04 §13.1). */
export const operationLogSchema = z.object({
  id: idSchema,
  createdAt: timestampSchema,
  accountId: idSchema.nullable(),
  username: z.string(),
  teamId: idSchema.nullable(),
  action: z.enum(OPERATION_ACTIONS),
  resource: z.string(),
  objectId: z.string().nullable(),
  ip: z.string(),
  detail: z.record(z.string(), z.unknown()),
});

/** GET /operation-logs: newest first, keyset cursor, filters. */
export const listOperationLogsSchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
  cursor: z
    .string()
    .regex(/^[0-9]{1,15}$/, 'a cursor from nextCursor')
    .optional(),
  teamId: z.coerce.number().int().positive().optional(),
  accountId: z.coerce.number().int().positive().optional(),
  action: z.enum(OPERATION_ACTIONS).optional(),
  resource: z.string().max(64).optional(),
  objectId: z.string().max(64).optional(),
  since: z.iso.datetime().optional(),
  until: z.iso.datetime().optional(),
});

type _OperationLogSchemaMatchesStore = Expect<
  Equal<z.output<typeof operationLogSchema>, ApiShape<OperationLog>>
>;
