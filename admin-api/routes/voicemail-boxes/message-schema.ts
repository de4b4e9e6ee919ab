import { z } from 'zod';
import { idSchema, timestampSchema } from '../shared/api-shape.ts';

/** A message id as pbx/voicemail makes them: `<box id>-<uuid>`. */
const messageIdSchema = z
  .string()
  .regex(/^[0-9]{1,12}-[0-9a-f-]{36}$/, 'a voicemail message id')
  .meta({ description: 'The message id, `<box id>-<uuid>`' });

/** `:id` (the box) and `:messageId`. */
export const messageParamsSchema = z.strictObject({
  id: z.coerce.number().int().positive(),
  messageId: messageIdSchema,
});

/** Query of GET …/messages/:messageId/audio. */
export const messageAudioQuerySchema = z.strictObject({
  download: z
    .enum(['0', '1'])
    .optional()
    .meta({ description: '1: Content-Disposition attachment (download, VM-2)' }),
});

/** One left message (spec 01 §2.9 VoicemailMessage, VM-1). */
export const voicemailMessageSchema = z
  .object({
    id: messageIdSchema,
    boxId: idSchema,
    callerNumber: z.string(),
    callerName: z.string().nullable(),
    leftAt: timestampSchema,
    durationMs: z.int().min(0),
    isRead: z.boolean(),
    audioUrl: z.string().meta({ description: 'GET it for the audio/wav (Range gives 206)' }),
  })
  .meta({
    example: {
      id: '4-0b7c1f52-8c1e-4f0e-9a57-5d7c2b6f9e10',
      boxId: 4,
      callerNumber: '5551234',
      callerName: 'Bob',
      leftAt: '2026-11-26T08:00:00.000Z',
      durationMs: 12_400,
      isRead: false,
      audioUrl: '/api/v1/voicemail-boxes/4/messages/4-0b7c1f52-8c1e-4f0e-9a57-5d7c2b6f9e10/audio',
    },
  });

/** GET …/messages. */
export const voicemailMessageListSchema = z.object({ items: z.array(voicemailMessageSchema) });
