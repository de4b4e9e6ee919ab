/*
 * What the config store gets at start (app.ts calls it once the store is
 * open): the first superadmin, and the demo data with --demo.
 */
import type { Logger } from './core/index.ts';
import { ensureSuperadmin, provisionDemo, type ConfigStore } from './core/config-store/index.ts';
import type { ProcessConfig } from './core/process-config/index.ts';

/**
 * Creates the first superadmin unless one was made before, telling
 * `onAdminCreated` its password, then provisions the demo if configured.
 */
export function provisionStore(
  store: ConfigStore,
  w: {
    config: ProcessConfig;
    dataDir: string;
    logger: Logger;
    /** The first superadmin password (SWITCHYARD_ADMIN_PASSWORD); random if absent. */
    adminPassword?: string | undefined;
    /** Called once with the generated admin password, to print it. */
    onAdminCreated?:
      ((info: { username: string; password: string; isGenerated: boolean }) => void) | undefined;
  },
): void {
  const { config, dataDir, logger } = w;
  const admin = ensureSuperadmin(store, w.adminPassword);
  if (admin.created) {
    w.onAdminCreated?.({
      username: 'admin',
      password: admin.password,
      isGenerated: admin.isGenerated,
    });
  }
  if (config.demo) {
    const demo = provisionDemo(store, { dataDir, demoTrunk: config.demoTrunk });
    logger.info({ created: demo.created, users: demo.users }, 'demo provisioned');
  }
}
