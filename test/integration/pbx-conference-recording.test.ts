/*
 * A recorded conference on real calls (spec 02 CF-8): extensions 1000 and
 * 1001 dial room 6666, which has `recordConference`; the switch answers
 * both with its own media and mixes them. Each phone sends PCMU RTP of its
 * own tone (400 Hz, 1000 Hz) for a second and a half, then both hang up.
 * The room's WAV under <dataDir>/recordings/<team>/<day>/ holds both tones
 * (Goertzel) and sox reads it as a 1.5 s-ish mono file at 8 kHz. Both tones
 * have a whole number of cycles per 20 ms frame, so a frame the mixer drops
 * or repeats under scheduling jitter does not break the phase that a
 * whole-file Goertzel sum needs.
 *
 * Addresses: the brief's 127.0.0.61–62 are taken by sip-torture.test.ts,
 * which runs in parallel, so the switch is on .63 and the phones on .64–65.
 */
import { createSocket, type Socket } from 'node:dgram';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { encodeUlaw } from '../../media/codecs/index.ts';
import { parseWav } from '../../media/player/index.ts';
import { soxStat } from '../helpers/audio/sox.ts';
import { goertzelAmplitude, sine } from '../helpers/audio/tone.ts';
import { demoPassword } from '../helpers/demo-users.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';
import { SipPhone, sdp } from '../helpers/sip-phone.ts';

const SWITCH = '127.0.0.63';
const ALICE = '127.0.0.64';
const BOB = '127.0.0.65';

/** Where an SDP body says to send RTP. */
function target(body: string): { address: string; port: number } {
  return {
    address: /^c=IN IP4 (\S+)/m.exec(body)![1]!,
    port: Number(/^m=audio (\d+)/m.exec(body)![1]),
  };
}

