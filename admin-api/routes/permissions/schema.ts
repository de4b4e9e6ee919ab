import { z } from 'zod';
import { PERMISSION_ACTIONS, PERMISSION_CATEGORIES } from '../../../core/config-store/index.ts';

/** A page of the permission catalogue (spec 01 §1.7 `PermissionPage`). */
export const permissionPageSchema = z
  .object({
    key: z.string().meta({ description: 'The API resource (path segment) it protects' }),
    label: z.string().meta({ description: 'Page name of the manual' }),
    category: z.enum(PERMISSION_CATEGORIES),
    actions: z.array(z.enum(PERMISSION_ACTIONS)),
  })
  .meta({
    example: {
      key: 'extensions',
      label: '分机管理',
      category: 'pbx',
      actions: ['add', 'edit', 'view', 'delete', 'export'],
    },
  });

/** GET /permissions: the catalogue, optionally one category. */
export const listPermissionPagesSchema = z.strictObject({
  category: z.enum(PERMISSION_CATEGORIES).optional(),
});

/** GET /permissions response. */
export const permissionPagesSchema = z.object({ items: z.array(permissionPageSchema) });

/** GET /auth/permissions: what the caller may do. */
export const ownPermissionsSchema = z.object({
  scope: z
    .enum(['all', 'team', 'own'])
    .meta({ description: 'all teams, the own team, or own objects where ACC-2 applies' }),
  roleId: z.int().nullable(),
  roleName: z.string().nullable(),
  permissions: z.record(z.string(), z.array(z.enum(PERMISSION_ACTIONS))),
});
