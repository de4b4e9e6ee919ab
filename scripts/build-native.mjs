#!/usr/bin/env node
/*
 * Builds the N-API addons in native/ (the batched RTP relay) with the
 * node-gyp that ships inside npm, against the headers of the running node
 * when they are installed beside it (/usr/include/node for distribution
 * packages), so no download is needed. A failed build is reported and
 * exits 0 unless --strict: the TypeScript relay is the fallback and the
 * native tests skip with the reason.
 *
 * The relay's in-kernel fast path (native/rtp-relay/kernel/, D43) is built
 * only when clang and libbpf-dev are installed (binding.gyp checks); without
 * them the addon is built without it, which is not an error even with
 * --strict, and kernelForward reports why it is off.
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
const bpfObject = join(root, 'native', 'build', 'Release', 'relay_kern.bpf.o');
console.error(
  existsSync(bpfObject)
    ? `build-native: in-kernel RTP forwarding built (${bpfObject})`
    : 'build-native: in-kernel RTP forwarding not built (needs clang and libbpf-dev)',
);
