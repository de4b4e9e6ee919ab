/*
 * The host the switch runs on (app.ts reads these at start): its data
 * directory, the address it advertises, and its TLS certificate.
 */
import { existsSync, mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { resolve } from 'node:path';
import { ConfigError } from './core/index.ts';
import type { ProcessConfig } from './core/process-config/index.ts';

/** The host to advertise in Via and Contact: the bind address, or a local one. */
export function advertisedHost(bind: string): string {
  if (bind !== '0.0.0.0' && bind !== '::') return bind;
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}

/**
 * The TLS certificate and key: the configured paths, else those in
 * <data-dir>/tls when both exist.
 */
export function tlsFiles(
  config: ProcessConfig,
  dataDir: string,
): { certPath: string; keyPath: string } | undefined {
  const certPath = config.tlsCert ?? resolve(dataDir, 'tls', 'cert.pem');
  const keyPath = config.tlsKey ?? resolve(dataDir, 'tls', 'key.pem');
  if (config.tlsCert !== undefined || config.tlsKey !== undefined) return { certPath, keyPath };
  return existsSync(certPath) && existsSync(keyPath) ? { certPath, keyPath } : undefined;
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
