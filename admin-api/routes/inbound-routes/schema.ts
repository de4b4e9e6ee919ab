import { z } from 'zod';
import { INBOUND_DESTINATION_TYPES, STATUSES } from '../../../core/config-store/index.ts';
import type { InboundRoute } from '../../../core/config-store/index.ts';
import type { ApiShape, Equal, Expect } from '../shared/api-shape.ts';
import { idSchema, timestampSchema, createdBySchema } from '../shared/api-shape.ts';
import { listQuerySchema } from '../shared/list-query.ts';

/** A caller number, or a prefix ending in `*`. */
export const callerPatternSchema = z
  .string()
  .regex(/^\+?[0-9]{1,32}\*?$/, 'a number, or a prefix ending in *');

/** Fields an admin may change (spec 02 §3.6). */
const routeFields = z.object({
  name: z.string().trim().min(1).max(100),
  didId: idSchema.nullable().meta({ description: 'IR-2 单匹配; null matches any called number' }),
  didGroupId: idSchema.nullable().meta({
    description: 'IR-2 组匹配 (DG-2): numbers of this DID group of the team; not with didId',
  }),
  callerPattern: callerPatternSchema
    .nullable()
    .meta({ description: 'IR-3; null matches any caller' }),
  trunkId: idSchema.nullable().meta({ description: 'IR-4; null matches any trunk' }),
  workHoursId: idSchema
    .nullable()
    .meta({ description: 'IR-5; the route applies only while these work hours are in force' }),
  destinationType: z.enum(INBOUND_DESTINATION_TYPES).meta({ description: 'IR-8' }),
  destinationId: idSchema
    .nullable()
    .meta({ description: 'Extension, ring group or queue of the team; null for end' }),
  priority: z.int().min(0).max(1_000_000).meta({ description: 'IR-6; the largest wins' }),
  status: z.enum(STATUSES),
});

/** An inbound route as the API returns it. */
export const inboundRouteSchema = routeFields
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
      name: 'day',
      didId: 2,
      didGroupId: null,
      callerPattern: null,
      trunkId: null,
      workHoursId: 1,
      destinationType: 'queue',
      destinationId: 7,
      priority: 10,
      status: 'enabled',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      createdBy: 'admin',
    },
  });

/** POST /inbound-routes. */
export const createInboundRouteSchema = routeFields
  .partial()
  .required({ name: true, destinationType: true })
  .extend({ teamId: idSchema.optional() })
  .strict()
  .meta({
    example: {
      name: 'day',
      didId: 2,
      workHoursId: 1,
      destinationType: 'queue',
      destinationId: 7,
      priority: 10,
    },
  });

/** PATCH /inbound-routes/:id; the team is fixed. */
export const patchInboundRouteSchema = routeFields
  .partial()
  .strict()
  .meta({ example: { destinationType: 'end' } });

/** GET /inbound-routes filters. */
export const listInboundRoutesSchema = listQuerySchema(
  {
    name: z.string().optional(),
    didId: z.coerce.number().int().positive().optional(),
    didGroupId: z.coerce.number().int().positive().optional(),
    destinationType: z.enum(INBOUND_DESTINATION_TYPES).optional(),
    status: z.enum(STATUSES).optional(),
  },
  ['id', 'name', 'priority', 'createdAt', 'updatedAt'],
);

type _InboundRouteSchemaMatchesStore = Expect<
  Equal<z.output<typeof inboundRouteSchema>, ApiShape<InboundRoute>>
>;
