import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { openCdrStore } from '../../core/cdr-store/index.ts';
import { ROOT, startCli } from '../helpers/cli-process.ts';
import { hasTool, runTool } from '../helpers/tools.ts';

const SWITCH = '127.0.0.141';
const CARRIER = '127.0.0.142';
const PHONES = '127.0.0.143';
const started: ChildProcess[] = [];

afterAll(() => {
  for (const p of started) if (p.exitCode === null) p.kill('SIGKILL');
});

function sipp(args: string[], cwd: string): ChildProcess {
  const p = spawn('sipp', [...args, '-nostdin', '-timeout', '60s'], { cwd, stdio: 'ignore' });
  started.push(p);
  return p;
}

describe.skipIf(!hasTool('sipp'))('kill -9 with calls up, then restart (issue 6)', () => {
  test('finished CDRs survive, the cut calls are closed as incomplete', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sy-crash-'));
    const work = mkdtempSync(join(tmpdir(), 'sy-crash-sipp-'));
    const args = [
      'start',
      '--demo',
      '--data-dir',
      dataDir,
      '--bind',
      SWITCH,
      '--http-bind',
      SWITCH,
      '--demo-trunk',
      `${CARRIER}:5080`,
      '--rtp-ports',
      '32000-32999',
    ];
    const first = startCli(args);
    started.push(first.proc);
    await first.waitFor(/demo users/);
    sipp(
      [
        '-sf',
        join(ROOT, 'benchmarks/load/uas-carrier-answer-200.xml'),
        '-i',
        CARRIER,
        '-p',
        '5080',
      ],
      work,
    );
    const csv = join(dataDir, 'demo-users.csv');
    const uac = [
      '-sf',
      join(ROOT, 'benchmarks/load/uac-demo-call-9prefix.xml'),
      '-inf',
      csv,
      '-i',
      PHONES,
      `${SWITCH}:5060`,
    ];
    // Ten short calls that finish, then a hundred long ones that are up when the switch dies.
    const short = await runTool(
      'sipp',
      [...uac, '-p', '5070', '-m', '10', '-r', '20', '-d', '200', '-nostdin', '-timeout', '30s'],
      { cwd: work, timeoutMs: 40_000 },
    );
    expect(short.code).toBe(0);
    sipp([...uac, '-p', '5071', '-m', '100', '-r', '50', '-l', '100', '-d', '60000'], work);
    const deadline = Date.now() + 20_000;
    let up = 0;
    while (Date.now() < deadline && up < 100) {
      await new Promise((r) => setTimeout(r, 200));
      const store = openCdrStore(dataDir);
      up = store
        .list({ limit: 500 })
        .filter((r) => r.answeredAtMs !== null && r.endedAtMs === null).length;
      store.close();
    }
    expect(up).toBe(100);
    first.proc.kill('SIGKILL');
    await first.exited;
    for (const p of started) if (p.exitCode === null && p !== first.proc) p.kill('SIGKILL');

    const second = startCli(args);
    started.push(second.proc);
    await second.waitFor(/admin API/);
    second.proc.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    const store = openCdrStore(dataDir);
    try {
      const rows = store.list({ limit: 500 });
      expect(rows).toHaveLength(110);
      const finished = rows.filter((r) => r.result === 'answered');
      expect(finished).toHaveLength(10);
      for (const r of finished) expect(r.endedAtMs).not.toBeNull();
      const cut = rows.filter((r) => r.result === 'incomplete');
      expect(cut).toHaveLength(100);
      for (const r of cut) expect(r.endedAtMs).not.toBeNull();
    } finally {
      store.close();
    }
  }, 90_000);
});
