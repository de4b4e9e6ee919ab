// Module hooks (node:module register) that run the TypeScript sources
// directly: each `.ts` file is transformed by esbuild, the transform kept in
// a cache keyed by the source's hash so a second start reads it back.
//
// Not tsx's own hooks: tsx transforms with esbuild's `keepNames`, which wraps
// every named function and class in a `__name()` call that runs each time the
// closure is created, 3.4 % of the main thread at 250 calls/s (D114). The
// sources import `.ts` files by their real names, so Node's own resolver is
// enough; only loading needs a transform.
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform, version } from 'esbuild';

const OPTIONS = {
  loader: 'ts',
  format: 'esm',
  target: `node${process.versions.node}`,
  sourcemap: 'inline',
  // tsconfig.json's target ES2022 gives define semantics for class fields.
  tsconfigRaw: { compilerOptions: { useDefineForClassFields: true, verbatimModuleSyntax: true } },
};
const SALT = `${version}\n${JSON.stringify(OPTIONS)}\n`;
const CACHE_DIR = join(tmpdir(), `switchyard-esm-${process.getuid?.() ?? 'user'}`);

/** Whether CACHE_DIR may be trusted; undefined until first asked. */
let isCacheSafe;

/**
 * True when CACHE_DIR is a directory of ours that no one else can write:
 * the temp directory is shared, and code read from a cache another user
 * filled would run as us. Otherwise the sources are transformed each start.
 */
function cacheIsSafe() {
  if (isCacheSafe !== undefined) return isCacheSafe;
  try {
    mkdirSync(CACHE_DIR, { recursive: true, mode: 0o700 });
    const dir = lstatSync(CACHE_DIR);
    const uid = process.getuid?.();
    isCacheSafe =
      dir.isDirectory() && (uid === undefined || dir.uid === uid) && (dir.mode & 0o022) === 0;
  } catch {
    isCacheSafe = false;
  }
  return isCacheSafe;
}

/** The cached transform of a source, or undefined on any miss. */
function readCached(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Keeps a transform; a cache that cannot be written only costs the next start time. */
function writeCached(file, code) {
  try {
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, code, { mode: 0o600 });
    renameSync(partial, file);
  } catch {
    // An unwritable temp directory: run without the cache.
  }
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  const path = fileURLToPath(url);
  const source = readFileSync(path, 'utf8');
  if (!cacheIsSafe()) {
    const { code } = await transform(source, { ...OPTIONS, sourcefile: path });
    return { format: 'module', source: code, shortCircuit: true };
  }
  const key = createHash('sha256').update(SALT).update(path).update('\n').update(source);
  const cacheFile = join(CACHE_DIR, `${key.digest('hex')}.js`);
  let code = readCached(cacheFile);
  if (code === undefined) {
    code = (await transform(source, { ...OPTIONS, sourcefile: path })).code;
    writeCached(cacheFile, code);
  }
  return { format: 'module', source: code, shortCircuit: true };
}
