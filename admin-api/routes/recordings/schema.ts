import { z } from 'zod';
import { CALL_RESULTS, CALL_TYPES } from '../../../core/cdr-store/index.ts';
import { cdrCursorSchema } from '../cdrs/schema.ts';

/** Query of GET /recordings (same paging as GET /cdrs). */
export const listRecordingsQuerySchema = z
  .object({
    teamId: z.coerce.number().int().positive().optional(),
    agentId: z.coerce.number().int().positive().optional().meta({
      description: 'Calls whose record names this agent (the queue answerer, D64)',
    }),
    since: z.iso
      .datetime()
      .optional()
      .meta({ description: 'Calls started at or after (ISO 8601)' }),
    until: z.iso.datetime().optional().meta({ description: 'Calls started before (ISO 8601)' }),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: cdrCursorSchema.optional(),
  })
  .strict();

/** Params of GET /recordings/:cdrId/audio. */
export const recordingParamsSchema = z.object({ cdrId: z.string().min(1).max(200) }).strict();

/** Query of GET /recordings/:cdrId/audio. */
export const recordingAudioQuerySchema = z
  .object({
    download: z
      .enum(['0', '1'])
      .optional()
      .meta({ description: '1: Content-Disposition attachment (download, CDR-3)' }),
  })
  .strict();

/** One recorded call (spec 01 §2.8 `录音`). */
export const recordingSchema = z
  .object({
    id: z.string().meta({ description: 'The CDR id (call id)' }),
    teamId: z.number().int(),
    callType: z.enum(CALL_TYPES),
    callerNumber: z.string(),
    calledNumber: z.string(),
    callTime: z.string(),
    answerTime: z.string().nullable(),
    billableDuration: z.number().int(),
    result: z.enum(CALL_RESULTS),
    audioUrl: z.string().meta({ description: 'GET it for audio/wav; ?download=1 to save' }),
  })
  .meta({
    example: {
      id: '9b1c2f0e-6a1d-4c41-8f7d-0a1b2c3d4e5f',
      teamId: 1,
      callType: 'internal',
      callerNumber: '1000',
      calledNumber: '1001',
      callTime: '2016-03-31T09:50:29.000Z',
      answerTime: '2016-03-31T09:50:43.000Z',
      billableDuration: 70,
      result: 'answered',
      audioUrl: '/api/v1/recordings/9b1c2f0e-6a1d-4c41-8f7d-0a1b2c3d4e5f/audio',
    },
  });

/** Body of GET /recordings. */
export const recordingPageSchema = z.object({
  items: z.array(recordingSchema),
  nextCursor: z.string().nullable(),
});
