import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCli, startCli } from '../helpers/cli-process.ts';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'sy-cli-'));
}

describe('switchyard CLI', () => {
  test('switchyard --help → exit 0 and lists every start flag', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    for (const flag of [
      '--data-dir',
      '--bind',
      '--sip-port',
      '--http-port',
      '--http-bind',
      '--rtp-ports',
      '--log-level',
      '--demo',
      '--demo-trunk',
    ]) {
      expect(stdout).toContain(flag);
    }
  });

  test('switchyard start --sip-port 70000 → exit 2 with one line naming the field', async () => {
    const { code, stderr, stdout } = await runCli([
      'start',
      '--data-dir',
      tempDir(),
      '--sip-port',
      '70000',
    ]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual([
      'switchyard: invalid config: sipPort = 70000 (from --sip-port): must be between 1 and 65535',
    ]);
  });

  test('switchyard start --bogus → exit 2 with one line naming the flag', async () => {
    const { code, stderr } = await runCli(['start', '--bogus']);
    expect(code).toBe(2);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^switchyard: Unknown option '--bogus'/);
  });

  test('switchyard start when the data dir cannot be written → exit 2, one line', async () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, 'x');
    const { code, stderr } = await runCli(['start', '--data-dir', join(file, 'data')]);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toEqual([
      `switchyard: data dir ${join(file, 'data')} is not writable (ENOTDIR)`,
    ]);
  });

  test('switchyard start → prints the addresses, /health answers 200, SIGTERM exits 0', async () => {
    const dataDir = tempDir();
    const cli = startCli([
      'start',
      '--data-dir',
      dataDir,
      '--bind',
      '127.0.0.21',
      '--sip-port',
      '25060',
      '--http-bind',
      '127.0.0.21',
      '--http-port',
      '28080',
    ]);
    const [, url] = await cli.waitFor(/admin API\s+(http:\/\/\S+)/);
    expect(url).toBe('http://127.0.0.21:28080');
    expect(cli.stdout()).toMatch(/superadmin "admin" created with password: [A-Za-z0-9]{20}/);
    const res = await fetch(`${url}/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; version: string; uptimeSec: number };
    expect(body.status).toBe('ok');
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toContain('# TYPE switchyard_uptime_seconds gauge');
    // D115: the process's own figures.
    expect(metrics).toMatch(/^switchyard_event_loop_delay_seconds\{quantile="0\.99"\} \d/m);
    expect(metrics).toContain('# TYPE switchyard_process_cpu_seconds_total counter');
    expect(metrics).toContain('# TYPE switchyard_process_resident_memory_bytes gauge');
    cli.proc.kill('SIGTERM');
    expect(await cli.exited).toBe(0);

    // The second start does not create the admin again.
    const again = startCli([
      'start',
      '--data-dir',
      dataDir,
      '--bind',
      '127.0.0.21',
      '--http-bind',
      '127.0.0.21',
      '--http-port',
      '28080',
    ]);
    await again.waitFor(/admin API/);
    expect(again.stdout()).not.toContain('superadmin');
    again.proc.kill('SIGINT');
    expect(await again.exited).toBe(0);
  });

  test('switchyard start --demo twice → 100 demo users, nothing duplicated', async () => {
    const dataDir = tempDir();
    const args = [
      'start',
      '--demo',
      '--data-dir',
      dataDir,
      '--bind',
      '127.0.0.22',
      '--http-bind',
      '127.0.0.22',
      '--http-port',
      '28081',
    ];
    const first = startCli(args, { SWITCHYARD_ADMIN_PASSWORD: 'correct-horse-battery' });
    await first.waitFor(/demo users/);
    expect(first.stdout()).toContain('created with the password from SWITCHYARD_ADMIN_PASSWORD');
    expect(first.stdout()).not.toContain('correct-horse-battery');
    first.proc.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const csv1 = readFileSync(join(dataDir, 'demo-users.csv'), 'utf8');
    const lines = csv1.trimEnd().split('\n');
    expect(lines[0]).toBe('SEQUENTIAL');
    expect(lines).toHaveLength(101);
    expect(lines[1]).toMatch(
      /^1000;demo\.local;\[authentication username=1000 password=[A-Za-z0-9]+\]$/,
    );
    expect(lines[100]).toMatch(/^1099;demo\.local;/);

    const second = startCli(args);
    await second.waitFor(/demo users/);
    second.proc.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(readFileSync(join(dataDir, 'demo-users.csv'), 'utf8')).toBe(csv1);
  });

  test('switchyard start when killed with SIGKILL → the next start opens the store cleanly', async () => {
    const dataDir = tempDir();
    const args = [
      'start',
      '--demo',
      '--data-dir',
      dataDir,
      '--bind',
      '127.0.0.23',
      '--http-bind',
      '127.0.0.23',
      '--http-port',
      '28082',
    ];
    const first = startCli(args);
    await first.waitFor(/demo users/);
    first.proc.kill('SIGKILL');
    await first.exited;
    const second = startCli(args);
    await second.waitFor(/admin API/);
    expect((await fetch('http://127.0.0.23:28082/health')).status).toBe(200);
    second.proc.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });
});
