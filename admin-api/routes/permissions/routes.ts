import type { FastifyInstance, FastifyRequest } from 'fastify';
import { allPermissions, PERMISSION_PAGES } from '../../../core/config-store/index.ts';
import type { ConfigStore, PermissionCategory } from '../../../core/config-store/index.ts';
import { authOf, requireRole } from '../../plugins/auth.ts';
import {
  listPermissionPagesSchema,
  ownPermissionsSchema,
  permissionPagesSchema,
} from './schema.ts';

/**
 * GET /permissions: the fixed page catalogue (spec 01 §1.7), read-only
 * because each page is bound to routes in code (PRM-2). GET
 * /auth/permissions: what the calling account may do, for a client to
 * show only the menus it can use (ROLE-3).
 */
export function registerPermissionRoutes(app: FastifyInstance, store: ConfigStore): void {
  app.get(
    '/permissions',
    {
      schema: {
        summary: 'The permission page catalogue',
        tags: ['permissions'],
        querystring: listPermissionPagesSchema,
        response: { 200: permissionPagesSchema },
      },
    },
    async (request: FastifyRequest) => {
      requireRole(request, 'superadmin', 'teamAdmin');
      const { category } = request.query as { category?: PermissionCategory };
      return {
        items: PERMISSION_PAGES.filter((p) => category === undefined || p.category === category),
      };
    },
  );

  app.get(
    '/auth/permissions',
    {
      schema: {
        summary: 'The permissions of the calling account',
        tags: ['auth'],
        response: { 200: ownPermissionsSchema },
      },
    },
    async (request: FastifyRequest) => {
      const auth = authOf(request);
      const held = store.roles.grantsOf(auth.accountId);
      const role = { roleId: held?.roleId ?? null, roleName: held?.roleName ?? null };
      if (auth.role !== 'user') {
        // Admins are not limited by their role (ACC-2 scope only).
        const scope = auth.role === 'superadmin' ? 'all' : 'team';
        return { scope, ...role, permissions: allPermissions() };
      }
      return { scope: 'own', ...role, permissions: held?.permissions ?? {} };
    },
  );
}
