/*
 * A conference on real phones (issue 8: "three baresip phones in a
 * conference hear each other's tones in the mix"): extensions 1000, 1001
 * and 1002 dial room 7000, each playing its own tone. The switch answers
 * each with its own media, joins them to one room, and the mixer sends
 * every member the others minus itself (N−1).
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseWav } from '../../media/player/index.ts';
import { soxSine } from '../helpers/audio/sox.ts';
import { goertzelAmplitude } from '../helpers/audio/tone.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';
import { hasTool, runTool } from '../helpers/tools.ts';

const SWITCH = '127.0.0.211';

function phone(address: string, user: string, password: string, toneHz: number) {
  const dir = mkdtempSync(join(tmpdir(), 'sy-baresip-conf-'));
  soxSine(join(dir, 'tone.wav'), toneHz, 8000, 20);
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
    `<sip:${user}@demo.local>;auth_pass=${password};outbound="sip:${SWITCH}:5060;transport=udp";regint=600;audio_codecs=PCMU\n`,
  );
  return dir;
}

function demoPassword(dataDir: string, number: string): string {
  const line = readFileSync(join(dataDir, 'demo-users.csv'), 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${number};`))!;
  return /password=([^\]]+)\]/.exec(line)![1]!;
}

function heard(dir: string): Int16Array {
  const file = readdirSync(dir).find((f) => f.startsWith('dump-') && f.endsWith('-dec.wav'));
  if (file === undefined) throw new Error(`no decoded dump in ${dir}`);
  const wav = parseWav(readFileSync(join(dir, file)));
  if (!wav.ok) throw new Error(wav.error.detail);
  return wav.value.samples;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!hasTool('baresip') || !hasTool('sox'))(
  'conferences: three phones in one mix',
  () => {
    let ts: TestSwitch;
    beforeAll(async () => {
      ts = await startTestSwitch(
        SWITCH,
        { demo: true, rtpPorts: { min: 31400, max: 31499 } },
        { media: undefined },
      );
      const team = ts.sw.store().teams.findByUid('demo')!;
      ts.sw.store().conferenceRooms.create({
        teamId: team.id,
        number: '7000',
        name: 'All hands',
        quietMode: true,
      });
    });
    afterAll(async () => ts.stop());

    test('1000, 1001 and 1002 dial room 7000 → each hears the other two tones, not its own', async () => {
      const tones = { '1000': 500, '1001': 1000, '1002': 1500 } as const;
      const dirs: Record<string, string> = {};
      const runs: Array<Promise<unknown>> = [];
      for (const [i, [number, hz]] of Object.entries(tones).entries()) {
        dirs[number] = phone(`127.0.0.${212 + i}`, number, demoPassword(ts.dataDir, number), hz);
        runs.push(
          runTool(
            'baresip',
            ['-f', dirs[number], '-e', '/dial sip:7000@demo.local', '-t', String(10 - i)],
            { timeoutMs: 30_000 },
          ),
        );
        await sleep(700);
      }
      await Promise.all(runs);
      for (const [number, own] of Object.entries(tones)) {
        const pcm = heard(dirs[number]!);
        // The last 3 s, when all three were in the room.
        const tail = pcm.subarray(Math.max(0, pcm.length - 4 * 8000), pcm.length - 8000);
        const others = Object.entries(tones).filter(([n]) => n !== number);
        for (const [, hz] of others) {
          expect(goertzelAmplitude(tail, hz, 8000), `${number} hears ${hz} Hz`).toBeGreaterThan(
            10 * goertzelAmplitude(tail, own, 8000),
          );
        }
      }
    });
  },
);
