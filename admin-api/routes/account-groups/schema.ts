import { z } from 'zod';
import type { AccountGroup } from '../../../core/config-store/index.ts';
import type { ApiShape, Equal, Expect } from '../shared/api-shape.ts';
import { idSchema, optionalText, timestampSchema, createdBySchema } from '../shared/api-shape.ts';
import { listQuerySchema } from '../shared/list-query.ts';

/** A member as the API returns it (spec §1.4 `AccountGroupMember`). */
const memberSchema = z.object({
  accountId: idSchema,
  isGroupAdmin: z.boolean(),
});

/** A member in a request; isGroupAdmin defaults to false. */
const memberInputSchema = z.strictObject({
  accountId: idSchema,
  isGroupAdmin: z.boolean().optional(),
});

/** Fields an admin may change (spec §1.4). */
const groupFields = z.object({
  name: z.string().trim().min(1).max(100),
  trunkId: idSchema.nullable().meta({ description: 'Outbound trunk of the members (AG-3)' }),
  trunkGroupId: idSchema
    .nullable()
    .meta({ description: 'Or their outbound trunk group (AG-3); not both' }),
  description: optionalText(1000),
});

const outboundRouteIds = z.array(idSchema).max(1000).meta({
  description:
    'AG-2: replaces the set. Members dial by these routes, others by the team’s routes (routes in no set).',
});

const members = z.array(memberInputSchema).max(1000).meta({
  description:
    'Replaces the whole list. Accounts of the team (AG-1), each in at most one group (AG-6).',
});

/** An account group as the API returns it. */
export const accountGroupSchema = groupFields
  .extend({
    id: idSchema,
    teamId: idSchema,
    members: z.array(memberSchema),
    outboundRouteIds: z.array(idSchema),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
    createdBy: createdBySchema,
  })
  .meta({
    example: {
      id: 4,
      teamId: 1,
      name: 'Sales',
      trunkId: null,
      trunkGroupId: 2,
      description: 'Billed together',
      members: [{ accountId: 12, isGroupAdmin: true }],
      outboundRouteIds: [],
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      createdBy: 'admin',
    },
  });

/** POST /account-groups. */
export const createAccountGroupSchema = groupFields
  .partial()
  .required({ name: true })
  .extend({
    teamId: idSchema.optional(),
    members: members.optional(),
    outboundRouteIds: outboundRouteIds.optional(),
  })
  .strict()
  .meta({ example: { name: 'Sales', members: [{ accountId: 12, isGroupAdmin: true }] } });

/** PATCH /account-groups/:id; the team is fixed. */
export const patchAccountGroupSchema = groupFields
  .extend({ members, outboundRouteIds })
  .partial()
  .strict()
  .meta({ example: { members: [{ accountId: 12 }, { accountId: 13 }] } });

/** GET /account-groups filters. */
export const listAccountGroupsSchema = listQuerySchema(
  {
    name: z.string().optional(),
    trunkId: z.coerce.number().int().positive().optional(),
    trunkGroupId: z.coerce.number().int().positive().optional(),
    // Spec 01 §1.4's search panel (说明).
    description: z.string().optional(),
  },
  ['id', 'name', 'createdAt', 'updatedAt'],
);

type _AccountGroupSchemaMatchesStore = Expect<
  Equal<z.output<typeof accountGroupSchema>, ApiShape<AccountGroup>>
>;
