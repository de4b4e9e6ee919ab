import { asc, eq, getTableColumns, isNull, or, sql } from 'drizzle-orm';
import { ConflictError, NotFoundError, ValidationError } from '../index.ts';
import { allPermissions, permissionProblems } from './permission-pages.ts';
import { accountRoles, accounts, roles } from './schema.ts';
import type { BUILTIN_ROLES, RolePermissions } from './schema.ts';
import type { StoreContext, StoreDb } from './store-context.ts';
import { requireTeam } from './team-objects.ts';
import { requireNonBlank } from './validate.ts';

/** A role as stored (spec 01 §1.8). */
export type Role = typeof roles.$inferSelect;

/** Fields of a new role; `builtin` is reserved for the seeded roles. */
export type NewRole = Omit<typeof roles.$inferInsert, 'id' | 'createdAt' | 'updatedAt' | 'builtin'>;

/** Changes to a role; its team is fixed (ROLE-4 checks assignments by it). */
export type RoleUpdate = Partial<Omit<NewRole, 'teamId'>>;

/** One of the two seeded roles. */
export type BuiltinRole = (typeof BUILTIN_ROLES)[number];

/** What an account may do through its role (ROLE-2), for the auth plugin. */
export interface AccountGrants {
  roleId: number;
  roleName: string;
  permissions: RolePermissions;
}

/** The seeded roles: names and remarks after the manual's two defaults. */
const BUILTINS: ReadonlyArray<{ builtin: BuiltinRole; name: string; remark: string }> = [
  {
    builtin: 'admin',
    name: 'Administrator',
    remark: '适合管理员使用: every permission; cannot be changed (ROLE-1)',
  },
  {
    builtin: 'agent',
    name: 'Agent',
    remark: '适合坐席使用: no module permissions until an admin grants some',
  },
];

function validateRole(input: RoleUpdate): void {
  if (input.name !== undefined) requireNonBlank('name', input.name);
  if (input.permissions !== undefined) {
    const problems = permissionProblems(input.permissions);
    if (problems.length > 0) throw new ValidationError('permissions', problems.join('; '));
  }
}

/** Sorted, without duplicates, so that equal matrices compare equal. */
function normalise(permissions: RolePermissions): RolePermissions {
  const out: RolePermissions = {};
  for (const key of Object.keys(permissions).sort()) {
    const actions = [...new Set(permissions[key])].sort();
    if (actions.length > 0) out[key] = actions;
  }
  return out;
}

/**
 * roleOf() as a prepared statement. The auth hook asks it on every request
 * of a `user` account (ACC-5), where building the join through drizzle
 * each time cost more than running it.
 */
function prepareRoleOf(db: StoreDb) {
  return db
    .select(getTableColumns(roles))
    .from(accountRoles)
    .innerJoin(roles, eq(roles.id, accountRoles.roleId))
    .where(eq(accountRoles.accountId, sql.placeholder('accountId')))
    .prepare();
}

/**
 * Roles and the role of each account (spec 01 §1.3 `角色`, §1.8). The
 * built-in admin role's stored matrix is ignored: it always grants the
 * whole catalogue, so a page added by a release is granted too (ROLE-1).
 */
