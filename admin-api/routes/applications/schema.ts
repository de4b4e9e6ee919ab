import { z } from 'zod';
import { APPLICATION_HANDLERS } from '../../../core/config-store/index.ts';
import type { Application } from '../../../core/config-store/index.ts';
import type { ApiShape, Equal, Expect } from '../shared/api-shape.ts';
import { idSchema, optionalText, timestampSchema, createdBySchema } from '../shared/api-shape.ts';
import { listQuerySchema } from '../shared/list-query.ts';

/** Fields an admin may change (spec 02 §3.18). */
const applicationFields = z.object({
  name: z.string().trim().min(1).max(100),
  context: z
    .enum(APPLICATION_HANDLERS)
    .meta({ description: 'The built-in handler entered (APP-1); others are refused' }),
  startLabel: z
    .string()
    .regex(/^[A-Za-z0-9_]{1,32}$/, 'a dialplan label')
    .meta({ description: '起始标识; default s' }),
  priority: z.int().min(1).max(999).meta({ description: '优先级; default 1' }),
  internalNumber: z
    .string()
    .regex(/^[0-9]{1,15}$/, 'digits')
    .meta({ description: 'Reserved in the team internal-number namespace (§0.3, APP-2)' }),
  description: optionalText(500),
});

/** An application as the API returns it. */
export const applicationSchema = applicationFields
  .extend({
    id: idSchema,
    teamId: idSchema,
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
    createdBy: createdBySchema,
  })
  .meta({
    example: {
      id: 1,
      teamId: 1,
      name: 'agent-login',
      context: 'agent-login',
      startLabel: 's',
      priority: 1,
      internalNumber: '212',
      description: 'Agents log in by dialling 212',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      createdBy: 'admin',
    },
  });

/** POST /applications. */
export const createApplicationSchema = applicationFields
  .partial()
  .required({ name: true, context: true, internalNumber: true })
  .extend({ teamId: idSchema.optional() })
  .strict()
  .meta({ example: { name: 'agent-login', context: 'agent-login', internalNumber: '212' } });

/** PATCH /applications/:id; the team is fixed. */
export const patchApplicationSchema = applicationFields
  .partial()
  .strict()
  .meta({ example: { internalNumber: '213' } });

/** GET /applications filters. */
export const listApplicationsSchema = listQuerySchema(
  {
    name: z.string().optional(),
    context: z.enum(APPLICATION_HANDLERS).optional(),
    internalNumber: z.string().optional(),
  },
  ['id', 'name', 'internalNumber', 'createdAt', 'updatedAt'],
);

type _ApplicationSchemaMatchesStore = Expect<
  Equal<z.output<typeof applicationSchema>, ApiShape<Application>>
>;
