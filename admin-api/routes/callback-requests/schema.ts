import { z } from 'zod';
import { CALLBACK_REQUEST_STATUSES } from '../../../core/config-store/index.ts';
import type { CallbackRequest } from '../../../core/config-store/index.ts';
import type { ApiShape, Equal, Expect } from '../shared/api-shape.ts';
import { idSchema, timestampSchema } from '../shared/api-shape.ts';
import { listQuerySchema } from '../shared/list-query.ts';

/** A callback request as the API returns it (IVR-10 要求回访, D93). */
export const callbackRequestSchema = z
  .object({
    id: idSchema,
    teamId: idSchema,
    callerNumber: z.string().meta({ description: 'The number to call back' }),
    calledNumber: z.string().meta({ description: 'The DID or internal number the caller dialled' }),
    callId: z.string().meta({ description: 'The call of the latest request (its CDR id)' }),
    requestCount: z.int().meta({ description: 'How often the caller asked while pending' }),
    status: z.enum(CALLBACK_REQUEST_STATUSES),
    note: z.string(),
    handledAt: timestampSchema.nullable().meta({ description: 'When it was marked done' }),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .meta({
    example: {
      id: 1,
      teamId: 1,
      callerNumber: '+15551230000',
      calledNumber: '5550100',
      callId: '9b1c2f0e-6a1d-4c41-8f7d-0a1b2c3d4e5f',
      requestCount: 1,
      status: 'pending',
      note: '',
      handledAt: null,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    },
  });

/** PATCH /callback-requests/:id: handled or not, and a note. */
export const patchCallbackRequestSchema = z
  .object({
    status: z.enum(CALLBACK_REQUEST_STATUSES).optional(),
    note: z.string().max(1000).optional(),
  })
  .strict()
  .meta({ example: { status: 'done', note: 'called back, order taken' } });

/** GET /callback-requests filters (the manual's 未回访 / 客户申请回访 tabs). */
export const listCallbackRequestsSchema = listQuerySchema(
  {
    status: z.enum(CALLBACK_REQUEST_STATUSES).optional(),
    callerNumber: z.string().optional(),
  },
  ['id', 'callerNumber', 'status', 'createdAt', 'updatedAt'],
);

type _CallbackRequestSchemaMatchesStore = Expect<
  Equal<z.output<typeof callbackRequestSchema>, ApiShape<CallbackRequest>>
>;
