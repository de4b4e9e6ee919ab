import { z } from 'zod';

/** Query of GET /calls. */
export const listCallsQuerySchema = z
  .object({ teamId: z.coerce.number().int().positive().optional() })
  .strict();

/** Path of DELETE /calls/:id. */
export const callIdParamsSchema = z.object({ id: z.string().min(1).max(100) }).strict();

/** A call in progress. */
export const callSchema = z
  .object({
    id: z.string(),
    teamId: z.number().int(),
    callerNumber: z.string(),
    calleeNumber: z.string(),
    state: z
      .string()
      .meta({ description: 'Where the call is: routing, ringing, answered, ending' }),
    startedAt: z.string(),
    answeredAt: z.string().nullable(),
    sipCallId: z.string().nullable().meta({ description: "Call-ID of the caller's leg" }),
  })
  .meta({
    example: {
      id: '9b1c2f0e-6a1d-4c41-8f7d-0a1b2c3d4e5f',
      teamId: 1,
      callerNumber: '1000',
      calleeNumber: '1001',
      state: 'answered',
      startedAt: '2026-11-25T17:00:00.000Z',
      answeredAt: '2026-11-25T17:00:03.000Z',
      sipCallId: 'a84b4c76e66710@198.51.100.7',
    },
  });

/** Body of GET /calls. */
export const callListSchema = z.object({ items: z.array(callSchema) });
