/*
 * Call recording on a real call (issue 8 item 7, EXT-9, CDR-3): extension
 * 1000 has `record` on and calls 1001 through the switch's own MediaServer;
 * both scripted phones send PCMU RTP for about a second and a half, 1000
 * hangs up, and the CDR points at a WAV under <dataDir>/recordings that
 * parses, lasts more than half a second and is served by the API.
 */
import { createSocket, type Socket } from 'node:dgram';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseWav } from '../../core/audio/index.ts';
import { openCdrStore } from '../../core/cdr-store/index.ts';
import { demoPassword } from '../helpers/demo-users.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';
import { SipPhone, sdp } from '../helpers/sip-phone.ts';

const SWITCH = '127.0.0.247';
const ALICE = '127.0.0.248';
const BOB = '127.0.0.249';

/** Where an SDP body says to send RTP. */
function target(body: string): { address: string; port: number } {
  return {
    address: /^c=IN IP4 (\S+)/m.exec(body)![1]!,
    port: Number(/^m=audio (\d+)/m.exec(body)![1]),
  };
}

/** `count` PCMU packets of a 400 Hz tone, one every 20 ms. */
async function sendTone(socket: Socket, to: { address: string; port: number }, count: number) {
  for (let seq = 0; seq < count; seq++) {
    const packet = Buffer.alloc(12 + 160);
    packet[0] = 0x80;
    packet[1] = 0;
    packet.writeUInt16BE(seq, 2);
    packet.writeUInt32BE(seq * 160, 4);
    packet.writeUInt32BE(0x5eed, 8);
    // µ-law bytes of a coarse square wave: audible, not silence (0xff).
    for (let i = 0; i < 160; i++) packet[12 + i] = Math.floor(i / 10) % 2 === 0 ? 0x20 : 0xa0;
    await new Promise<void>((resolve) => socket.send(packet, to.port, to.address, () => resolve()));
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('call recording through the switch (EXT-9, CDR-3)', () => {
  let ts: TestSwitch;
  let alice: SipPhone;
  let bob: SipPhone;
  let aliceRtp: Socket;
  let bobRtp: Socket;

  beforeAll(async () => {
    ts = await startTestSwitch(
      SWITCH,
      { demo: true, rtpPorts: { min: 32400, max: 32499 } },
      { media: undefined },
    );
    alice = new SipPhone(ALICE, '1000', demoPassword(ts.dataDir, '1000'), SWITCH);
    bob = new SipPhone(BOB, '1001', demoPassword(ts.dataDir, '1001'), SWITCH);
    await Promise.all([alice.start(), bob.start()]);
    expect(await bob.register()).toBe(200);
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

  test('EXT-9 1000 with record on calls 1001 → the CDR has a valid WAV longer than 0.5 s', async () => {
    const store = ts.sw.store();
    const team = store.teams.findByUid('demo')!;
    const ext1000 = store.extensions.findByNumber(team.id, '1000')!;
    store.extensions.update(ext1000.id, { record: true });

    const call = alice.call('1001', sdp(ALICE, aliceRtp.address().port));
    const invite = await bob.next('INVITE', 5000);
    const toBob = target(invite.request.body.toString());
    bob.answer(invite, sdp(BOB, bobRtp.address().port));
    const ok = await call.final;
    expect(ok.status).toBe(200);
    const toAlice = target(ok.body.toString());
    await Promise.all([sendTone(aliceRtp, toAlice, 75), sendTone(bobRtp, toBob, 75)]);

    const byeResponse = alice.inDialog(call.dialog!, 'BYE');
    bob.respond(await bob.next('BYE', 5000), 200);
    expect((await byeResponse).status).toBe(200);

    const cdrs = openCdrStore(ts.dataDir);
    let path: string | null = null;
    try {
      for (let i = 0; i < 100 && path === null; i++) {
        const row = cdrs.list({ teamId: team.id, hasRecording: true, limit: 1 })[0];
        path = row?.recordingPath ?? null;
        if (path === null) await new Promise((r) => setTimeout(r, 20));
      }
      const row = cdrs.list({ teamId: team.id, limit: 1 })[0]!;
      expect(row).toMatchObject({ result: 'answered', extensionId: ext1000.id });
      expect(path).toBe(
        `${team.id}/${new Date(row.startedAtMs).toISOString().slice(0, 10)}/${row.callId}.wav`,
      );
    } finally {
      cdrs.close();
    }
    const file = join(ts.dataDir, 'recordings', path!);
    expect(existsSync(file)).toBe(true);
    const wav = parseWav(readFileSync(file));
    expect(wav.ok).toBe(true);
    if (!wav.ok) return;
    expect(wav.value.durationMs).toBeGreaterThan(500);
    expect(wav.value.samples.some((s) => Math.abs(s) > 1000)).toBe(true);

    const login = await ts.sw.http().inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: 'integration-test-pw' },
    });
    const token = (login.json() as { token: string }).token;
    const list = await ts.sw.http().inject({
      method: 'GET',
      url: `/api/v1/recordings?teamId=${team.id}`,
      headers: { authorization: `Bearer ${token}` },
    });
    const [item] = (list.json() as { items: Array<{ audioUrl: string }> }).items;
    const audio = await ts.sw.http().inject({
      method: 'GET',
      url: item!.audioUrl,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(audio.statusCode).toBe(200);
    expect(audio.headers['content-type']).toBe('audio/wav');
    expect(audio.rawPayload.equals(readFileSync(file))).toBe(true);
  });
});
