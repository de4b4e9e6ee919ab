import { z } from 'zod';
import { OUTBOUND_ROUTE_ACTIONS, STATUSES } from '../../../core/config-store/index.ts';
import type { OutboundRoute } from '../../../core/config-store/index.ts';
import type { ApiShape, Equal, Expect } from '../shared/api-shape.ts';
import { idSchema, timestampSchema, createdBySchema } from '../shared/api-shape.ts';
import { listQuerySchema } from '../shared/list-query.ts';

const dialDigits = z.string().regex(/^[0-9*#+]{0,32}$/, 'dial digits');

/** Fields an admin may change (spec 02 §3.7, OR-2, OR-3). */
const routeFields = z.object({
  name: z.string().trim().min(1).max(100),
  priority: z.int().min(0).max(1_000_000),
  numberPrefix: dialDigits.meta({ description: 'Empty matches every number' }),
  numberLength: z.int().min(0).max(32).meta({ description: '0 matches any length' }),
  stripDigits: z.int().min(0).max(32),
  prepend: dialDigits,
  trunkId: idSchema.nullable().meta({
    description:
      'dialOut only; null lets the extension, account group or team target choose (OR-4, TM-5)',
  }),
  action: z.enum(OUTBOUND_ROUTE_ACTIONS).meta({
    description: 'OR-4: dial out (default), hand to a ring group or queue, or end (403)',
  }),
  actionTargetId: idSchema
    .nullable()
    .meta({ description: 'The ring group or queue of a ringGroup / queue action' }),
  status: z.enum(STATUSES),
});

/** An outbound route as the API returns it. */
export const outboundRouteSchema = routeFields.extend({
  id: idSchema,
  teamId: idSchema,
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  createdBy: createdBySchema,
});

/** POST /outbound-routes. */
export const createOutboundRouteSchema = routeFields
  .partial()
  .required({ name: true })
  .extend({ teamId: idSchema.optional() })
  .strict();

/** PATCH /outbound-routes/:id; the team is fixed. */
export const patchOutboundRouteSchema = routeFields.partial().strict();

/** GET /outbound-routes filters. */
export const listOutboundRoutesSchema = listQuerySchema(
  {
    trunkId: z.coerce.number().int().positive().optional(),
    action: z.enum(OUTBOUND_ROUTE_ACTIONS).optional(),
    status: z.enum(STATUSES).optional(),
  },
  ['priority', 'id', 'name', 'numberPrefix', 'createdAt', 'updatedAt'],
);

type _OutboundRouteSchemaMatchesStore = Expect<
  Equal<z.output<typeof outboundRouteSchema>, ApiShape<OutboundRoute>>
>;
