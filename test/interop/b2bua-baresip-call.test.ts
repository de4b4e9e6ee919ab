import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { baresipConfigDir } from '../helpers/baresip.ts';
import { demoPassword } from '../helpers/demo-users.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';
import { hasTool, runTool } from '../helpers/tools.ts';

const SWITCH = '127.0.0.111';

/** A baresip config dir for extension `user` on `address`, playing silence. */
function baresipDir(address: string, user: string, password: string, extra = ''): string {
  return baresipConfigDir(
    { address, user, password, switchAddress: SWITCH, accountParams: extra },
    10,
  );
}

describe.skipIf(!hasTool('baresip'))('baresip calls baresip through the B2BUA', () => {
  let ts: TestSwitch;
  beforeAll(async () => {
    ts = await startTestSwitch(SWITCH, { demo: true });
  });
  afterAll(async () => ts.stop());

  test('1000 dials 1001 (auto-answer) → answered call through the switch, then BYE', async () => {
    const teamId = ts.sw.store().teams.findByUid('demo')!.id;
    const calls = ts.sw.sip().b2bua!.calls;
    const registered = new Promise<void>((resolve) =>
      ts.sw.sip().registrar.on('registered', (b) => b.number === '1001' && resolve()),
    );
    const callee = runTool(
      'baresip',
      [
        '-f',
        baresipDir('127.0.0.112', '1001', demoPassword(ts.dataDir, '1001'), ';answermode=auto'),
        '-t',
        '7',
      ],
      { timeoutMs: 15_000 },
    );
    await registered;
    const states: string[] = [];
    const poll = setInterval(() => {
      for (const c of calls.list(teamId)) if (!states.includes(c.state)) states.push(c.state);
    }, 20);
    const caller = await runTool(
      'baresip',
      [
        '-f',
        baresipDir('127.0.0.113', '1000', demoPassword(ts.dataDir, '1000')),
        '-e',
        '/dial sip:1001@demo.local',
        '-t',
        '4',
      ],
      { timeoutMs: 15_000 },
    );
    const answered = await callee;
    clearInterval(poll);
    expect(states).toContain('answered');
    expect(caller.stdout).toMatch(/[Cc]all established/);
    expect(answered.stdout).toMatch(/[Cc]all established/);
    expect(calls.list(teamId)).toEqual([]);
  });
});
