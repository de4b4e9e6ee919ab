/*
 * A queue on real phones (issue 8: "a queue caller hears MOH and then
 * reaches a member"): baresip 1000 dials queue 800 while the only member
 * (agent 2001 on extension 1001) is not registered yet. The queue answers,
 * plays the default music on hold (a 440 Hz file made with sox), retries
 * the member after retryIntervalSec, and once baresip 1001 is up it rings,
 * auto-answers and is bridged. The caller's recording starts with music
 * and ends with the member's 500 Hz tone.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashPassword } from '../../core/config-store/index.ts';
import { parseWav } from '../../media/player/index.ts';
import { soxSine } from '../helpers/audio/sox.ts';
import { goertzelAmplitude } from '../helpers/audio/tone.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';
import { hasTool, runTool } from '../helpers/tools.ts';

const SWITCH = '127.0.0.205';

function phone(address: string, user: string, password: string, toneHz: number, extra = '') {
  const dir = mkdtempSync(join(tmpdir(), 'sy-baresip-queue-'));
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!hasTool('baresip') || !hasTool('sox'))(
  'queues: music on hold, then a member',
  () => {
    let ts: TestSwitch;
    beforeAll(async () => {
      ts = await startTestSwitch(
        SWITCH,
        { demo: true, rtpPorts: { min: 31300, max: 31399 } },
        {
          media: undefined,
        },
      );
      mkdirSync(join(ts.dataDir, 'sounds', 'moh'), { recursive: true });
      soxSine(join(ts.dataDir, 'sounds', 'moh', 'default.wav'), 440, 8000, 30);
      const store = ts.sw.store();
      const team = store.teams.findByUid('demo')!;
      const owner = store.internalNumbers.lookup(team.id, '1001')!;
      const accountId = store.extensions.find(owner.ownerId!)!.accountId;
      const queue = store.queues.create({
        teamId: team.id,
        number: '800',
        name: 'support',
        retryIntervalSec: 1,
        maxWaitTimeSec: 60,
      });
      const agent = store.agents.create({
        teamId: team.id,
        accountId,
        agentNo: '2001',
        passwordHash: await hashPassword('agent-2001-pw'),
        targetNumber: '1001',
      });
      store.agentGroups.create({
        teamId: team.id,
        name: 'support agents',
        queueId: queue.id,
        members: [{ agentId: agent.id }],
      });
      // GRP-1: only signed-in agents are queue members; sign in over the API.
      const api = `http://${SWITCH}:8080/api/v1`;
      const json = { 'content-type': 'application/json' };
      const login = await fetch(`${api}/auth/login`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ username: 'admin', password: 'integration-test-pw' }),
      });
      const { token } = (await login.json()) as { token: string };
      const signIn = await fetch(`${api}/agents/${agent.id}/sign-in`, {
        method: 'POST',
        headers: { ...json, authorization: `Bearer ${token}` },
        body: '{}',
      });
      if (!signIn.ok) throw new Error(`agent sign-in failed: ${await signIn.text()}`);
    });
    afterAll(async () => ts.stop());

    test('1000 dials queue 800 → hears music on hold, then agent 1001 answers and they talk', async () => {
      const callerDir = phone('127.0.0.206', '1000', demoPassword(ts.dataDir, '1000'), 1000);
      const caller = runTool(
        'baresip',
        ['-f', callerDir, '-e', '/dial sip:800@demo.local', '-t', '16'],
        { timeoutMs: 30_000 },
      );
      // The member comes online only after the caller has waited a while.
      await sleep(3000);
      const registered = new Promise<void>((resolve) =>
        ts.sw.sip().registrar.on('registered', (b) => b.number === '1001' && resolve()),
      );
      const memberDir = phone(
        '127.0.0.207',
        '1001',
        demoPassword(ts.dataDir, '1001'),
        500,
        ';answermode=auto',
      );
      const member = runTool('baresip', ['-f', memberDir, '-t', '14'], { timeoutMs: 30_000 });
      await registered;
      await Promise.all([caller, member]);
      const atCaller = heard(callerDir);
      const second = 8000;
      const early = atCaller.subarray(1 * second, 3 * second);
      const late = atCaller.subarray(atCaller.length - 3 * second, atCaller.length - second);
      expect(goertzelAmplitude(early, 440, 8000)).toBeGreaterThan(
        10 * goertzelAmplitude(early, 500, 8000),
      );
      expect(goertzelAmplitude(late, 500, 8000)).toBeGreaterThan(
        10 * goertzelAmplitude(late, 440, 8000),
      );
      expect(goertzelAmplitude(heard(memberDir), 1000, 8000)).toBeGreaterThan(0);
    });
  },
);
