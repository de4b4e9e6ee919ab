import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import type tls from 'node:tls';
import type { Logger } from '../../core/index.ts';

/** Paths of a PEM certificate chain and its private key. */
export interface TlsFilePaths {
  certPath: string;
  keyPath: string;
}

/** Reads the certificate and key; throws with the path on failure. */
export function loadTlsFiles(paths: TlsFilePaths): tls.SecureContextOptions {
  return { cert: readFileSync(paths.certPath), key: readFileSync(paths.keyPath) };
}

/**
 * Watches the certificate and key and calls `onChange` with the new pair
 * when either file changes, so renewed certificates apply without a restart.
 * Polling (fs.watchFile) is used because certificate tools replace files by
 * rename, which inotify watches on the old inode miss. Returns a stop function.
 */
export function watchTlsFiles(
  paths: TlsFilePaths,
  onChange: (options: tls.SecureContextOptions) => void,
  logger: Logger,
  intervalMs = 1000,
): () => void {
  const reload = (curr: { mtimeMs: number }, prev: { mtimeMs: number }): void => {
    if (curr.mtimeMs === prev.mtimeMs) return;
    try {
      const options = loadTlsFiles(paths);
      onChange(options);
      logger.info({ certPath: paths.certPath }, 'TLS certificate reloaded');
    } catch (err) {
      // A half-written pair is left for the next poll; the old context stays.
      logger.warn({ err, certPath: paths.certPath }, 'TLS certificate reload failed');
    }
  };
  watchFile(paths.certPath, { interval: intervalMs, persistent: false }, reload);
  watchFile(paths.keyPath, { interval: intervalMs, persistent: false }, reload);
  return () => {
    unwatchFile(paths.certPath, reload);
    unwatchFile(paths.keyPath, reload);
  };
}
