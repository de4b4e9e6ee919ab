import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { ROOT } from '../helpers/cli-process.ts';

// bin/ts-hooks.js is what `switchyard` runs the sources with (D114); these
// run it the way bin/switchyard.js does, in a child node without vitest.
const HOOKS = pathToFileURL(join(ROOT, 'bin/ts-hooks.js')).href;

const SOURCE = `interface Point { x: number }
const origin: Point = { x: 7 };
export const twice = (n: number): number => n * 2;
class Counter { static made = 0; #count = origin.x; get count(): number { return this.#count; } }
console.log(JSON.stringify({ names: [twice.name, Counter.name], count: new Counter().count,
  wrapped: twice.toString().includes('__name') }));
export function fail(): never {
  throw new Error('from line 8');
}
if (process.argv.includes('--fail')) fail();
`;

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) {
    rmSync(d, { recursive: true, force: true });
  }
});

function tempDir(): string {
  const d = mkdtempSync(join(os.tmpdir(), 'sy-hooks-'));
  dirs.push(d);
  return d;
}

/** Runs `file` under the hooks with TMPDIR set to `tmp` (where the cache lives). */
function run(
  file: string,
  tmp: string,
  ...args: string[]
): { status: number | null; out: string; err: string } {
  const script = `import { register } from 'node:module';
process.setSourceMapsEnabled(true);
register(${JSON.stringify(HOOKS)});
await import(${JSON.stringify(pathToFileURL(file).href)});`;
  const res = spawnSync(process.execPath, ['--input-type=module', '-e', script, '--', ...args], {
    env: { ...process.env, TMPDIR: tmp },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: res.status, out: res.stdout, err: res.stderr };
}

describe('bin/ts-hooks.js (D114)', () => {
  test('runs TypeScript without name wrappers, keeps names and class fields, caches the transform', () => {
    const src = tempDir();
    const tmp = tempDir();
    const file = join(src, 'point.ts');
    writeFileSync(file, SOURCE);

    const first = run(file, tmp);
    expect(first.err).toBe('');
    expect(JSON.parse(first.out)).toEqual({
      names: ['twice', 'Counter'],
      count: 7,
      wrapped: false,
    });
    const cacheDir = readdirSync(tmp).find((d) => d.startsWith('switchyard-esm-'));
    expect(cacheDir).toBeDefined();
    expect(readdirSync(join(tmp, cacheDir!))).toHaveLength(1);

    // The second run reads the kept transform; a changed source gets its own.
    expect(run(file, tmp).out).toBe(first.out);
    expect(readdirSync(join(tmp, cacheDir!))).toHaveLength(1);
    writeFileSync(file, SOURCE.replace('x: 7', 'x: 8'));
    expect(JSON.parse(run(file, tmp).out).count).toBe(8);
    expect(readdirSync(join(tmp, cacheDir!))).toHaveLength(2);
  });

  test('a stack trace names the TypeScript file and line', () => {
    const src = tempDir();
    const file = join(src, 'point.ts');
    writeFileSync(file, SOURCE);
    const res = run(file, tempDir(), '--fail');
    expect(res.status).not.toBe(0);
    expect(res.err).toContain('Error: from line 8');
    expect(res.err).toContain(`${file}:8:`);
  });

  test('a cache directory others may write → not used', () => {
    const src = tempDir();
    const tmp = tempDir();
    const file = join(src, 'point.ts');
    writeFileSync(file, SOURCE);
    const cacheDir = join(tmp, `switchyard-esm-${process.getuid?.() ?? 'user'}`);
    mkdirSync(cacheDir);
    chmodSync(cacheDir, 0o777);
    const res = run(file, tmp);
    expect(res.err).toBe('');
    expect(JSON.parse(res.out).count).toBe(7);
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  test('a temp directory that cannot be written only costs the cache', () => {
    const src = tempDir();
    const file = join(src, 'point.ts');
    writeFileSync(file, SOURCE);
    // A file where the temp directory should be: no cache can be made under it, even by root.
    const notADir = join(src, 'not-a-dir');
    writeFileSync(notADir, '');
    const res = run(file, notADir);
    expect(res.err).toBe('');
    expect(JSON.parse(res.out).count).toBe(7);
  });
});
