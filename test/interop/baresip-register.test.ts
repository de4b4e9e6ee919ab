import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';
import { hasTool, runTool } from '../helpers/tools.ts';

const SWITCH = '127.0.0.73';
const PHONE = '127.0.0.74';

/** A baresip config dir registering `user` with `password` through the switch. */
function baresipDir(user: string, password: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sy-baresip-'));
  writeFileSync(
    join(dir, 'config'),
    [
      'poll_method epoll',
      `sip_listen ${PHONE}:5060`,
      `net_interface ${PHONE}`,
      'module_path /usr/lib/baresip/modules',
      'module g711.so',
      'module account.so',
      'audio_player aufile,/dev/null',
      'audio_source aufile,/dev/null',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'accounts'),
    `<sip:${user}@demo.local>;auth_pass=${password};outbound="sip:${SWITCH}:5060;transport=udp";regint=600\n`,
  );
  return dir;
}

describe.skipIf(!hasTool('baresip'))('baresip registers to a demo extension', () => {
  let ts: TestSwitch;
  beforeAll(async () => {
    ts = await startTestSwitch(SWITCH, { demo: true });
  });
  afterAll(async () => ts.stop());

  test('baresip with 1000 and its demo password → 200 OK and a binding from the phone', async () => {
    const csv = readFileSync(join(ts.dataDir, 'demo-users.csv'), 'utf8');
    const password = /^1000;demo\.local;\[authentication username=1000 password=([^\]]+)\]$/m.exec(
      csv,
    )![1]!;
    const registered: Array<{ number: string; source: string; userAgent: string }> = [];
    ts.sw
      .sip()
      .registrar.on('registered', (b) =>
        registered.push({ number: b.number, source: b.sourceAddress, userAgent: b.userAgent }),
      );
    const result = await runTool('baresip', ['-f', baresipDir('1000', password), '-t', '3'], {
      timeoutMs: 15_000,
    });
    expect(result.stdout).toMatch(/1000@demo\.local: \{0\/UDP\/v4\} 200 OK/);
    expect(registered[0]).toMatchObject({ number: '1000', source: PHONE });
    expect(registered[0]?.userAgent).toMatch(/baresip/);
    // baresip unregisters (Expires 0) when it quits after -t 3.
    expect(
      ts.sw.sip().registrar.lookup(ts.sw.store().teams.findByUid('demo')!.id, '1000'),
    ).toHaveLength(0);
  });

  test('baresip with a wrong password → no binding', async () => {
    const result = await runTool(
      'baresip',
      ['-f', baresipDir('1001', 'not-the-password'), '-t', '3'],
      { timeoutMs: 15_000 },
    );
    expect(result.stdout).not.toMatch(/1001@demo\.local: \{0\/UDP\/v4\} 200 OK/);
    expect(
      ts.sw.sip().registrar.lookup(ts.sw.store().teams.findByUid('demo')!.id, '1001'),
    ).toHaveLength(0);
  });
});
