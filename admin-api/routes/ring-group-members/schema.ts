import { z } from 'zod';
import type { RingGroupMember } from '../../../core/config-store/index.ts';
import type { ApiShape, Equal, Expect } from '../shared/api-shape.ts';
import { idSchema, timestampSchema, createdBySchema } from '../shared/api-shape.ts';
import { listQuerySchema } from '../shared/list-query.ts';

const priority = z
  .int()
  .min(0)
  .max(9)
  .meta({ description: 'RGM-1 优先级: larger rings first; equal ones in list order. Default 0' });

/** A ring-group membership as the API returns it (spec 01 §2.4). */
export const ringGroupMemberSchema = z
  .object({
    id: idSchema,
    teamId: idSchema.meta({ description: "The ring group's team" }),
    ringGroupId: idSchema,
    extensionId: idSchema,
    position: z.int().min(0).meta({ description: "Place in the ring group's extensionIds" }),
    priority,
    ringCount: z.int().min(0).meta({ description: 'RGM-2 振铃次数: times the group rang it' }),
    answerCount: z.int().min(0).meta({ description: 'RGM-2 应答次数: group calls it answered' }),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
    createdBy: createdBySchema,
  })
  .meta({
    example: {
      id: 11,
      teamId: 1,
      ringGroupId: 2,
      extensionId: 5,
      position: 0,
      priority: 5,
      ringCount: 40,
      answerCount: 31,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      createdBy: 'admin',
    },
  });

/** POST /ring-group-members: an extension joins the end of the group's list. */
export const createRingGroupMemberSchema = z
  .strictObject({
    teamId: idSchema.optional(),
    ringGroupId: idSchema,
    extensionId: idSchema.meta({ description: "An extension of the group's team (RGM-3: once)" }),
    priority: priority.optional(),
  })
  .meta({ example: { ringGroupId: 2, extensionId: 5, priority: 5 } });

/** PATCH /ring-group-members/:id: the priority; membership itself is add or delete. */
export const patchRingGroupMemberSchema = z
  .strictObject({ priority: priority.optional() })
  .meta({ example: { priority: 9 } });

/** GET /ring-group-members filters (the manual's 设备名称, 振铃组名称 pickers). */
export const listRingGroupMembersSchema = listQuerySchema(
  {
    ringGroupId: z.coerce.number().int().positive().optional(),
    extensionId: z.coerce.number().int().positive().optional(),
    // Spec 01 §2.4's search panel (振铃次数, 应答次数).
    ringCount: z.coerce.number().int().min(0).optional(),
    answerCount: z.coerce.number().int().min(0).optional(),
  },
  ['id', 'priority', 'ringCount', 'answerCount', 'createdAt', 'updatedAt'],
);

type _MemberSchemaMatchesStore = Expect<
  Equal<z.output<typeof ringGroupMemberSchema>, ApiShape<RingGroupMember>>
>;
