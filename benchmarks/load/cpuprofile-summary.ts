/**
 * Summarises a V8 .cpuprofile (node --cpu-prof) by self time: by layer
 * (our folders, Node, packages, GC and idle), then the top functions and
 * the top files, each as ms and % of the sampled time.
 * The load scripts pass SY_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR" to the
 * switch; this reads what lands in DIR.
 *
 * --last-ms N keeps only the samples of the profile's last N ms, so a
 * load step can be read without the switch's start-up (module compile,
 * demo password hashing) in it.
 *
 * Usage: node --import tsx benchmarks/load/cpuprofile-summary.ts FILE.cpuprofile [--top N] [--last-ms N]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber: number;
  };
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
const topIndex = args.indexOf('--top');
const top = topIndex < 0 ? 25 : Number(args[topIndex + 1]);
const lastIndex = args.indexOf('--last-ms');
const lastMs = lastIndex < 0 ? Infinity : Number(args[lastIndex + 1]);
if (file === undefined) {
  console.error('usage: cpuprofile-summary.ts FILE.cpuprofile [--top N]');
  process.exit(2);
}
// A closed pipe (`| head`) ends the listing, not the process with a stack.
process.stdout.on('error', () => process.exit(0));
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUsById = new Map<number, number>();
const sampleAtUs: number[] = [];
let atUs = 0;
for (const delta of profile.timeDeltas) sampleAtUs.push((atUs += delta));
const fromUs = atUs - lastMs * 1000;
let totalUs = 0;
for (let i = 0; i < profile.samples.length; i++) {
  if (sampleAtUs[i]! < fromUs) continue;
  // Each sample's time is the delta to the next one, so sample i owns delta i + 1.
  const us = profile.timeDeltas[i + 1] ?? 0;
  const id = profile.samples[i]!;
  selfUsById.set(id, (selfUsById.get(id) ?? 0) + us);
  totalUs += us;
}

const shortUrl = (url: string): string =>
  url
    .replace(/^file:\/\//, '')
    .replace(/^.*\/node_modules\//, 'npm:')
    .replace(/^.*\/main\//, '');
/**
 * Where a frame belongs when saying where the time goes: our code by its
 * folder (two levels, e.g. `signaling/transaction`), Node's own modules as
 * one, a package by name, and V8's pseudo-frames (idle, GC, program) apart.
 */
const layerOf = (where: string, functionName: string): string => {
  if (where === '(native)') return /^\(.*\)$/.test(functionName) ? functionName : '(native code)';
  if (where.startsWith('node:')) return 'node: (runtime)';
  if (where.startsWith('npm:')) return `npm:${where.slice(4).split('/')[0]}`;
  const parts = where.split('/');
  return parts.length > 2 ? parts.slice(0, 2).join('/') : parts[0]!;
};
const byFunction = new Map<string, number>();
const byFile = new Map<string, number>();
const byLayer = new Map<string, number>();
for (const [id, us] of selfUsById) {
  const frame = byId.get(id)!.callFrame;
  const where = shortUrl(frame.url) || '(native)';
  const fn = `${frame.functionName || '(anonymous)'} ${where}:${frame.lineNumber + 1}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
  byFile.set(where, (byFile.get(where) ?? 0) + us);
  const layer = layerOf(where, frame.functionName);
  byLayer.set(layer, (byLayer.get(layer) ?? 0) + us);
}

const print = (title: string, table: Map<string, number>): void => {
  console.log(`\n${title}`);
  const rows = [...table].sort((a, b) => b[1] - a[1]).slice(0, top);
  for (const [name, us] of rows) {
    const pct = ((100 * us) / Math.max(1, totalUs)).toFixed(1).padStart(5);
    console.log(`${(us / 1000).toFixed(0).padStart(7)} ms ${pct} %  ${name}`);
  }
};
console.log(`sampled ${(totalUs / 1000).toFixed(0)} ms`);
print('self time by layer', byLayer);
print('self time by function', byFunction);
print('self time by file', byFile);
