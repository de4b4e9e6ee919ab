/*
 * Voicemail on a real call (issue 8: "a voicemail file holds the caller's
 * tone"): IVR 8200 sends every caller to the voicemail box of extension
 * 1001. baresip 1000 dials it and plays a 1 kHz tone for a few seconds,
 * then hangs up; the box then holds one message whose WAV is that tone,
 * and its JSON names the caller. The box owner's phone, subscribed to
 * message-summary (RFC 3842), is told of the new message.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseWav } from '../../media/player/index.ts';
import { soxSine } from '../helpers/audio/sox.ts';
import { goertzelAmplitude } from '../helpers/audio/tone.ts';
import { SipPhone } from '../helpers/sip-phone.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';
import { hasTool, runTool } from '../helpers/tools.ts';

const SWITCH = '127.0.0.221';

function demoPassword(dataDir: string, number: string): string {
  const line = readFileSync(join(dataDir, 'demo-users.csv'), 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${number};`))!;
  return /password=([^\]]+)\]/.exec(line)![1]!;
}

describe.skipIf(!hasTool('baresip') || !hasTool('sox'))(
  'voicemail: the message is what the caller said',
  () => {
    let ts: TestSwitch;
    let boxId: number;
    let owner: SipPhone | undefined;
    beforeAll(async () => {
      ts = await startTestSwitch(
        SWITCH,
        { demo: true, rtpPorts: { min: 31600, max: 31699 } },
        { media: undefined },
      );
      const store = ts.sw.store();
      const team = store.teams.findByUid('demo')!;
      const ext = store.internalNumbers.lookup(team.id, '1001')!.ownerId!;
      boxId = store.voicemailBoxes.create({ teamId: team.id, extensionId: ext }).id;
      store.ivrFlows.create({
        teamId: team.id,
        name: 'After hours',
        internalNumber: '8200',
        transitions: [
          {
            condition: null,
            destination: { type: 'voicemail', targetId: boxId, targetValue: null },
          },
        ],
      });
    });
    afterAll(async () => {
      owner?.stop();
      await ts.stop();
    });

    test('1000 dials 8200 and plays 1 kHz → one message in box 1001 at 1 kHz; 1001 gets MWI', async () => {
      owner = new SipPhone('127.0.0.223', '1001', demoPassword(ts.dataDir, '1001'), SWITCH);
      await owner.start();
      const sub = await owner.subscribe('1001', 'message-summary');
      expect(sub.response.status).toBe(200);
      const idle = await owner.next('NOTIFY', 5000);
      owner.respond(idle, 200);
      expect(idle.request.getHeader('Content-Type')).toBe('application/simple-message-summary');
      expect(idle.request.body.toString()).toContain('Messages-Waiting: no');
      const dir = mkdtempSync(join(tmpdir(), 'sy-baresip-vm-'));
      soxSine(join(dir, 'tone.wav'), 1000, 8000, 20);
      writeFileSync(
        join(dir, 'config'),
        [
          'poll_method epoll',
          'sip_listen 127.0.0.222:5060',
          'net_interface 127.0.0.222',
          'module_path /usr/lib/baresip/modules',
          'module g711.so',
          'module account.so',
          'module menu.so',
          'module aufile.so',
          'audio_player aufile,/dev/null',
          `audio_source aufile,${join(dir, 'tone.wav')}`,
          '',
        ].join('\n'),
      );
      writeFileSync(
        join(dir, 'accounts'),
        `<sip:1000@demo.local>;auth_pass=${demoPassword(ts.dataDir, '1000')};outbound="sip:${SWITCH}:5060;transport=udp";regint=600;audio_codecs=PCMU\n`,
      );
      await runTool('baresip', ['-f', dir, '-e', '/dial sip:8200@demo.local', '-t', '6'], {
        timeoutMs: 30_000,
      });
      const boxDir = join(ts.dataDir, 'voicemail', `box-${boxId}`);
      let metas: string[] = [];
      for (let i = 0; i < 50 && metas.length === 0; i++) {
        metas = readdirSync(boxDir).filter((f) => f.endsWith('.json'));
        if (metas.length === 0) await new Promise((r) => setTimeout(r, 100));
      }
      expect(metas).toHaveLength(1);
      const meta = JSON.parse(readFileSync(join(boxDir, metas[0]!), 'utf8'));
      expect(meta).toMatchObject({ boxId, callerNumber: '1000', isRead: false });
      const wav = parseWav(readFileSync(meta.filePath));
      if (!wav.ok) throw new Error(wav.error.detail);
      const pcm = wav.value.samples;
      expect(pcm.length).toBeGreaterThan(8000);
      expect(goertzelAmplitude(pcm, 1000, 8000)).toBeGreaterThan(
        10 * goertzelAmplitude(pcm, 500, 8000),
      );
      const waiting = await owner.next('NOTIFY', 5000);
      owner.respond(waiting, 200);
      expect(waiting.request.body.toString()).toContain('Messages-Waiting: yes');
      expect(waiting.request.body.toString()).toContain('Voice-Message: 1/0');
    });
  },
);
