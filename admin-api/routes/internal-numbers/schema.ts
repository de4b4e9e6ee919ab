import { z } from 'zod';
import { INTERNAL_NUMBER_KINDS } from '../../../core/config-store/index.ts';
import { idSchema, timestampSchema } from '../shared/api-shape.ts';
import { listQuerySchema } from '../shared/list-query.ts';

const numberSchema = z
  .string()
  .regex(/^[0-9*#]{1,32}$/, 'digits, * or #')
  .meta({ description: '内线号码: unique in the team across every kind (IN-1)' });

/** An entry of the team's internal-number namespace (spec 01 §2.10). */
export const internalNumberSchema = z
  .object({
    id: idSchema,
    teamId: idSchema,
    number: numberSchema,
    kind: z.enum(INTERNAL_NUMBER_KINDS).meta({ description: '对象: what the number dials (IN-2)' }),
    ownerId: idSchema.nullable().meta({ description: '对象ID: the extension, queue, … it dials' }),
    ownerName: z.string().nullable().meta({ description: "The owner's name, for the list" }),
    accountId: idSchema
      .nullable()
      .meta({ description: '帐号: the account of an extension; null for other kinds' }),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .meta({
    example: {
      id: 4,
      teamId: 1,
      number: '8001',
      kind: 'queue',
      ownerId: 7,
      ownerName: 'Support',
      accountId: null,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    },
  });

/** PATCH /internal-numbers/:id: only the number (IN-3). */
export const patchInternalNumberSchema = z
  .strictObject({ number: numberSchema })
  .meta({ example: { number: '8002' } });

/** GET /internal-numbers filters (the manual's 内线号码, 对象, 团队 search). */
export const listInternalNumbersSchema = listQuerySchema(
  {
    number: z.string().max(32).optional(),
    kind: z.enum(INTERNAL_NUMBER_KINDS).optional(),
    ownerId: z.coerce.number().int().positive().optional(),
  },
  ['number', 'id', 'kind', 'createdAt', 'updatedAt'],
);
