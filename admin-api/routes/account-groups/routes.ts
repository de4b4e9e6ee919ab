import type { FastifyInstance } from 'fastify';
import { ValidationError } from '../../../core/index.ts';
import type { AccountGroup, ConfigStore } from '../../../core/config-store/index.ts';
import { registerCrudRoutes } from '../shared/crud.ts';
import {
  accountGroupSchema,
  createAccountGroupSchema,
  listAccountGroupsSchema,
  patchAccountGroupSchema,
} from './schema.ts';

/**
 * AC-10: 组管理员 (groupAdminOf) is only for `user` accounts; an admin
 * account already manages the whole team. 400 naming the member.
 */
function assertAdminsAreUsers(
  store: ConfigStore,
  members: ReadonlyArray<{ accountId: number; isGroupAdmin?: boolean | undefined }> | undefined,
): void {
  (members ?? []).forEach((member, index) => {
    if (member.isGroupAdmin !== true) return;
    const account = store.accounts.find(member.accountId);
    if (account !== undefined && account.accountType !== 'user') {
      throw new ValidationError(
        `members[${index}].isGroupAdmin`,
        `account ${member.accountId} is a ${account.accountType}; only a user account can be ` +
          'a group admin (AC-10)',
      );
    }
  });
}

/**
 * Account groups (spec §1.4). Members are checked by the repository: an
 * absent or foreign account gets the same 400, and an account already in
 * another group gets 409 ERR_ACCOUNT_IN_GROUP (AG-6).
 */
export function registerAccountGroupRoutes(app: FastifyInstance, store: ConfigStore): void {
  registerCrudRoutes(app, store, {
    path: 'account-groups',
    label: 'account group',
    entitySchema: accountGroupSchema,
    createSchema: createAccountGroupSchema,
    patchSchema: patchAccountGroupSchema,
    listSchema: listAccountGroupsSchema,
    readRoles: ['superadmin', 'teamAdmin'],
    writeRoles: ['superadmin', 'teamAdmin'],
    teamOnCreate: 'required',
    secretFields: [],
    teamIdOf: (group: AccountGroup) => group.teamId,
    find: (id) => store.accountGroups.find(id),
    page: (request) => store.accountGroups.page(request),
    list: (teamId) => store.accountGroups.list(teamId),
    planCreate: (body, teamId) => {
      assertAdminsAreUsers(store, body.members);
      return () => store.accountGroups.create({ ...body, teamId: teamId! });
    },
    planUpdate: (group, patch) => {
      assertAdminsAreUsers(store, patch.members);
      return () => store.accountGroups.update(group.id, patch);
    },
    remove: (group) => store.accountGroups.delete(group.id),
  });
}
