import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';
import { hasTool, runTool } from '../helpers/tools.ts';

const SWITCH = '127.0.0.111';

/** A mono 16-bit PCM WAV of `seconds` of silence, for baresip's aufile source. */
function silenceWav(rateHz: number, seconds: number): Buffer {
  const dataBytes = rateHz * seconds * 2;
  const wav = Buffer.alloc(44 + dataBytes);
  wav.write('RIFF', 0);
  wav.writeUInt32LE(36 + dataBytes, 4);
  wav.write('WAVEfmt ', 8);
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20);
  wav.writeUInt16LE(1, 22);
  wav.writeUInt32LE(rateHz, 24);
  wav.writeUInt32LE(rateHz * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36);
  wav.writeUInt32LE(dataBytes, 40);
  return wav;
}

/** A baresip config dir for extension `user` on `address`. */
function baresipDir(address: string, user: string, password: string, extra = ''): string {
  const dir = mkdtempSync(join(tmpdir(), 'sy-baresip-'));
  writeFileSync(join(dir, 'silence.wav'), silenceWav(8000, 10));
  writeFileSync(
    join(dir, 'config'),
    [
      'poll_method epoll',
      `sip_listen ${address}:5060`,
      `net_interface ${address}`,
      'module_path /usr/lib/baresip/modules',
      'module g711.so',
      'module account.so',
      'module menu.so',
      'module aufile.so',
      'audio_player aufile,/dev/null',
      `audio_source aufile,${join(dir, 'silence.wav')}`,
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'accounts'),
    `<sip:${user}@demo.local>;auth_pass=${password};outbound="sip:${SWITCH}:5060;transport=udp";regint=600${extra}\n`,
  );
  return dir;
}

function demoPassword(dataDir: string, number: string): string {
  const csv = readFileSync(join(dataDir, 'demo-users.csv'), 'utf8');
  const line = csv.split('\n').find((l) => l.startsWith(`${number};`))!;
  return /password=([^\]]+)\]/.exec(line)![1]!;
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
