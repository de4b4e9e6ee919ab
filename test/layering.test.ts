import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures/layering/', import.meta.url));

describe('layering (STYLE §2, dependency-cruiser)', () => {
  test('depcruise when the fixture imports across layers → fails naming each violation', async () => {
    const result = await run(
      'npx',
      [
        'depcruise',
        '--config',
        `${root}.dependency-cruiser.cjs`,
        'core',
        'signaling',
        'media',
        'pbx',
      ],
      { cwd: fixture },
    ).then(
      () => ({ code: 0, stdout: '' }),
      (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
    );
    expect(result.code).not.toBe(0);
    expect(result.stdout).toContain(
      'core-imports-no-other-folder: core/bad-core.ts → signaling/index.ts',
    );
    expect(result.stdout).toContain(
      'signaling-imports-only-core: signaling/bad-signaling.ts → media/index.ts',
    );
    expect(result.stdout).toContain('pbx-imports-only-core: pbx/index.ts → media/deep.ts');
    expect(result.stdout).toContain('no-deep-imports-across-folders: pbx/index.ts → media/deep.ts');
    expect(result.stdout).not.toContain('good.ts');
  });

  test('depcruise on the real tree → no violations', async () => {
    const { stdout } = await run('npm', ['run', '--silent', 'layering'], { cwd: root });
    expect(stdout).toContain('no dependency violations found');
  });
});