/** `count` PCMU packets of a `hz` sine, one every 20 ms. */
async function sendTone(
  socket: Socket,
  to: { address: string; port: number },
  hz: number,
  count: number,
): Promise<void> {
  for (let seq = 0; seq < count; seq++) {
    const payload = encodeUlaw(sine(hz, 8000, 160, 8000, seq * 160));
    const packet = Buffer.alloc(12 + payload.length);
    packet[0] = 0x80;
    packet.writeUInt16BE(seq, 2);
    packet.writeUInt32BE(seq * 160, 4);
    packet.writeUInt32BE(0x5eed + hz, 8);
    packet.set(payload, 12);
    await new Promise<void>((resolve) => socket.send(packet, to.port, to.address, () => resolve()));
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('conference recording on real calls (CF-8)', () => {
  let ts: TestSwitch;
  let alice: SipPhone;
  let bob: SipPhone;
  let aliceRtp: Socket;
  let bobRtp: Socket;

  beforeAll(async () => {
    ts = await startTestSwitch(
      SWITCH,
      { demo: true, rtpPorts: { min: 34800, max: 34899 } },
      { media: undefined },
    );
    alice = new SipPhone(ALICE, '1000', demoPassword(ts.dataDir, '1000'), SWITCH);
    bob = new SipPhone(BOB, '1001', demoPassword(ts.dataDir, '1001'), SWITCH);
    await Promise.all([alice.start(), bob.start()]);
    aliceRtp = createSocket('udp4');
    bobRtp = createSocket('udp4');
    await new Promise<void>((resolve) => aliceRtp.bind(0, ALICE, resolve));
    await new Promise<void>((resolve) => bobRtp.bind(0, BOB, resolve));
  });
  afterAll(async () => {
    aliceRtp.close();
    bobRtp.close();
    alice.stop();
    bob.stop();
    await ts.stop();
  });

  test('CF-8 1000 and 1001 in recorded room 6666 send 400/1000 Hz → the room WAV holds both', async () => {
    const store = ts.sw.store();
    const team = store.teams.findByUid('demo')!;
    store.conferenceRooms.create({
      teamId: team.id,
      number: '6666',
      name: 'Huangshan',
      quietMode: true,
      recordConference: true,
    });

    const aliceCall = alice.call('6666', sdp(ALICE, aliceRtp.address().port));
    const bobCall = bob.call('6666', sdp(BOB, bobRtp.address().port));
    const [aliceOk, bobOk] = await Promise.all([aliceCall.final, bobCall.final]);
    expect([aliceOk.status, bobOk.status]).toEqual([200, 200]);
    // Both members are in the mix a moment after the 200 OK.
    await new Promise((r) => setTimeout(r, 200));
    await Promise.all([
      sendTone(aliceRtp, target(aliceOk.body.toString()), 400, 75),
      sendTone(bobRtp, target(bobOk.body.toString()), 1000, 75),
    ]);
    const byes = [alice.inDialog(aliceCall.dialog!, 'BYE'), bob.inDialog(bobCall.dialog!, 'BYE')];
    expect((await Promise.all(byes)).map((r) => r.status)).toEqual([200, 200]);

    const teamDir = join(ts.dataDir, 'recordings', String(team.id));
    /** The room's WAV in any day directory of the team (a run may cross midnight UTC). */
    const findFile = (): string | undefined => {
      if (!existsSync(teamDir)) return undefined;
      for (const day of readdirSync(teamDir)) {
        const name = readdirSync(join(teamDir, day)).find((n) =>
          /^conference-6666-\d{8}T\d{6}Z\.wav$/.test(n),
        );
        if (name !== undefined) return join(teamDir, day, name);
      }
      return undefined;
    };
    let file: string | undefined;
    let samples: Int16Array = new Int16Array(0);
    // The header is rewritten each second and at close; poll until it covers the call.
    for (let i = 0; i < 100; i++) {
      file = findFile();
      if (file !== undefined) {
        const wav = parseWav(readFileSync(file));
        if (wav.ok && wav.value.samples.length > 1.4 * 8000) {
          samples = wav.value.samples;
          break;
        }
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(file).toBeDefined();
    expect(goertzelAmplitude(samples, 400, 8000)).toBeGreaterThan(1000);
    expect(goertzelAmplitude(samples, 1000, 8000)).toBeGreaterThan(1000);
    expect(goertzelAmplitude(samples, 2500, 8000)).toBeLessThan(200);
    const stat = soxStat(file!);
    expect(stat.lengthSeconds).toBeGreaterThan(1.2);
    expect(stat.lengthSeconds).toBeLessThan(5);
    expect(stat.maximumAmplitude).toBeGreaterThan(0.3);
  });

  test('issue 8: the live view over the API; PATCH mutes a member, DELETE kicks it (BYE); sessions list the recording', async () => {
    const store = ts.sw.store();
    const team = store.teams.findByUid('demo')!;
    const room = store.conferenceRooms.create({
      teamId: team.id,
      number: '6667',
      name: 'Emeishan',
      quietMode: true,
      recordConference: true,
    });
    const http = ts.sw.http();
    const login = await http.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: 'integration-test-pw' },
    });
    const headers = { authorization: `Bearer ${(login.json() as { token: string }).token}` };
    const api = (method: 'GET' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
      http.inject({ method, url: `/api/v1/conference-rooms/${room.id}${url}`, headers, payload });

    expect((await api('GET', '/live')).json()).toMatchObject({ isActive: false, members: [] });
    const aliceCall = alice.call('6667', sdp(ALICE, aliceRtp.address().port));
    const bobCall = bob.call('6667', sdp(BOB, bobRtp.address().port));
    expect((await Promise.all([aliceCall.final, bobCall.final])).map((r) => r.status)).toEqual([
      200, 200,
    ]);
    let live = (await api('GET', '/live')).json();
    for (let i = 0; i < 50 && live.members.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 50));
      live = (await api('GET', '/live')).json();
    }
    expect(live).toMatchObject({ isActive: true, isLocked: false });
    expect(live.members.map((m: { number: string }) => m.number).sort()).toEqual(['1000', '1001']);
    const bobMember = live.members.find((m: { number: string }) => m.number === '1001');

    const muted = await api('PATCH', `/members/${bobMember.memberId}`, { isMuted: true });
    expect(muted.statusCode, muted.body).toBe(200);
    expect(muted.json()).toMatchObject({ number: '1001', isMuted: true });
    const locked = await api('PATCH', '/live', { isLocked: true });
    expect(locked.json()).toMatchObject({ isLocked: true });

    const kicked = await api('DELETE', `/members/${bobMember.memberId}`);
    expect(kicked.statusCode).toBe(204);
    const bye = await bob.next('BYE', 5000);
    bob.respond(bye, 200);
    for (let i = 0; i < 50 && live.members.length > 1; i++) {
      await new Promise((r) => setTimeout(r, 50));
      live = (await api('GET', '/live')).json();
    }
    expect(live.members.map((m: { number: string }) => m.number)).toEqual(['1000']);
    expect((await api('DELETE', `/members/${bobMember.memberId}`)).statusCode).toBe(404);
    const rows = store.operationLogs.list({ teamId: team.id, limit: 50 });
    expect(rows.some((row) => row.resource === 'conference-rooms')).toBe(true);

    expect((await alice.inDialog(aliceCall.dialog!, 'BYE')).status).toBe(200);
    let sessions = (await api('GET', '/sessions')).json().items;
    for (let i = 0; i < 50 && sessions.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      sessions = (await api('GET', '/sessions')).json().items;
    }
    expect(sessions).toHaveLength(1);
    expect(sessions[0].recordingPath).toMatch(/conference-6667-\d{8}T\d{6}Z\.wav$/);
  });
});
