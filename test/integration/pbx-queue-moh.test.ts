/*
 * Music-on-hold classes on real calls (spec 02 §3.13, D30): voice files
 * uploaded through the admin API, a team class `default` (which shadows
 * the system one, MOH-2) and a queue without free agents. 1000 dials the
 * queue and hears the team class's tone, not the system class's; after
 * the class is edited the next caller hears the new file (no restart).
 */
import { createSocket, type Socket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { decodeUlaw } from '../../media/codecs/index.ts';
import { serializeWav } from '../../media/player/index.ts';
import { goertzelAmplitude, sine } from '../helpers/audio/tone.ts';
import { demoPassword } from '../helpers/demo-users.ts';
import { SipPhone, sdp } from '../helpers/sip-phone.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';

const SWITCH = '127.0.0.44';
const PHONE = '127.0.0.45';
const TEAM_HZ = 500;
const SYSTEM_HZ = 1500;
const EDITED_HZ = 900;

/** An RTP socket that keeps the PCMU payloads it receives. */
async function rtpSink(): Promise<{ socket: Socket; port: number; payloads: Buffer[] }> {
  const socket = createSocket('udp4');
  const payloads: Buffer[] = [];
  socket.on('message', (m) => payloads.push(m.subarray(12)));
  await new Promise<void>((resolve) => socket.bind(0, PHONE, resolve));
  return { socket, port: socket.address().port, payloads };
}

/** A 2 s sine as a WAV file, as an admin would upload it. */
function toneWav(hz: number): Buffer {
  return serializeWav({
    encoding: 'pcm16',
    channels: 1,
    sampleRateHz: 8000,
    samples: sine(hz, 8000, 16000),
  });
}

describe('music-on-hold classes on queue callers', () => {
  let ts: TestSwitch;
  let phone: SipPhone;
  let token: string;
  let teamId: number;
  let classId: number;

  async function api(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) {
    const res = await ts.sw.http().inject({
      method,
      url,
      headers: {
        authorization: `Bearer ${token}`,
        ...(Buffer.isBuffer(payload) ? { 'content-type': 'audio/wav' } : {}),
      },
      ...(payload === undefined ? {} : { payload: payload as string }),
    });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json() as { id: number };
  }

  beforeAll(async () => {
    ts = await startTestSwitch(
      SWITCH,
      { demo: true, rtpPorts: { min: 34900, max: 34949 } },
      { media: undefined },
    );
    phone = new SipPhone(PHONE, '1000', demoPassword(ts.dataDir, '1000'), SWITCH);
    await phone.start();
    const login = await ts.sw.http().inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: 'integration-test-pw' },
    });
    token = (login.json() as { token: string }).token;
    const store = ts.sw.store();
    teamId = store.teams.findByUid('demo')!.id;
    const upload = (name: string, hz: number, team?: number) =>
      api(
        'POST',
        `/api/v1/voice-files?name=${name}${team === undefined ? '' : `&teamId=${team}`}`,
        toneWav(hz),
      );
    const systemFile = await upload('system-tone', SYSTEM_HZ);
    const teamFile = await upload('team-tone', TEAM_HZ, teamId);
    const systemDefault = store.mohClasses
      .list()
      .find((c) => c.teamId === null && c.identifier === 'default')!;
    await api('PATCH', `/api/v1/moh-classes/${systemDefault.id}`, {
      voiceFileIds: [systemFile.id],
    });
    classId = (
      await api('POST', '/api/v1/moh-classes', {
        teamId,
        name: 'demo hold music',
        identifier: 'default',
        voiceFileIds: [teamFile.id],
      })
    ).id;
    // No agent group is bound, so callers wait (Q-3 join-empty) and hear MOH.
    store.queues.create({ teamId, number: '8300', name: 'moh test', maxWaitTimeSec: 600 });
  });

  afterAll(async () => {
    phone?.stop();
    await ts?.stop();
  });

  /** Calls the queue, listens for `ms`, hangs up; the tone levels heard. */
  async function listen(ms: number, ...hz: number[]): Promise<number[]> {
    const sink = await rtpSink();
    try {
      const call = phone.call('8300', sdp(PHONE, sink.port));
      expect((await call.final).status).toBe(200);
      await new Promise((r) => setTimeout(r, ms));
      expect((await phone.inDialog(call.dialog!, 'BYE')).status).toBe(200);
      // The last 0.5 s: any entry prompt and the jitter of the start are over.
      const pcm = decodeUlaw(Buffer.concat(sink.payloads.slice(-25)));
      expect(sink.payloads.length).toBeGreaterThan(25);
      return hz.map((f) => goertzelAmplitude(pcm, f, 8000));
    } finally {
      sink.socket.close();
    }
  }

  test('MOH-1/MOH-2: a caller in the demo queue hears the team class, not the system class', async () => {
    const [team, system] = await listen(1000, TEAM_HZ, SYSTEM_HZ);
    expect(team).toBeGreaterThan(3000);
    expect(system).toBeLessThan(300);
  });

  test('the class gets another file → the next caller hears it without a restart', async () => {
    const edited = await api(
      'POST',
      `/api/v1/voice-files?name=edited-tone&teamId=${teamId}`,
      toneWav(EDITED_HZ),
    );
    await api('PATCH', `/api/v1/moh-classes/${classId}`, { voiceFileIds: [edited.id] });
    const [now, before] = await listen(1000, EDITED_HZ, TEAM_HZ);
    expect(now).toBeGreaterThan(3000);
    expect(before).toBeLessThan(300);
  });
});
