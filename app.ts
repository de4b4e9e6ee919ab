import { mkdirSync, writeFileSync, unlinkSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildAdminApi } from './admin-api/index.ts';
import {
  ConfigError,
  Lifecycle,
  MetricsRegistry,
  systemClock,
  type Clock,
  type Logger,
} from './core/index.ts';
import type { ProcessConfig } from './core/process-config/index.ts';
import {
  ensureSuperadmin,
  openStore,
  provisionDemo,
  type ConfigStore,
} from './core/config-store/index.ts';
import { VERSION } from './version.ts';

/** What buildSwitch() needs besides the configuration. */
export interface SwitchDeps {
  logger: Logger;
  clock?: Clock;
  /** The first superadmin password (SWITCHYARD_ADMIN_PASSWORD); random if absent. */
  adminPassword?: string;
  /** Called once with the generated admin password, to print it. */
  onAdminCreated?: (info: { username: string; password: string; isGenerated: boolean }) => void;
}

/** Addresses the switch listens on once started. */
export interface SwitchAddresses {
  http: string;
}

/** A built switch: start() opens the store and the sockets, stop() drains. */
export interface Switch {
  readonly config: ProcessConfig;
  readonly metrics: MetricsRegistry;
  start(): Promise<SwitchAddresses>;
  stop(): Promise<void>;
  /** The config store; only valid after start(). */
  store(): ConfigStore;
  /** The admin API instance, for inject() in tests; valid after start(). */
  http(): FastifyInstance;
}

/**
 * Refuses a data dir we cannot create or write into, as a ConfigError, so
 * the CLI reports it in one line (exit 2) instead of failing later.
 */
export function checkDataDir(dataDir: string): string {
  const dir = resolve(dataDir);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o750 });
    const probe = resolve(dir, `.write-probe-${process.pid}`);
    writeFileSync(probe, '');
    unlinkSync(probe);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new ConfigError('dataDir', dataDir, `data dir ${dataDir} is not writable (${code})`);
  }
  return dir;
}

/**
 * Wires every layer into an unstarted switch. Nothing touches the disk or
 * the network until start().
 */
export function buildSwitch(config: ProcessConfig, deps: SwitchDeps): Switch {
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger;
  const metrics = new MetricsRegistry();
  let store: ConfigStore | undefined;
  let http: FastifyInstance | undefined;
  let isDraining = false;
  let addresses: SwitchAddresses | undefined;
  const startedAtMs = clock.now();

  const lifecycle = new Lifecycle({
    onStart: async () => {
      const dataDir = checkDataDir(config.dataDir);
      store = openStore({ dataDir, logger });
      lifecycle.adopt({ stop: async () => store?.close() });
      const admin = ensureSuperadmin(store, deps.adminPassword);
      if (admin.created) {
        deps.onAdminCreated?.({
          username: 'admin',
          password: admin.password,
          isGenerated: admin.isGenerated,
        });
      }
      if (config.demo) {
        const demo = provisionDemo(store, { dataDir, demoTrunk: config.demoTrunk });
        logger.info({ created: demo.created, users: demo.users }, 'demo provisioned');
      }
      http = await buildAdminApi({
        version: VERSION,
        startedAtMs,
        clock,
        logger,
        metrics,
        status: () => ({ isDraining }),
      });
      lifecycle.adopt({ stop: async () => http?.close() });
      const url = await http.listen({ host: config.httpBind, port: config.httpPort });
      addresses = { http: url };
    },
    onStop: async () => {
      isDraining = true;
    },
  });

  metrics.onCollect(() => {
    metrics
      .gauge('switchyard_uptime_seconds', 'Seconds since the switch was built')
      .set({}, Math.round((clock.now() - startedAtMs) / 1000));
  });

  return {
    config,
    metrics,
    async start() {
      await lifecycle.start();
      return addresses!;
    },
    async stop() {
      isDraining = true;
      await lifecycle.stop();
    },
    store() {
      if (store === undefined) throw new ConfigError('store', undefined, 'switch not started');
      return store;
    },
    http() {
      if (http === undefined) throw new ConfigError('http', undefined, 'switch not started');
      return http;
    },
  };
}
