import { z } from 'zod';
import { CALL_RESULTS, CALL_TYPES, decodeCdrCursor } from '../../../core/cdr-store/index.ts';
import { queryFlag } from '../shared/list-query.ts';

const seconds = (description: string) =>
  z.coerce.number().int().min(0).optional().meta({ description });

/** Query of GET /cdrs. */
/** A call-record page's `nextCursor`, given back for the next page (D108). */
/** A 包含 text (D101): LIKE ends its pattern at a NUL, which would match every call. */
const containsText = (description: string) =>
  z
    .string()
    .min(1)
    .max(64)
    .refine((text) => !text.includes('\0'), 'must not contain a NUL character')
    .optional()
    .meta({ description });

export const cdrCursorSchema = z
  .string()
  .max(512)
  .refine((cursor) => decodeCdrCursor(cursor) !== undefined, {
    message: 'the cursor is not one this list gave',
  })
  .meta({ description: 'The nextCursor of the previous page' });

export const listCdrsQuerySchema = z
  .object({
    teamId: z.coerce.number().int().positive().optional(),
    accountId: z.coerce.number().int().positive().optional().meta({
      description: "Calls of this account's extensions; a user account sees only its own",
    }),
    agentId: z.coerce.number().int().positive().optional().meta({
      description:
        'Calls whose record names this agent (the queue answerer, or the agent signed in at the extension); ignored for an agent token',
    }),
    since: z.iso
      .datetime()
      .optional()
      .meta({ description: 'Calls started at or after (ISO 8601)' }),
    until: z.iso.datetime().optional().meta({ description: 'Calls started before (ISO 8601)' }),
    // Spec 01 §2.8's search panel: exact matches, and substrings of the numbers.
    id: z.string().max(128).optional().meta({ description: 'The call’s unique id (通话唯一标识)' }),
    callerNumber: z.string().max(64).optional(),
    calledNumber: z.string().max(64).optional(),
    did: z.string().max(64).optional(),
    // Other tables' rows by name (D102): 团队 and 用户.
    teamName: z.string().min(1).max(100).optional().meta({
      description: 'Calls of the team(s) with exactly this name',
    }),
    username: z.string().min(1).max(100).optional().meta({
      description: 'Calls of the extensions of the account(s) with exactly this username',
    }),
    // The panel's 包含 operator (D101); LIKE would end its pattern at a NUL.
    callerNumberContains: containsText('Calls whose caller number contains this text'),
    calledNumberContains: containsText('Calls whose called number contains this text'),
    didContains: containsText('Calls whose DID contains this text'),
    // The panel's 空值 (is empty) and, on durations, > and < (D106).
    didEmpty: queryFlag().meta({ description: 'Calls with no DID (true) or with one (false)' }),
    agentIdEmpty: queryFlag().meta({
      description:
        'Calls whose record names no agent (true) or one (false); ignored for an agent token',
    }),
    totalDurationGt: seconds('Calls whose total duration is more than this many seconds'),
    totalDurationLt: seconds('Calls whose total duration is less than this many seconds'),
    billableDurationGt: seconds('Calls whose billable duration is more than this many seconds'),
    billableDurationLt: seconds('Calls whose billable duration is less than this many seconds'),
    callType: z.enum(CALL_TYPES).optional(),
    result: z.enum(CALL_RESULTS).optional(),
    trunkId: z.coerce.number().int().positive().optional(),
    extensionId: z.coerce.number().int().positive().optional(),
    hasRecording: queryFlag().meta({
      description: 'Only calls with (true) or without a recording',
    }),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: cdrCursorSchema.optional(),
  })
  .strict();

/** Query of GET /cdrs/export: the list's filters, without paging. */
export const exportCdrsQuerySchema = listCdrsQuerySchema.omit({ limit: true, cursor: true });

const iso = z.string().nullable();

/** One call detail record (spec 01 §2.8). */
export const cdrSchema = z
  .object({
    id: z.string(),
    teamId: z.number().int(),
    callType: z.enum(CALL_TYPES),
    callerNumber: z.string(),
    callerName: z.string().nullable(),
    calledNumber: z.string(),
    did: z.string().nullable(),
    callTime: z.string(),
    answerTime: iso,
    endTime: iso,
    totalDuration: z.number().int().meta({ description: 'Seconds, end − call time (CDR-2)' }),
    billableDuration: z.number().int().meta({ description: 'Seconds, end − answer time (CDR-2)' }),
    result: z.enum(CALL_RESULTS),
    hangupCause: z.number().int().nullable().meta({ description: 'Q.850 cause' }),
    hangupSide: z.enum(['caller', 'callee', 'system']).nullable(),
    sipStatus: z.number().int().nullable(),
    codec: z.string().nullable(),
    mos: z.number().nullable(),
    ivrInput: z.string().nullable().meta({
      description: 'CDR-6: keys completed in IVRs, comma-separated in order; null if no IVR',
    }),
    ivrDurationMs: z
      .number()
      .int()
      .nullable()
      .meta({ description: 'CDR-6: time spent in IVRs; null if no IVR' }),
    agentId: z.number().int().nullable().meta({
      description:
        'The agent on the call: the queue answerer (D64), or the agent signed in at the extension (AGT-9)',
    }),
  })
  .meta({
    example: {
      id: '9b1c2f0e-6a1d-4c41-8f7d-0a1b2c3d4e5f',
      teamId: 1,
      callType: 'internal',
      callerNumber: '1000',
      callerName: null,
      calledNumber: '1001',
      did: null,
      callTime: '2016-03-31T09:50:29.000Z',
      answerTime: '2016-03-31T09:50:43.000Z',
      endTime: '2016-03-31T09:51:53.000Z',
      totalDuration: 84,
      billableDuration: 70,
      result: 'answered',
      hangupCause: 16,
      hangupSide: 'caller',
      sipStatus: null,
      codec: 'PCMU',
      mos: 4.4,
      ivrInput: null,
      ivrDurationMs: null,
      agentId: null,
    },
  });

/** Body of GET /cdrs. */
export const cdrPageSchema = z.object({
  items: z.array(cdrSchema),
  nextCursor: z.string().nullable(),
});
