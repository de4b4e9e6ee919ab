import type { FastifyInstance } from 'fastify';
import type { ConfigStore, Role } from '../../../core/config-store/index.ts';
import { registerCrudRoutes } from '../shared/crud.ts';
import { registerAccountRoleRoutes } from './account-role-routes.ts';
import { assertGrantable } from './grantable.ts';
import { createRoleSchema, listRolesSchema, patchRoleSchema, roleSchema } from './schema.ts';

/**
 * Roles (spec 01 §1.8): a team's own roles and the system roles, which
 * every team may read and assign but only a superadmin changes. The
 * built-in admin role is read-only (ROLE-1, 409 ERR_BUILTIN_ROLE).
 */
export function registerRoleRoutes(app: FastifyInstance, store: ConfigStore): void {
  registerCrudRoutes(app, store, {
    path: 'roles',
    label: 'role',
    entitySchema: roleSchema,
    createSchema: createRoleSchema,
    patchSchema: patchRoleSchema,
    listSchema: listRolesSchema,
    readRoles: ['superadmin', 'teamAdmin'],
    writeRoles: ['superadmin', 'teamAdmin'],
    teamOnCreate: 'nullable',
    secretFields: [],
    isSharedWhenNull: true,
    teamIdOf: (role: Role) => role.teamId,
    find: (id) => store.roles.find(id),
    list: (teamId) => store.roles.list(teamId),
    planCreate: (body, teamId, auth) => {
      const { teamId: _given, ...fields } = body;
      const permissions = fields.permissions ?? {};
      assertGrantable(store, auth, permissions);
      return () => store.roles.create({ ...fields, permissions, teamId });
    },
    planUpdate: (role, patch, auth) => {
      if (patch.permissions !== undefined) assertGrantable(store, auth, patch.permissions);
      return () => store.roles.update(role.id, patch);
    },
    remove: (role) => store.roles.delete(role.id),
  });
  registerAccountRoleRoutes(app, store);
}
