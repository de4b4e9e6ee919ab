import { z } from 'zod';

/** Query of GET /calls. */
export const listCallsQuerySchema = z
  .object({ teamId: z.coerce.number().int().positive().optional() })
  .strict();

/** Path of DELETE /calls/:id. */
export const callIdParamsSchema = z.object({ id: z.string().min(1).max(100) }).strict();

/** Path of DELETE /calls/:id/parties/:partyId. */
export const callPartyParamsSchema = z
  .object({
    id: z.string().min(1).max(100),
    partyId: z
      .string()
      .min(1)
      .max(120)
      .meta({ description: 'What POST /calls/:id/parties returned: `<callId>-party-<n>`' }),
  })
  .strict();

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
    legs: z
      .array(
        z.object({
          legId: z.string(),
          target: z.enum(['extension', 'trunk']),
          calledNumber: z.string(),
          agentNo: z.string().nullable().meta({ description: 'The agent signed in at that phone' }),
          purpose: z.string().nullable().meta({
            description: 'ringGroup, queue, blindTransfer, consult, party, dial, clickToCall',
          }),
          state: z.enum(['ringing', 'answered']),
          startedAt: z.string(),
          answeredAt: z.string().nullable(),
        }),
      )
      .meta({
        description:
          'Legs placed for the call still ringing or talking: ring-group members, queue agents, ' +
          'consults, transfer targets, added parties (CDR-1; their rows at GET /cdrs/:id/legs once ended)',
      }),
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
      legs: [],
    },
  });

/** Body of GET /calls. */
export const callListSchema = z.object({ items: z.array(callSchema) });

/** POST /calls/:id/parties: the number to add to the call. */
export const addCallPartySchema = z
  .object({
    number: z
      .string()
      .regex(/^\+?[0-9*#]{1,32}$/)
      .meta({
        description:
          'What the member’s extension would dial: an extension, or an outside number ' +
          'through its outbound routes (digits, * and #)',
      }),
  })
  .strict()
  .meta({ example: { number: '1002' } });

/** 202: the party's leg rings; it joins the call as a conference once it answers. */
export const addedCallPartySchema = z
  .object({
    partyId: z.string().meta({ description: 'The party leg’s CDR id: `<callId>-party-<n>`' }),
    callId: z.string(),
    number: z.string(),
    state: z.literal('ringing'),
  })
  .meta({
    example: {
      partyId: '9b1c2f0e-6a1d-4c41-8f7d-0a1b2c3d4e5f-party-1',
      callId: '9b1c2f0e-6a1d-4c41-8f7d-0a1b2c3d4e5f',
      number: '1002',
      state: 'ringing',
    },
  });
