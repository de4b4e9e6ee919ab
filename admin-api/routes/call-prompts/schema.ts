import { z } from 'zod';
import { PROMPT_LANGUAGES } from '../../../core/config-store/index.ts';
import type { CallPrompt } from '../../../core/config-store/index.ts';
import type { ApiShape, Equal, Expect } from '../shared/api-shape.ts';
import { idSchema, optionalText, timestampSchema, createdBySchema } from '../shared/api-shape.ts';
import { listQuerySchema } from '../shared/list-query.ts';

const variantSchema = z.strictObject({
  language: z.enum(PROMPT_LANGUAGES),
  voiceFileId: idSchema.meta({ description: 'A voice file of the team or a system one' }),
});

/** Fields an admin may change (spec 02 §3.14). */
const promptFields = z.object({
  name: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .meta({ description: 'What the prompt is for, e.g. demo, 谢谢合作_cn' }),
  description: optionalText(500),
  voiceFileId: idSchema
    .nullable()
    .meta({ description: 'Base file, played when no variant fits the call language (PR-1)' }),
  defaultLanguage: z
    .enum(PROMPT_LANGUAGES)
    .nullable()
    .meta({ description: 'Variant tried after the call language (PR-1)' }),
  variants: z
    .array(variantSchema)
    .max(PROMPT_LANGUAGES.length)
    .meta({ description: 'One file per language (编辑语音); replaces the list' }),
});

/** A call prompt as the API returns it. */
export const callPromptSchema = promptFields
  .extend({
    id: idSchema,
    teamId: idSchema.nullable().meta({ description: 'null: a system prompt' }),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
    createdBy: createdBySchema,
  })
  .meta({
    example: {
      id: 3,
      teamId: 1,
      name: 'welcome',
      description: 'Played by the main IVR',
      voiceFileId: 4,
      defaultLanguage: 'cn',
      variants: [
        { language: 'cn', voiceFileId: 4 },
        { language: 'en', voiceFileId: 5 },
      ],
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      createdBy: 'admin',
    },
  });

/** POST /call-prompts; a superadmin without teamId makes a system prompt. */
export const createCallPromptSchema = promptFields
  .partial()
  .required({ name: true })
  .extend({ teamId: idSchema.optional() })
  .strict()
  .meta({
    example: { name: 'welcome', voiceFileId: 4, variants: [{ language: 'en', voiceFileId: 5 }] },
  });

/** PATCH /call-prompts/:id; the team is fixed. */
export const patchCallPromptSchema = promptFields
  .partial()
  .strict()
  .meta({ example: { defaultLanguage: 'en' } });

/** GET /call-prompts filters. */
export const listCallPromptsSchema = listQuerySchema(
  {
    name: z.string().optional(),
    defaultLanguage: z.enum(PROMPT_LANGUAGES).optional(),
  },
  ['id', 'name', 'createdAt', 'updatedAt'],
);

type _CallPromptSchemaMatchesStore = Expect<
  Equal<z.output<typeof callPromptSchema>, ApiShape<CallPrompt>>
>;
