import type { FastifyInstance } from 'fastify';
import { ValidationError } from '../../../core/index.ts';
import { hashPassword } from '../../../core/config-store/index.ts';
import type { Account, ConfigStore } from '../../../core/config-store/index.ts';
import { ForbiddenError } from '../../plugins/api-errors.ts';
import type { AuthContext } from '../../plugins/auth.ts';
import { registerCrudRoutes } from '../shared/crud.ts';
import {
  accountSchema,
  createAccountSchema,
  listAccountsSchema,
  patchAccountSchema,
} from './schema.ts';

/**
 * The role a new account gets (AC-3): a systemAdmin or teamAdmin the
 * built-in admin role, whose scope its type already gives (no team, or its
 * own team); a `user` account the role it was created with, since without
 * one it could do nothing (ACC-5). Returns the role id; ERR_VALIDATION on
 * roleId when a user account lacks one or an admin account names one.
 */
function roleOnCreate(
  store: ConfigStore,
  accountType: Account['accountType'],
  roleId: number | undefined,
): number {
  if (accountType === 'user') {
    if (roleId === undefined) {
      throw new ValidationError('roleId', 'a user account needs a team and a role (AC-3)');
    }
    return roleId;
  }
  if (roleId !== undefined) {
    throw new ValidationError(
      'roleId',
      `a ${accountType} account gets the built-in admin role; give no roleId (AC-3)`,
    );
  }
  return store.roles.builtin('admin').id;
}

/**
 * What a `user` account may change on itself or, as a group admin, on a
 * member of its group (AC-10, D58): the profile, the status and the
 * password. Type, role, recording and billing stay with the admins.
 */
const USER_PATCHABLE: ReadonlySet<string> = new Set([
  'status',
  'email',
  'firstName',
  'lastName',
  'password',
]);

/** ERR_FORBIDDEN if a `user` caller's patch touches an admin-only field. */
function assertUserMayPatch(auth: AuthContext, patch: Record<string, unknown>): void {
  if (auth.role !== 'user') return;
  const field = Object.keys(patch).find((key) => !USER_PATCHABLE.has(key));
  if (field !== undefined) {
    throw new ForbiddenError(
      `a user account may change only ${[...USER_PATCHABLE].join(', ')} of an account; ` +
        `${field} is for admins (AC-10)`,
    );
  }
}

/**
 * Accounts (spec §1.3). Passwords are hashed with scrypt before the write
 * transaction starts, so the lock is never held across the hash. A team
 * admin manages the accounts of its team but cannot mint a systemAdmin.
 * The account and its role are written in one transaction (AC-3).
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
    // ACC-2: a user sees itself; a group admin its group's members (AC-10).
    ownerOf: (account: Account) => account.id,
    find: (id) => store.accounts.find(id),
    page: (request) => store.accounts.page(request),
    pageJson: (request, fields) => store.accounts.pageJson(request, fields),
    list: (teamId) => store.accounts.list(teamId),
    planCreate: async (body, teamId, auth) => {
      if (body.accountType === 'systemAdmin' && auth.role !== 'superadmin') {
        throw new ForbiddenError('only a superadmin creates systemAdmin accounts');
      }
      const { password, roleId, ...fields } = body;
      const role = roleOnCreate(store, fields.accountType, roleId);
      const passwordHash = await hashPassword(password);
      return () => {
        const account = store.accounts.create({ ...fields, teamId, passwordHash });
        store.roles.assign(account.id, role);
        return account;
      };
    },
    planUpdate: async (account, patch, auth) => {
      assertUserMayPatch(auth, patch);
      const { password, ...fields } = patch;
      const passwordHash = password === undefined ? undefined : await hashPassword(password);
      return () => {
        if (passwordHash !== undefined) store.accounts.setPasswordHash(account.id, passwordHash);
        return store.accounts.update(account.id, fields);
      };
    },
    remove: (account, auth) => {
      if (auth.role === 'user') throw new ForbiddenError('only admins delete accounts (AC-10)');
      store.accounts.delete(account.id);
    },
  });
}
