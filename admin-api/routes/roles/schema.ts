import { z } from 'zod';
import { BUILTIN_ROLES, PERMISSION_ACTIONS, ROLE_TYPES } from '../../../core/config-store/index.ts';
import type { Role } from '../../../core/config-store/index.ts';
import type { ApiShape, Equal, Expect } from '../shared/api-shape.ts';
import { idSchema, optionalText, timestampSchema, createdBySchema } from '../shared/api-shape.ts';
import { listQuerySchema } from '../shared/list-query.ts';

/**
 * The permission matrix: page key → granted actions. Keys are checked
 * against the catalogue by the store (PRM-1), which names each bad one.
 */
const permissions = z
  .record(z.string().max(64), z.array(z.enum(PERMISSION_ACTIONS)).max(PERMISSION_ACTIONS.length))
  .meta({ description: 'Page key (GET /permissions) → granted actions' });

/** Fields an admin may change (spec 01 §1.8). */
const roleFields = z.object({
  name: z.string().trim().min(1).max(100),
  roleType: z.enum(ROLE_TYPES),
  permissions,
  remark: optionalText(1000),
});

/** A role as the API returns it; teamId null is a system role. */
export const roleSchema = roleFields
  .extend({
    id: idSchema,
    teamId: idSchema.nullable(),
    builtin: z
      .enum(BUILTIN_ROLES)
      .nullable()
      .meta({ description: 'Seeded role; admin grants everything and is read-only' }),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
    createdBy: createdBySchema,
  })
  .meta({
    example: {
      id: 3,
      teamId: 1,
      name: 'Team Leader',
      roleType: 'user',
      builtin: null,
      permissions: { extensions: ['view', 'edit'], cdrs: ['view'] },
      remark: null,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      createdBy: 'admin',
    },
  });

/** POST /roles. A superadmin omitting teamId creates a system role. */
export const createRoleSchema = roleFields
  .partial()
  .required({ name: true })
  .extend({ teamId: idSchema.optional() })
  .strict()
  .meta({ example: { name: 'Team Leader', permissions: { extensions: ['view'] } } });

/** PATCH /roles/:id; the team is fixed. */
export const patchRoleSchema = roleFields.partial().strict();

/** GET /roles filters. */
export const listRolesSchema = listQuerySchema(
  {
    name: z.string().optional(),
    roleType: z.enum(ROLE_TYPES).optional(),
  },
  ['id', 'name', 'createdAt', 'updatedAt'],
);

/** The role an account holds (spec 01 §1.3 `角色`). */
export const accountRoleSchema = z.object({
  accountId: idSchema,
  roleId: idSchema.nullable().meta({ description: 'null: no role, so no module permissions' }),
  roleName: z.string().nullable(),
});

/** PUT /accounts/:id/role. */
export const putAccountRoleSchema = z
  .strictObject({ roleId: idSchema.nullable() })
  .meta({ example: { roleId: 3 } });

type _RoleSchemaMatchesStore = Expect<Equal<z.output<typeof roleSchema>, ApiShape<Role>>>;
