import { allPermissions, grants } from '../../../core/config-store/index.ts';
import type {
  ConfigStore,
  PermissionAction,
  Role,
  RolePermissions,
} from '../../../core/config-store/index.ts';
import { PermissionDeniedError } from '../../plugins/auth-access.ts';
import type { AuthContext } from '../../plugins/auth.ts';

/**
 * Refuses a `user` account that would hand out a permission it does not
 * hold itself, through a role it edits or assigns. Without this, the roles
 * or accounts page would be a way to grant oneself everything.
 */
export function assertGrantable(
  store: ConfigStore,
  auth: AuthContext,
  permissions: RolePermissions,
): void {
  if (auth.role !== 'user') return;
  const own = store.roles.grantsOf(auth.accountId)?.permissions ?? {};
  for (const [page, actions] of Object.entries(permissions)) {
    for (const action of actions) {
      if (!grants(own, page, action as PermissionAction)) {
        throw new PermissionDeniedError(`you cannot grant ${action} on ${page}: you lack it`);
      }
    }
  }
}

/** What a role grants, the built-in admin role being everything (ROLE-1). */
export function effectivePermissions(role: Role): RolePermissions {
  return role.builtin === 'admin' ? allPermissions() : role.permissions;
}
