import type { FastifyInstance } from 'fastify';
import { hashPassword } from '../../../core/config-store/index.ts';
import type { Account, ConfigStore } from '../../../core/config-store/index.ts';
import { ForbiddenError } from '../../plugins/api-errors.ts';
import { registerCrudRoutes } from '../shared/crud.ts';
import {
  accountSchema,
  createAccountSchema,
  listAccountsSchema,
  patchAccountSchema,
} from './schema.ts';

/**
 * Accounts (spec §1.3). Passwords are hashed with scrypt before the write
 * transaction starts, so the lock is never held across the hash. A team
 * admin manages the accounts of its team but cannot mint a systemAdmin.
 */
export function registerAccountRoutes(app: FastifyInstance, store: ConfigStore): void {
  registerCrudRoutes(app, store, {
    path: 'accounts',
    label: 'account',
    entitySchema: accountSchema,
    createSchema: createAccountSchema,
    patchSchema: patchAccountSchema,
    listSchema: listAccountsSchema,
    readRoles: ['superadmin', 'teamAdmin'],
    writeRoles: ['superadmin', 'teamAdmin'],
    teamOnCreate: 'nullable',
    secretFields: ['password'],
    referencedAs: 'account',
    teamIdOf: (account: Account) => account.teamId,
    find: (id) => store.accounts.find(id),
    page: (request) => store.accounts.page(request),
    list: (teamId) => store.accounts.list(teamId),
    planCreate: async (body, teamId, auth) => {
      if (body.accountType === 'systemAdmin' && auth.role !== 'superadmin') {
        throw new ForbiddenError('only a superadmin creates systemAdmin accounts');
      }
      const { password, ...fields } = body;
      const passwordHash = await hashPassword(password);
      return () => store.accounts.create({ ...fields, teamId, passwordHash });
    },
    planUpdate: async (account, patch) => {
      const { password, ...fields } = patch;
      const passwordHash = password === undefined ? undefined : await hashPassword(password);
      return () => {
        if (passwordHash !== undefined) store.accounts.setPasswordHash(account.id, passwordHash);
        return store.accounts.update(account.id, fields);
      };
    },
    remove: (account) => store.accounts.delete(account.id),
  });
}
