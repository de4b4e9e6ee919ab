import type { FastifyInstance } from 'fastify';
import type { AccountGroup, ConfigStore } from '../../../core/config-store/index.ts';
import { registerCrudRoutes } from '../shared/crud.ts';
import {
  accountGroupSchema,
  createAccountGroupSchema,
  listAccountGroupsSchema,
  patchAccountGroupSchema,
} from './schema.ts';

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
    planCreate: (body, teamId) => () => store.accountGroups.create({ ...body, teamId: teamId! }),
    planUpdate: (group, patch) => () => store.accountGroups.update(group.id, patch),
    remove: (group) => store.accountGroups.delete(group.id),
  });
}