export class RolesRepository {
  readonly #ctx: StoreContext;
  #roleOfStatement: ReturnType<typeof prepareRoleOf> | undefined;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /** Creates the built-in roles that are missing; openStore() calls it. */
  ensureBuiltins(): void {
    this.#ctx.write((db) => {
      const now = this.#ctx.now();
      for (const seed of BUILTINS) {
        const existing = db.select().from(roles).where(eq(roles.builtin, seed.builtin)).get();
        if (existing !== undefined) continue;
        db.insert(roles)
          .values({ ...seed, teamId: null, permissions: {}, createdAt: now, updatedAt: now })
          .run();
      }
    });
  }

  create(input: NewRole): Role {
    validateRole(input);
    return this.#ctx.write((db) => {
      if (input.teamId != null) requireTeam(db, input.teamId);
      const now = this.#ctx.now();
      return db
        .insert(roles)
        .values({
          ...input,
          permissions: normalise(input.permissions),
          createdAt: now,
          updatedAt: now,
        })
        .returning()
        .get();
    });
  }

  find(id: number): Role | undefined {
    return this.#ctx.db.select().from(roles).where(eq(roles.id, id)).get();
  }

  /** The built-in role `builtin`. */
  builtin(builtin: BuiltinRole): Role {
    const role = this.#ctx.db.select().from(roles).where(eq(roles.builtin, builtin)).get();
    if (role === undefined) throw new NotFoundError('role', builtin);
    return role;
  }

  /** All roles, or those a team may assign: its own and the system roles. */
  list(teamId?: number): Role[] {
    const query = this.#ctx.db.select().from(roles);
    const filtered =
      teamId === undefined
        ? query
        : query.where(or(isNull(roles.teamId), eq(roles.teamId, teamId)));
    return filtered.orderBy(asc(roles.id)).all();
  }

  update(id: number, patch: RoleUpdate): Role {
    validateRole(patch);
    return this.#ctx.write((db) => {
      this.#requireMutable(db, id);
      const values =
        patch.permissions === undefined
          ? patch
          : { ...patch, permissions: normalise(patch.permissions) };
      return db
        .update(roles)
        .set({ ...values, updatedAt: this.#ctx.now() })
        .where(eq(roles.id, id))
        .returning()
        .get()!;
    });
  }

  /** Deletes a role no account holds; the built-in ones stay. */
  delete(id: number): void {
    this.#ctx.write((db) => {
      const role = this.#requireMutable(db, id);
      if (role.builtin !== null) {
        throw new ConflictError('ERR_BUILTIN_ROLE', `role ${id} is built in and cannot be deleted`);
      }
      const holder = db
        .select({ id: accounts.id, name: accounts.username })
        .from(accountRoles)
        .innerJoin(accounts, eq(accounts.id, accountRoles.accountId))
        .where(eq(accountRoles.roleId, id))
        .get();
      if (holder !== undefined) {
        throw new ConflictError(
          'ERR_IN_USE',
          `role ${id} is held by account ${holder.id} (${holder.name}); assign it another role first`,
          `account:${holder.id}`,
        );
      }
      db.delete(roles).where(eq(roles.id, id)).run();
    });
  }

  /** The role an account holds, if any. */
  roleOf(accountId: number): Role | undefined {
    this.#roleOfStatement ??= prepareRoleOf(this.#ctx.db);
    return this.#roleOfStatement.get({ accountId });
  }

  /**
   * Gives an account a role, replacing the one it had. A team's role goes
   * only to accounts of that team; system roles go to anyone (ROLE-4).
   */
  assign(accountId: number, roleId: number): Role {
    return this.#ctx.write((db) => {
      const account = db
        .select({ teamId: accounts.teamId })
        .from(accounts)
        .where(eq(accounts.id, accountId))
        .get();
      if (account === undefined) throw new NotFoundError('account', accountId);
      const role = db.select().from(roles).where(eq(roles.id, roleId)).get();
      if (role === undefined || (role.teamId !== null && role.teamId !== account.teamId)) {
        throw new ValidationError(
          'roleId',
          `no role ${roleId} assignable to this account (ROLE-4)`,
        );
      }
      const updatedAt = this.#ctx.now();
      db.insert(accountRoles)
        .values({ accountId, roleId, updatedAt })
        .onConflictDoUpdate({ target: accountRoles.accountId, set: { roleId, updatedAt } })
        .run();
      return role;
    });
  }

  /** Takes an account's role away; it then has no module permissions. */
  unassign(accountId: number): void {
    this.#ctx.write((db) => {
      db.delete(accountRoles).where(eq(accountRoles.accountId, accountId)).run();
    });
  }

  /** The account's effective matrix (ROLE-1, ROLE-2); undefined without a role. */
  grantsOf(accountId: number): AccountGrants | undefined {
    const role = this.roleOf(accountId);
    if (role === undefined) return undefined;
    const permissions = role.builtin === 'admin' ? allPermissions() : role.permissions;
    return { roleId: role.id, roleName: role.name, permissions };
  }

  /** The role, unless it is missing or the read-only admin role (ROLE-1). */
  #requireMutable(db: StoreDb, id: number): Role {
    const role = db.select().from(roles).where(eq(roles.id, id)).get();
    if (role === undefined) throw new NotFoundError('role', id);
    if (role.builtin === 'admin') {
      throw new ConflictError('ERR_BUILTIN_ROLE', `role ${id} grants everything and is read-only`);
    }
    return role;
  }
}
