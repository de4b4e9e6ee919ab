import { z } from 'zod';
import { TEMPLATE_PROTOCOLS, TEMPLATE_TYPES } from '../../../core/config-store/index.ts';
import type { PbxTemplate } from '../../../core/config-store/index.ts';
import type { ApiShape, Equal, Expect } from '../shared/api-shape.ts';
import { idSchema, optionalText, timestampSchema, createdBySchema } from '../shared/api-shape.ts';
import { listQuerySchema } from '../shared/list-query.ts';

/** Fields an admin may change (spec 02 §3.5). */
const templateFields = z.object({
  name: z.string().trim().min(1).max(100),
  templateType: z.enum(TEMPLATE_TYPES).meta({ description: 'device (default) or trunk (T-3)' }),
  protocol: z.enum(TEMPLATE_PROTOCOLS),
  details: z
    .string()
    .min(1)
    .max(8000)
    .meta({ description: 'One key=value per line; checked on save (T-2)' }),
  remark: optionalText(1000),
});

/** A template as the API returns it; teamId null is offered to every team. */
export const pbxTemplateSchema = templateFields
  .extend({
    id: idSchema,
    teamId: idSchema.nullable(),
    isBuiltin: z.boolean().meta({ description: 'A default: editable, not deletable' }),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
    createdBy: createdBySchema,
  })
  .meta({
    example: {
      id: 6,
      teamId: 1,
      name: 'desk phones',
      templateType: 'device',
      protocol: 'sip',
      details: 'type=friend\nhost=dynamic\nnat=yes\ndtmfmode=rfc2833',
      remark: null,
      isBuiltin: false,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      createdBy: 'admin',
    },
  });

/** POST /pbx-templates. A superadmin omitting teamId shares it with all teams. */
export const createPbxTemplateSchema = templateFields
  .partial()
  .required({ name: true, details: true })
  .extend({ teamId: idSchema.optional() })
  .strict()
  .meta({ example: { name: 'desk phones', details: 'type=friend\nhost=dynamic' } });

/** PATCH /pbx-templates/:id; the team is fixed. */
export const patchPbxTemplateSchema = templateFields.partial().strict();

/** GET /pbx-templates filters. */
export const listPbxTemplatesSchema = listQuerySchema(
  {
    name: z.string().optional(),
    templateType: z.enum(TEMPLATE_TYPES).optional(),
    protocol: z.enum(TEMPLATE_PROTOCOLS).optional(),
  },
  ['id', 'name', 'createdAt', 'updatedAt'],
);

type _PbxTemplateSchemaMatchesStore = Expect<
  Equal<z.output<typeof pbxTemplateSchema>, ApiShape<PbxTemplate>>
>;
