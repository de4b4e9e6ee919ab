import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseWav } from '../../media/player/index.ts';
import { soxSine } from '../helpers/audio/sox.ts';
import { goertzelAmplitude } from '../helpers/audio/tone.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';
import { hasTool, runTool } from '../helpers/tools.ts';

const SWITCH = '127.0.0.121';

/** A baresip that plays `toneHz` and dumps what it hears (sndfile) into its dir. */
function phone(
  address: string,
  user: string,
  password: string,
  toneHz: number,
  extra = '',
): string {
  const dir = mkdtempSync(join(tmpdir(), 'sy-baresip-audio-'));
  soxSine(join(dir, 'tone.wav'), toneHz, 8000, 10);
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
      'module sndfile.so',
      `snd_path ${dir}`,
      'audio_player aufile,/dev/null',
      `audio_source aufile,${join(dir, 'tone.wav')}`,
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'accounts'),
    `<sip:${user}@demo.local>;auth_pass=${password};outbound="sip:${SWITCH}:5060;transport=udp";regint=600;audio_codecs=PCMU${extra}\n`,
  );
  return dir;
}

function demoPassword(dataDir: string, number: string): string {
  const line = readFileSync(join(dataDir, 'demo-users.csv'), 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${number};`))!;
  return /password=([^\]]+)\]/.exec(line)![1]!;
}

/** The audio a phone received (sndfile's decoded dump), as PCM. */
function heard(dir: string): Int16Array {
  const file = readdirSync(dir).find((f) => f.startsWith('dump-') && f.endsWith('-dec.wav'));
  if (file === undefined)
    throw new Error(`no decoded dump in ${dir}: ${readdirSync(dir).join(', ')}`);
  const wav = parseWav(readFileSync(join(dir, file)));
  if (!wav.ok) throw new Error(wav.error.detail);
  return wav.value.samples;
}

describe.skipIf(!hasTool('baresip') || !hasTool('sox'))(
  'audio both ways through the anchored media plane',
  () => {
    let ts: TestSwitch;
    beforeAll(async () => {
      // { media: undefined }: the switch's own MediaServer anchors the RTP.
      ts = await startTestSwitch(
        SWITCH,
        { demo: true, rtpPorts: { min: 31000, max: 31099 } },
        { media: undefined },
      );
    });
    afterAll(async () => ts.stop());

    test('1000 (plays 1 kHz) calls 1001 (plays 500 Hz) → each hears the other’s tone, not its own', async () => {
      const registered = new Promise<void>((resolve) =>
        ts.sw.sip().registrar.on('registered', (b) => b.number === '1001' && resolve()),
      );
      const calleeDir = phone(
        '127.0.0.122',
        '1001',
        demoPassword(ts.dataDir, '1001'),
        500,
        ';answermode=auto',
      );
      const callee = runTool('baresip', ['-f', calleeDir, '-t', '8'], { timeoutMs: 20_000 });
      await registered;
      const callerDir = phone('127.0.0.123', '1000', demoPassword(ts.dataDir, '1000'), 1000);
      await runTool('baresip', ['-f', callerDir, '-e', '/dial sip:1001@demo.local', '-t', '5'], {
        timeoutMs: 20_000,
      });
      await callee;
      const atCallee = heard(calleeDir);
      const atCaller = heard(callerDir);
      expect(atCallee.length).toBeGreaterThan(8000);
      expect(atCaller.length).toBeGreaterThan(8000);
      // The dominant tone of what each side heard is the other side's.
      expect(goertzelAmplitude(atCallee, 1000, 8000)).toBeGreaterThan(
        10 * goertzelAmplitude(atCallee, 500, 8000),
      );
      expect(goertzelAmplitude(atCaller, 500, 8000)).toBeGreaterThan(
        10 * goertzelAmplitude(atCaller, 1000, 8000),
      );
    });
  },
);
