import { z } from 'zod';
import {
  DID_DESTINATION_TYPES,
  DID_RATE_TYPES,
  PROMPT_LANGUAGES,
  STATUSES,
} from '../../../core/config-store/index.ts';
import type { Did } from '../../../core/config-store/index.ts';
import type { ApiShape, Equal, Expect } from '../shared/api-shape.ts';
import { idSchema, optionalText, timestampSchema, createdBySchema } from '../shared/api-shape.ts';
import { listQuerySchema } from '../shared/list-query.ts';

/** Fields an admin may change (spec §2.6). */
const didFields = z.object({
  number: z.string().regex(/^\+?[0-9]{1,20}$/, 'an E.164-style number'),
  destinationType: z.enum(DID_DESTINATION_TYPES),
  destinationId: idSchema
    .nullable()
    .meta({ description: 'The bound extension; null leaves the DID unbound (DID-3, TM-12)' }),
  destinationNumber: optionalText(32),
  status: z.enum(STATUSES),
  remark: optionalText(1000),
  language: z.enum(PROMPT_LANGUAGES).nullable().meta({
    description:
      'DID-2: the prompt language of calls to this DID; cn when not given, null = system default',
  }),
  rateType: z.enum(DID_RATE_TYPES).meta({
    description:
      '费率类型 (DG-3): individual = rateE4 below; group = the rate and monthly rent of its DID group',
  }),
  rateE4: z
    .int()
    .min(0)
    .max(1_000_000_000)
    .meta({ description: '费率: per started minute of answered inbound calls, 1/10 000 units' }),
});

/** A DID as the API returns it. */
export const didSchema = didFields.extend({
  id: idSchema,
  teamId: idSchema,
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  createdBy: createdBySchema,
});

/** POST /dids; the number is unique system-wide (DID-5). */
export const createDidSchema = didFields
  .partial()
  .required({ number: true, destinationType: true })
  .extend({ teamId: idSchema.optional() })
  .strict();

/** PATCH /dids/:id; the team is fixed. */
export const patchDidSchema = didFields.partial().strict();

/** GET /dids filters. */
export const listDidsSchema = listQuerySchema(
  {
    number: z.string().optional(),
    destinationId: z.coerce.number().int().positive().optional(),
    status: z.enum(STATUSES).optional(),
  },
  ['number', 'id', 'createdAt', 'updatedAt'],
);

type _DidSchemaMatchesStore = Expect<Equal<z.output<typeof didSchema>, ApiShape<Did>>>;
