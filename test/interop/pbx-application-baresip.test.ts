/*
 * An application call end to end with real phones: baresip 1000 dials a
 * number owned by an application (here a queue number whose test application
 * is "ring extension 1001"), the switch answers leg A with its own media
 * plane, places leg B to baresip 1001 through the CallOriginator, and
 * bridges the two terminated legs with MediaControl.mix. Each phone plays
 * its own tone and must hear the other's.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { silentLogger } from '../../core/index.ts';
import { parseWav } from '../../media/player/index.ts';
import { PbxApplications, dialExtension } from '../../pbx/index.ts';
import { soxSine } from '../helpers/audio/sox.ts';
import { goertzelAmplitude } from '../helpers/audio/tone.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';
import { hasTool, runTool } from '../helpers/tools.ts';

const SWITCH = '127.0.0.201';

function phone(address: string, user: string, password: string, toneHz: number, extra = '') {
  const dir = mkdtempSync(join(tmpdir(), 'sy-baresip-app-'));
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

function heard(dir: string): Int16Array {
  const file = readdirSync(dir).find((f) => f.startsWith('dump-') && f.endsWith('-dec.wav'));
  if (file === undefined) throw new Error(`no decoded dump in ${dir}`);
  const wav = parseWav(readFileSync(join(dir, file)));
  if (!wav.ok) throw new Error(wav.error.detail);
  return wav.value.samples;
}

describe.skipIf(!hasTool('baresip') || !hasTool('sox'))(
  'application calls: answered by the switch, bridged to a leg it placed',
  () => {
    let ts: TestSwitch;
    let ended: Promise<void>;
    beforeAll(async () => {
      let markEnded!: () => void;
      ended = new Promise((resolve) => (markEnded = resolve));
      ts = await startTestSwitch(
        SWITCH,
        { demo: true, rtpPorts: { min: 31200, max: 31299 } },
        {
          media: undefined,
          applications: ({ media, originator, store }) => {
            const apps = new PbxApplications({
              media,
              originator,
              logger: silentLogger(),
              directory: store,
              handlers: {
                // The application: answer at once, then ring 1001 and bridge.
                queue: async (call, ctx) => {
                  await call.leg.answer();
                  const team = store.teams.findByUid('demo')!;
                  const target = store.internalNumbers.lookup(team.id, '1001')!;
                  const out = await dialExtension(
                    { ...call, destination: { type: 'extension', targetId: target.ownerId! } },
                    ctx,
                    store,
                  );
                  markEnded();
                  return out;
                },
              },
            });
            return apps;
          },
        },
      );
      const team = ts.sw.store().teams.findByUid('demo')!;
      ts.sw.store().queues.create({ teamId: team.id, number: '800', name: 'test queue' });
    });
    afterAll(async () => ts.stop());

    test('1000 dials 800 → answered by the switch, 1001 rung and bridged: each hears the other', async () => {
      const registered = new Promise<void>((resolve) =>
        ts.sw.sip().registrar.on('registered', (b) => b.number === '1001' && resolve()),
      );
      const calleeDir = phone(
        '127.0.0.202',
        '1001',
        demoPassword(ts.dataDir, '1001'),
        500,
        ';answermode=auto',
      );
      const callee = runTool('baresip', ['-f', calleeDir, '-t', '8'], { timeoutMs: 20_000 });
      await registered;
      const callerDir = phone('127.0.0.203', '1000', demoPassword(ts.dataDir, '1000'), 1000);
      await runTool('baresip', ['-f', callerDir, '-e', '/dial sip:800@demo.local', '-t', '5'], {
        timeoutMs: 20_000,
      });
      await callee;
      await ended;
      const atCallee = heard(calleeDir);
      const atCaller = heard(callerDir);
      expect(atCallee.length).toBeGreaterThan(8000);
      expect(atCaller.length).toBeGreaterThan(8000);
      expect(goertzelAmplitude(atCallee, 1000, 8000)).toBeGreaterThan(
        10 * goertzelAmplitude(atCallee, 500, 8000),
      );
      expect(goertzelAmplitude(atCaller, 500, 8000)).toBeGreaterThan(
        10 * goertzelAmplitude(atCaller, 1000, 8000),
      );
      const cdrs = ts.sw.sip().b2bua!.calls.size;
      expect(cdrs).toBe(0);
    });
  },
);
