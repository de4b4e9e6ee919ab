import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { grants, PERMISSION_PAGES, permissionProblems } from './permission-pages.ts';
import { openTempStore, seedTeam } from './test-store.ts';
import type { TempStore } from './test-store.ts';

let temp: TempStore;
beforeEach(() => {
  temp = openTempStore();
});
afterEach(() => temp.cleanup());

describe('RolesRepository', () => {
  test('ensureBuiltins() when the store is reopened → the two built-in roles, once', () => {
    const store = temp.reopen();
    const builtins = store.roles.list().filter((r) => r.builtin !== null);
    expect(builtins.map((r) => r.builtin).sort()).toEqual(['admin', 'agent']);
    expect(builtins.every((r) => r.teamId === null)).toBe(true);
  });

  test('grantsOf() when the account holds the admin role → every page and action (ROLE-1)', () => {
    const { account } = seedTeam(temp.store, 'alpha');
    temp.store.roles.assign(account.id, temp.store.roles.builtin('admin').id);
    const held = temp.store.roles.grantsOf(account.id)!;
    for (const page of PERMISSION_PAGES) {
      for (const action of page.actions)
        expect(grants(held.permissions, page.key, action)).toBe(true);
    }
  });

  test('grantsOf() when the account has no role → undefined', () => {
    const { account } = seedTeam(temp.store, 'alpha');
    expect(temp.store.roles.grantsOf(account.id)).toBeUndefined();
  });

  test('grantsOf() when asked again after a change → the current role and matrix (no stale answer)', () => {
    const { team, account } = seedTeam(temp.store, 'alpha');
    const role = temp.store.roles.create({
      teamId: team.id,
      name: 'A',
      permissions: { extensions: ['view'] },
    });
    temp.store.roles.assign(account.id, role.id);
    expect(temp.store.roles.grantsOf(account.id)?.permissions).toEqual({ extensions: ['view'] });
    expect(temp.store.roles.roleOf(account.id)).toEqual(temp.store.roles.find(role.id));
    temp.store.roles.update(role.id, { permissions: { trunks: ['add', 'view'] } });
    expect(temp.store.roles.grantsOf(account.id)?.permissions).toEqual({ trunks: ['add', 'view'] });
    temp.store.roles.unassign(account.id);
    expect(temp.store.roles.grantsOf(account.id)).toBeUndefined();
  });

  test('update() of the admin role → ERR_BUILTIN_ROLE (ROLE-1)', () => {
    const admin = temp.store.roles.builtin('admin');
    expect(() => temp.store.roles.update(admin.id, { remark: 'x' })).toThrow(
      expect.objectContaining({ code: 'ERR_BUILTIN_ROLE' }),
    );
  });

  test('update() of the agent role → allowed; delete() → ERR_BUILTIN_ROLE', () => {
    const agent = temp.store.roles.builtin('agent');
    const updated = temp.store.roles.update(agent.id, { permissions: { cdrs: ['view'] } });
    expect(updated.permissions).toEqual({ cdrs: ['view'] });
    expect(() => temp.store.roles.delete(agent.id)).toThrow(
      expect.objectContaining({ code: 'ERR_BUILTIN_ROLE' }),
    );
  });

  test('create() normalises the matrix: sorted, deduplicated, empty pages dropped', () => {
    const role = temp.store.roles.create({
      teamId: null,
      name: 'Ops',
      permissions: { queues: ['view', 'add', 'view'], cdrs: [] },
    });
    expect(role.permissions).toEqual({ queues: ['add', 'view'] });
  });

  test('create() with a page outside the catalogue → ERR_VALIDATION on permissions (PRM-1)', () => {
    expect(() =>
      temp.store.roles.create({ teamId: null, name: 'x', permissions: { nowhere: ['view'] } }),
    ).toThrow(expect.objectContaining({ code: 'ERR_VALIDATION', field: 'permissions' }));
  });

  test("assign() of another team's role → ERR_VALIDATION (ROLE-4)", () => {
    const { account } = seedTeam(temp.store, 'alpha');
    const { team: beta } = seedTeam(temp.store, 'beta');
    const role = temp.store.roles.create({ teamId: beta.id, name: 'B', permissions: {} });
    expect(() => temp.store.roles.assign(account.id, role.id)).toThrow(
      expect.objectContaining({ code: 'ERR_VALIDATION' }),
    );
  });

  test('assign() twice → the second role replaces the first', () => {
    const { team, account } = seedTeam(temp.store, 'alpha');
    const first = temp.store.roles.create({ teamId: team.id, name: 'A', permissions: {} });
    const second = temp.store.roles.create({ teamId: team.id, name: 'B', permissions: {} });
    temp.store.roles.assign(account.id, first.id);
    temp.store.roles.assign(account.id, second.id);
    expect(temp.store.roles.roleOf(account.id)?.id).toBe(second.id);
    temp.store.roles.delete(first.id);
    expect(() => temp.store.roles.delete(second.id)).toThrow(
      expect.objectContaining({ code: 'ERR_IN_USE' }),
    );
  });

  test('list(teamId) → its own roles and the system roles, not other teams', () => {
    const { team: alpha } = seedTeam(temp.store, 'alpha');
    const { team: beta } = seedTeam(temp.store, 'beta');
    temp.store.roles.create({ teamId: alpha.id, name: 'A', permissions: {} });
    temp.store.roles.create({ teamId: beta.id, name: 'B', permissions: {} });
    const names = temp.store.roles.list(alpha.id).map((r) => r.name);
    expect(names).toContain('A');
    expect(names).toContain('Administrator');
    expect(names).not.toContain('B');
  });
});

describe('permission catalogue', () => {
  test('permissionProblems() names each unknown page and unoffered action', () => {
    expect(permissionProblems({ permissions: ['add', 'view'], bogus: ['view'] })).toEqual([
      'page permissions has no action add',
      'no permission page "bogus"',
    ]);
  });

  test('grants() when a stored grant is not offered by the page → false (ROLE-2)', () => {
    expect(grants({ cdrs: ['add', 'view'] }, 'cdrs', 'add')).toBe(false);
    expect(grants({ cdrs: ['add', 'view'] }, 'cdrs', 'view')).toBe(true);
  });

  test('page keys are unique', () => {
    const keys = PERMISSION_PAGES.map((p) => p.key);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
