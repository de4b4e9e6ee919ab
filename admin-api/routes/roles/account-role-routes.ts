import type { FastifyInstance, FastifyRequest } from 'fastify';
import { NotFoundError, ValidationError } from '../../../core/index.ts';
import type { Account, ConfigStore } from '../../../core/config-store/index.ts';
import { requireRole } from '../../plugins/auth.ts';
import type { AuthContext } from '../../plugins/auth.ts';
import { idParamsSchema } from '../shared/api-shape.ts';
import { audit } from '../shared/audit.ts';
import { accountRoleSchema, putAccountRoleSchema } from './schema.ts';
import { assertGrantable, effectivePermissions } from './grantable.ts';

/** The account if the caller may see it; 404 alike for absent and foreign. */
function visibleAccount(store: ConfigStore, auth: AuthContext, id: number): Account {
  const account = store.accounts.find(id);
  if (account === undefined || (auth.role !== 'superadmin' && account.teamId !== auth.teamId)) {
    throw new NotFoundError('account', id);
  }
  return account;
}

function roleView(store: ConfigStore, accountId: number) {
  const role = store.roles.roleOf(accountId);
  return { accountId, roleId: role?.id ?? null, roleName: role?.name ?? null };
}

/**
 * GET and PUT /accounts/:id/role: the role an account holds (spec 01 §1.3
 * `角色`). They are on the accounts page (view, edit), as the manual puts
 * the role in the account form. A team's role goes only to its own
 * accounts (ROLE-4); a superadmin's own access does not depend on roles.
 */
export function registerAccountRoleRoutes(app: FastifyInstance, store: ConfigStore): void {
  app.get(
    '/accounts/:id/role',
    {
      schema: {
        summary: 'The role of an account',
        tags: ['roles'],
        params: idParamsSchema,
        response: { 200: accountRoleSchema },
      },
    },
    async (request: FastifyRequest) => {
      const auth = requireRole(request, 'superadmin', 'teamAdmin');
      const account = visibleAccount(store, auth, (request.params as { id: number }).id);
      return roleView(store, account.id);
    },
  );

  app.put(
    '/accounts/:id/role',
    {
      schema: {
        summary: 'Give an account a role (roleId null takes it away)',
        tags: ['roles'],
        params: idParamsSchema,
        body: putAccountRoleSchema,
        response: { 200: accountRoleSchema },
      },
    },
    async (request: FastifyRequest) => {
      const auth = requireRole(request, 'superadmin', 'teamAdmin');
      const account = visibleAccount(store, auth, (request.params as { id: number }).id);
      const { roleId } = request.body as { roleId: number | null };
      if (roleId !== null) {
        const role = store.roles.find(roleId);
        const isAssignable =
          role !== undefined && (role.teamId === null || role.teamId === account.teamId);
        if (!isAssignable) {
          throw new ValidationError('roleId', `no role ${roleId} assignable to this account`);
        }
        assertGrantable(store, auth, effectivePermissions(role));
      }
      store.transaction(() => {
        if (roleId === null) store.roles.unassign(account.id);
        else store.roles.assign(account.id, roleId);
        audit(store, request, {
          action: 'update',
          resource: 'accounts',
          objectId: account.id,
          teamId: account.teamId,
          detail: { changes: { roleId } },
        });
      });
      return roleView(store, account.id);
    },
  );
}
