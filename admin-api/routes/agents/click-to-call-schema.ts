import { z } from 'zod';

/** POST /agents/:id/call: the number to connect the agent with (AGT-4). */
export const clickToCallSchema = z
  .object({
    number: z
      .string()
      .regex(/^\+?[0-9*#]{1,32}$/)
      .meta({ description: 'What the agent’s extension would dial: digits, * and #' }),
  })
  .strict();

/** 202: the call is placed; it shows in GET /api/v1/calls and gets a CDR. */
export const clickToCallAcceptedSchema = z.object({
  callId: z.string().meta({ description: 'The call’s id in GET /api/v1/calls and the CDRs' }),
  autoAnswer: z.boolean().meta({
    description: 'GRP-8: whether the agent’s phone was asked to answer by itself',
  }),
});
