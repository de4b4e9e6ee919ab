import { z } from 'zod';
import { CALLER_LIST_TYPES, STATUSES } from '../../../core/config-store/index.ts';
import type { CallerListEntry } from '../../../core/config-store/index.ts';
import type { ApiShape, Equal, Expect } from '../shared/api-shape.ts';
import { idSchema, timestampSchema, createdBySchema } from '../shared/api-shape.ts';
import { listQuerySchema } from '../shared/list-query.ts';
import { callerPatternSchema } from '../inbound-routes/schema.ts';

/** Fields an admin may change (spec 02 §3.8, §3.9). */
const entryFields = z.object({
  numberPattern: callerPatternSchema.meta({ description: 'BL-2: exact, or a prefix ending in *' }),
  accountId: idSchema.nullable().meta({ description: 'Only calls to this account (BL-1)' }),
  extensionId: idSchema.nullable().meta({ description: 'Only calls to this extension (BL-1)' }),
  status: z.enum(STATUSES),
});

/** A screening entry as the API returns it; without account or extension it covers the team. */
export const callerListEntrySchema = entryFields
  .extend({
    id: idSchema,
    teamId: idSchema,
    listType: z.enum(CALLER_LIST_TYPES),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
    createdBy: createdBySchema,
  })
  .meta({
    example: {
      id: 1,
      teamId: 1,
      listType: 'black',
      numberPattern: '13564139158',
      accountId: null,
      extensionId: null,
      status: 'enabled',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      createdBy: 'admin',
    },
  });

/** POST /caller-lists; the list (black or white) is then fixed. */
export const createCallerListEntrySchema = entryFields
  .partial()
  .required({ numberPattern: true })
  .extend({ teamId: idSchema.optional(), listType: z.enum(CALLER_LIST_TYPES) })
  .strict()
  .meta({ example: { listType: 'white', numberPattern: '+3902*', extensionId: 5 } });

/** PATCH /caller-lists/:id. */
export const patchCallerListEntrySchema = entryFields
  .partial()
  .strict()
  .meta({ example: { status: 'disabled' } });

/** GET /caller-lists filters. */
export const listCallerListEntriesSchema = listQuerySchema(
  {
    listType: z.enum(CALLER_LIST_TYPES).optional(),
    numberPattern: z.string().optional(),
    accountId: z.coerce.number().int().positive().optional(),
    extensionId: z.coerce.number().int().positive().optional(),
    status: z.enum(STATUSES).optional(),
  },
  ['id', 'numberPattern', 'createdAt', 'updatedAt'],
);

type _CallerListEntrySchemaMatchesStore = Expect<
  Equal<z.output<typeof callerListEntrySchema>, ApiShape<CallerListEntry>>
>;
