import type { ConfigStore, PermissionAction } from '../../core/config-store/index.ts';

/*
 * AC-10: a `user` account marked 组管理员 (isGroupAdmin) in its account
 * group manages the group's member accounts and their extensions. Its
 * rights (D58): read, list and change those accounts' profile, status and
 * password, and read, list and change their extensions; nothing else of
 * the team, no creating or deleting accounts, and no role or type change
 * beyond what its own role grants. An account is in at most one group
 * (AG-6), so the scope is that group's members.
 */

/** Routes a group admin may call without a role grant (AC-10). */
const GROUP_ADMIN_ROUTES: ReadonlySet<string> = new Set([
  'GET /api/v1/accounts',
  'GET /api/v1/accounts/:id',
  'PATCH /api/v1/accounts/:id',
  'GET /api/v1/extensions',
  'GET /api/v1/extensions/:id',
  'PATCH /api/v1/extensions/:id',
]);

/** Resources whose objects a group admin sees for its members too. */
const GROUP_SCOPED_RESOURCES: ReadonlySet<string> = new Set(['accounts', 'extensions']);

/**
 * The accounts `accountId` administers as 组管理员 of its account group:
 * every `user` member, itself included. Undefined if it administers no
 * group.
 */
export function groupAdminScope(
  store: ConfigStore,
  accountId: number,
): ReadonlySet<number> | undefined {
  const group = store.accountGroups.findByAccount(accountId);
  const self = group?.members.find((member) => member.accountId === accountId);
  if (group === undefined || self?.isGroupAdmin !== true) return undefined;
  // Only `user` members: an admin account in the group is out of reach,
  // or a group admin could reset a team admin's password.
  const managed = group.members
    .map((member) => member.accountId)
    .filter((id) => id === accountId || store.accounts.find(id)?.accountType === 'user');
  return new Set(managed);
}

/**
 * The permission AC-10 gives a group admin for a route its role does not
 * grant: view and edit on the member-account and extension routes only.
 */
export function groupAdminPermission(
  method: string,
  routeUrl: string,
  managed: ReadonlySet<number> | undefined,
): { page: string; action: PermissionAction } | undefined {
  if (managed === undefined || !GROUP_ADMIN_ROUTES.has(`${method} ${routeUrl}`)) return undefined;
  const page = routeUrl.split('/')[3] ?? '';
  return { page, action: method === 'GET' ? 'view' : 'edit' };
}

/** Who a `user` caller is, as far as object ownership goes. */
export interface OwnerScope {
  accountId: number;
  /** Set for a group admin (AC-10): the accounts of its group. */
  managedAccountIds?: ReadonlySet<number> | undefined;
}

/**
 * Whether a `user` caller may act on an object of `resource` owned by
 * `ownerId`: its own (ACC-2), or, for accounts and extensions, one of
 * its group's members when it is their group admin (AC-10).
 */
export function isWithinOwnerScope(
  scope: OwnerScope,
  resource: string,
  ownerId: number | null | undefined,
): boolean {
  if (ownerId === null || ownerId === undefined) return false;
  if (ownerId === scope.accountId) return true;
  return spansGroup(scope, resource) && scope.managedAccountIds?.has(ownerId) === true;
}

/** Whether the caller's reach on `resource` spans its group (AC-10). */
export function spansGroup(scope: OwnerScope, resource: string): boolean {
  return scope.managedAccountIds !== undefined && GROUP_SCOPED_RESOURCES.has(resource);
}
