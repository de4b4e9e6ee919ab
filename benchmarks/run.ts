/**
 * Runs every benchmarks/*.bench.ts in its own process (so one benchmark's
 * heap does not skew another's) and writes the collected JSON lines, with the
 * machine described, to benchmarks/results/<date>-<name>.json.
 *
 * Usage: npm run bench [-- filter]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const filter = process.argv[2] ?? '';
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
  .sort();

const machine = {
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.availableParallelism(),
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  platform: `${os.platform()} ${os.release()}`,
};
const results: unknown[] = [];
for (const file of files) {
  console.log(`bench: ${file}`);
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', `${dir}${file}`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  for (const line of out.split('\n')) {
    if (!line.startsWith('{')) continue;
    const row = JSON.parse(line) as Record<string, unknown>;
    results.push({ file, ...row });
    console.log(`  ${line}`);
  }
}
const date = new Date().toISOString().slice(0, 10);
mkdirSync(`${dir}results`, { recursive: true });
const name = filter === '' ? 'all' : filter.replace(/[^a-z0-9-]/gi, '_');
const path = `${dir}results/${date}-${name}.json`;
writeFileSync(path, `${JSON.stringify({ date, machine, results }, null, 2)}\n`);
console.log(`bench: wrote ${path}`);
