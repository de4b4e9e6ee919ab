import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ensureSuperadmin } from './ensure-superadmin.ts';
import { verifyPassword } from './password-hash.ts';
import { openTempStore } from './test-store.ts';
import type { TempStore } from './test-store.ts';

let temp: TempStore;
beforeEach(() => {
  temp = openTempStore();
});
afterEach(() => temp.cleanup());

describe('ensureSuperadmin()', () => {
  test('ensureSuperadmin() when first started without a password → creates admin with a generated one, once', async () => {
    const first = ensureSuperadmin(temp.store);
    expect(first).toMatchObject({ created: true, isGenerated: true });
    if (!first.created) throw new Error('unreachable');
    expect(first.password).toMatch(/^[A-Za-z0-9]{20}$/);
    const admin = temp.store.accounts.findByUsername(null, 'admin')!;
    expect(admin).toMatchObject({ accountType: 'systemAdmin', teamId: null, status: 'enabled' });
    expect(
      await verifyPassword(first.password, temp.store.accounts.getPasswordHash(admin.id)),
    ).toBe(true);

    temp.reopen();
    expect(ensureSuperadmin(temp.store, 'ignored-now-123')).toEqual({ created: false });
    expect(temp.store.accounts.list(null)).toHaveLength(1);
  });

  test('ensureSuperadmin() when given a password → uses it and says it was not generated', async () => {
    const result = ensureSuperadmin(temp.store, 'from-the-env-42');
    expect(result).toEqual({ created: true, password: 'from-the-env-42', isGenerated: false });
    const admin = temp.store.accounts.findByUsername(null, 'admin')!;
    expect(
      await verifyPassword('from-the-env-42', temp.store.accounts.getPasswordHash(admin.id)),
    ).toBe(true);
  });

  test('ensureSuperadmin() when the admin was deleted after the first start → does not recreate it', () => {
    ensureSuperadmin(temp.store);
    temp.store.accounts.delete(temp.store.accounts.findByUsername(null, 'admin')!.id);
    expect(ensureSuperadmin(temp.store)).toEqual({ created: false });
    expect(temp.store.accounts.list(null)).toEqual([]);
  });

  test('ensureSuperadmin() when the given password is too short → ConfigError that does not echo it', () => {
    let caught: unknown;
    try {
      ensureSuperadmin(temp.store, 'short');
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'ERR_CONFIG_INVALID', value: 5 });
    expect(JSON.stringify(caught) + String(caught)).not.toContain('short');
    expect(temp.store.accounts.list()).toEqual([]);
  });
});
