import { ConfigError, randomPassword } from '../index.ts';
import type { ConfigStore } from './open-store.ts';
import { hashPasswordSync } from './password-hash.ts';
import { SETTING_KEYS } from './settings-repository.ts';

/** Username of the first system administrator. */
export const SUPERADMIN_USERNAME = 'admin';

/** Shortest first-admin password we accept from the environment. */
const MIN_PASSWORD_LENGTH = 8;

/** What ensureSuperadmin() did; the password is returned once, to be shown once. */
export type EnsureSuperadminResult =
  { created: true; password: string; isGenerated: boolean } | { created: false };

/**
 * Creates the `admin` systemAdmin account on the very first start only: a
 * setting records that it happened, so deleting or renaming the account
 * later does not bring it back with a known password. The password is the
 * given one (SWITCHYARD_ADMIN_PASSWORD) or a random one.
 */
export function ensureSuperadmin(
  store: ConfigStore,
  passwordFromEnv?: string,
): EnsureSuperadminResult {
  if (store.settings.get(SETTING_KEYS.superadminCreatedAt) !== undefined) {
    return { created: false };
  }
  const isGenerated = passwordFromEnv === undefined || passwordFromEnv === '';
  const password = isGenerated ? randomPassword(20) : passwordFromEnv;
  if (password.length < MIN_PASSWORD_LENGTH) {
    // The value reported is the length: the password itself is never echoed.
    throw new ConfigError(
      'SWITCHYARD_ADMIN_PASSWORD',
      password.length,
      `the admin password must have at least ${MIN_PASSWORD_LENGTH} characters`,
    );
  }
  // Hashing blocks for a moment; it runs once, before any call is up.
  const passwordHash = hashPasswordSync(password);
  const isCreated = store.transaction(() => {
    const stamp = new Date().toISOString();
    // Another process may have won the race since the check above.
    if (!store.settings.setIfAbsent(SETTING_KEYS.superadminCreatedAt, stamp)) return false;
    if (store.accounts.findByUsername(null, SUPERADMIN_USERNAME) !== undefined) return false;
    store.accounts.create({
      teamId: null,
      username: SUPERADMIN_USERNAME,
      accountType: 'systemAdmin',
      roleName: 'systemAdmin',
      passwordHash,
    });
    return true;
  });
  return isCreated ? { created: true, password, isGenerated } : { created: false };
}
