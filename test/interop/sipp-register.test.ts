import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';
import { ROOT } from '../helpers/cli-process.ts';
import { hasTool, runTool } from '../helpers/tools.ts';

const SWITCH = '127.0.0.71';
const SIPP_ADDRESS = '127.0.0.72';

describe.skipIf(!hasTool('sipp'))('SIPp REGISTER with digest (benchmarks/load)', () => {
  let ts: TestSwitch;
  beforeAll(async () => {
    ts = await startTestSwitch(SWITCH, { demo: true });
  });
  afterAll(async () => ts.stop());

  test('uac-register-digest-expect-200 with demo-users.csv → 200 registrations, 0 failed', async () => {
    const work = mkdtempSync(join(tmpdir(), 'sy-sipp-'));
    const result = await runTool(
      'sipp',
      [
        '-sf',
        join(ROOT, 'benchmarks/load/uac-register-digest-expect-200.xml'),
        '-inf',
        join(ts.dataDir, 'demo-users.csv'),
        '-i',
        SIPP_ADDRESS,
        '-p',
        '5060',
        '-m',
        '200',
        '-r',
        '100',
        '-l',
        '50',
        '-nostdin',
        '-trace_stat',
        '-stf',
        join(work, 'stat.csv'),
        '-timeout',
        '30s',
        '-timeout_error',
        `${SWITCH}:5060`,
      ],
      { cwd: work, timeoutMs: 40_000 },
    );
    expect(result.code, result.stderr + readdirSync(work).join(',')).toBe(0);
    const rows = readFileSync(join(work, 'stat.csv'), 'utf8').trim().split('\n');
    const header = rows[0]!.split(';');
    const last = rows.at(-1)!.split(';');
    const stat = (name: string) => Number(last[header.indexOf(name)]);
    expect(stat('SuccessfulCall(C)')).toBe(200);
    expect(stat('FailedCall(C)')).toBe(0);
    // Every demo user that SIPp used is now registered.
    expect(ts.sw.sip().registrar.table.aorCount).toBe(100);
  });
});
