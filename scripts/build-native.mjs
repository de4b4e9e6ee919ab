#!/usr/bin/env node
/*
 * Builds the N-API addons in native/ (the batched RTP relay) with the
 * node-gyp that ships inside npm, against the headers of the running node
 * when they are installed beside it (/usr/include/node for distribution
 * packages), so no download is needed. A failed build is reported and
 * exits 0 unless --strict: the TypeScript relay is the fallback and the
 * native tests skip with the reason.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const isStrict = process.argv.includes('--strict');
const prefix = resolve(process.execPath, '..', '..');
const npmDir = resolve(process.execPath, '..', '..', 'lib', 'node_modules', 'npm');
const candidates = [
  join(npmDir, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
];
const gyp = candidates.find((p) => existsSync(p));
if (gyp === undefined) {
  console.error('build-native: node-gyp not found; the native relay is not built');
  process.exit(isStrict ? 1 : 0);
}
const args = [gyp, 'rebuild', `--directory=${join(root, 'native')}`];
if (existsSync(join(prefix, 'include', 'node', 'node_api.h'))) args.push(`--nodedir=${prefix}`);
console.error(`build-native: ${args.slice(1).join(' ')}`);
const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
if (r.status !== 0) {
  console.error(`build-native: failed (exit ${r.status}); the TypeScript relay stays in use`);
  process.exit(isStrict ? 1 : 0);
}
