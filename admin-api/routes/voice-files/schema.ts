import { z } from 'zod';
import {
  MAX_VOICE_FILE_NAME,
  VOICE_FILE_ENCODINGS,
  VOICE_FILE_FORMATS,
} from '../../../core/config-store/index.ts';
import type { VoiceFile } from '../../../core/config-store/index.ts';
import type { ApiShape, Equal, Expect } from '../shared/api-shape.ts';
import { idSchema, timestampSchema, createdBySchema } from '../shared/api-shape.ts';
import { listQuerySchema } from '../shared/list-query.ts';

/** Largest upload accepted; a bigger body gets 413 ERR_AUDIO_TOO_LARGE. */
export const MAX_VOICE_FILE_BYTES = 20 * 1024 * 1024;

const nameSchema = z
  .string()
  .trim()
  .min(1)
  .max(MAX_VOICE_FILE_NAME)
  .meta({ description: 'What the file is for, e.g. welcome, 谢谢合作_cn (§3.16)' });

/** A voice file as the API returns it. */
export const voiceFileSchema = z
  .object({
    id: idSchema,
    teamId: idSchema.nullable().meta({ description: 'null: a system file every team may use' }),
    name: nameSchema,
    format: z.enum(VOICE_FILE_FORMATS).meta({ description: 'Stored format of the audio' }),
    sourceEncoding: z.enum(VOICE_FILE_ENCODINGS).meta({ description: 'Encoding of the upload' }),
    sourceRateHz: z.int().positive(),
    sourceChannels: z.int().positive(),
    durationMs: z.int().min(0),
    sizeBytes: z.int().positive().meta({ description: 'Bytes of the upload' }),
    hasWideband: z
      .boolean()
      .meta({ description: 'A 16 kHz copy exists (the upload was at 16 kHz or more)' }),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
    createdBy: createdBySchema,
  })
  .meta({
    example: {
      id: 4,
      teamId: 1,
      name: 'welcome',
      format: 'wav',
      sourceEncoding: 'pcm16',
      sourceRateHz: 44100,
      sourceChannels: 2,
      durationMs: 3250,
      sizeBytes: 573344,
      hasWideband: true,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      createdBy: 'admin',
    },
  });

/** POST /voice-files?name=…: the body is the WAVE file itself. */
export const uploadVoiceFileQuerySchema = z.strictObject({
  name: nameSchema,
  teamId: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .meta({ description: 'Superadmin only; omitted makes a system file' }),
});

/** PATCH /voice-files/:id: only the name; new audio is a new file. */
export const patchVoiceFileSchema = z
  .strictObject({ name: nameSchema })
  .meta({ example: { name: 'welcome_en' } });

/** GET /voice-files/:id/audio. */
export const audioQuerySchema = z.strictObject({
  rateHz: z.coerce
    .number()
    .pipe(z.union([z.literal(8000), z.literal(16000)]))
    .default(8000)
    .meta({ description: '8000 (always there) or 16000 (when hasWideband)' }),
});

/** GET /voice-files filters. */
export const listVoiceFilesSchema = listQuerySchema(
  {
    name: z.string().optional(),
    sourceEncoding: z.enum(VOICE_FILE_ENCODINGS).optional(),
  },
  ['id', 'name', 'durationMs', 'sizeBytes', 'createdAt', 'updatedAt'],
);

type _VoiceFileSchemaMatchesStore = Expect<
  Equal<z.output<typeof voiceFileSchema>, ApiShape<VoiceFile>>
>;
