import { z } from 'zod';
import { VOICEMAIL_GREETINGS } from '../../../core/config-store/index.ts';
import type { VoicemailBox } from '../../../core/config-store/index.ts';
import type { ApiShape, Equal, Expect } from '../shared/api-shape.ts';
import { idSchema, timestampSchema, createdBySchema } from '../shared/api-shape.ts';
import { listQuerySchema } from '../shared/list-query.ts';

/** The mailbox PIN (VM-4): write-only, encrypted at rest; null removes it. */
const pin = z
  .string()
  .regex(/^[0-9]{1,16}$/, 'digits (VM-4)')
  .nullable()
  .meta({ writeOnly: true, description: 'Digits; never returned' });

/** Fields an admin may change (spec 01 §2.2 voicemail fields, §2.9). */
const boxFields = z.object({
  email: z.email().max(254).nullable().meta({ description: 'VM-3: where new messages go' }),
  attachAudio: z.boolean().meta({ description: 'VM-3: attach the recording; default true' }),
  deleteAfterEmail: z
    .boolean()
    .meta({ description: 'Delete once e-mailed (needs attachAudio); default false' }),
  greeting: z
    .enum(VOICEMAIL_GREETINGS)
    .meta({ description: 'VM-1: system prompt or the recorded one; default system' }),
  maxMessages: z.int().min(1).max(10_000).meta({ description: 'Default 100' }),
  maxMessageSec: z.int().min(1).max(3600).meta({ description: 'Default 180' }),
});

/** A voicemail box as the API returns it. */
export const voicemailBoxSchema = boxFields
  .extend({
    id: idSchema,
    teamId: idSchema,
    extensionId: idSchema,
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
    createdBy: createdBySchema,
  })
  .meta({
    example: {
      id: 4,
      teamId: 1,
      extensionId: 12,
      email: 'alice@example.com',
      attachAudio: true,
      deleteAfterEmail: false,
      greeting: 'system',
      maxMessages: 100,
      maxMessageSec: 180,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      createdBy: 'admin',
    },
  });

/** POST /voicemail-boxes. */
export const createVoicemailBoxSchema = boxFields
  .partial()
  .extend({ teamId: idSchema.optional(), extensionId: idSchema, pin: pin.optional() })
  .strict()
  .meta({ example: { extensionId: 12, pin: '4321', email: 'alice@example.com' } });

/** PATCH /voicemail-boxes/:id; team and extension are fixed. */
export const patchVoicemailBoxSchema = boxFields
  .extend({ pin })
  .partial()
  .strict()
  .meta({ example: { greeting: 'personal', pin: '9876' } });

/** GET /voicemail-boxes filters. */
export const listVoicemailBoxesSchema = listQuerySchema(
  {
    extensionId: z.coerce.number().int().positive().optional(),
    email: z.string().optional(),
  },
  ['id', 'extensionId', 'email', 'createdAt', 'updatedAt'],
);

type _VoicemailBoxSchemaMatchesStore = Expect<
  Equal<z.output<typeof voicemailBoxSchema>, ApiShape<VoicemailBox>>
>;
