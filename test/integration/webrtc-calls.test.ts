/*
 * Browser legs (issue 5, D35) end to end: headless Chromium runs JsSIP,
 * registers extension 1000 over SIP-over-WebSocket (RFC 7118) and calls,
 * or is called by, extension 1001, a scripted UDP phone, directly and
 * through a ring group (a leg the switch places itself). ICE and
 * DTLS-SRTP end in the switch's WebRTC gateway; the media server relays
 * plain G.711 to the phone. Audio is checked both ways by frequency: the
 * phone decodes the browser's 1 kHz microphone file, and the page's
 * AnalyserNode hears the phone's 440 Hz; a key pressed in the browser
 * reaches the phone as RFC 4733. Needs /usr/bin/chromium and sox.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { decodeUlaw, encodeUlaw } from '../../media/codecs/index.ts';
import {
  openRtpTestPeer,
  phoneSdp,
  rtpPacket,
  sdpTarget,
  type RtpTestPeer,
} from '../../media/media-server/rtp-test-peer.ts';
import { goertzelAmplitude, sine } from '../helpers/audio/tone.ts';
import { BrowserPhone, hasChromium, CHROMIUM_PATH } from '../helpers/browser-phone.ts';
import { demoPassword } from '../helpers/demo-users.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';
import { SipPhone, type Incoming } from '../helpers/sip-phone.ts';

const SWITCH = '127.0.0.114';
const PHONE = '127.0.0.115';
const PAGE = '127.0.0.116';
const BROWSER_HZ = 1000;
const PHONE_HZ = 440;
const PHONE_CODECS = ['0 PCMU/8000', '8 PCMA/8000', '101 telephone-event/8000'];

if (!hasChromium) {
  console.warn(`webrtc-calls.test.ts skipped: ${CHROMIUM_PATH} is missing (apt install chromium)`);
}

/** Sends the phone's 440 Hz µ-law tone every 20 ms until stop() is called. */
function startTone(peer: RtpTestPeer): { stop(): void } {
  let seq = 0;
  const timer = setInterval(() => {
    const frame = encodeUlaw(sine(PHONE_HZ, 8000, 160, 8000, seq * 160));
    void peer.send(rtpPacket(seq, frame, { ssrc: 0x4400, ts: seq * 160 })).catch(() => undefined);
    seq++;
  }, 20);
  return { stop: () => clearInterval(timer) };
}

/** The µ-law audio the phone received, decoded, PCMU packets only. */
function receivedPcm(peer: RtpTestPeer): Int16Array {
  const payloads = peer.received.filter((p) => (p[1]! & 0x7f) === 0).map((p) => p.subarray(12));
  return decodeUlaw(Buffer.concat(payloads));
}

async function until<T>(
  fn: () => T | undefined | false | Promise<T | undefined>,
  timeoutMs = 8000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.skipIf(!hasChromium)('WebRTC legs: Chromium over WebSocket ↔ a SIP phone', () => {
  let ts: TestSwitch;
  let browser: BrowserPhone;
  let bob: SipPhone;
  let peer: RtpTestPeer;
  const peers: RtpTestPeer[] = [];

  beforeAll(async () => {
    ts = await startTestSwitch(
      SWITCH,
      // The demo trunk is an IP peer at 127.0.0.1 by default, where Chromium's
      // WebSocket comes from: moved away so the browser is not taken for it.
      {
        demo: true,
        demoTrunk: { host: '127.0.0.117', port: 5080 },
        rtpPorts: { min: 36100, max: 36199 },
      },
      { media: undefined },
    );
    const wav = join(mkdtempSync(join(tmpdir(), 'sy-webrtc-')), 'mic.wav');
    execFileSync('sox', [
      ...['-n', '-r', '48000', '-c', '1', '-b', '16', wav],
      ...['synth', '10', 'sine', String(BROWSER_HZ), 'vol', '0.5'],
    ]);
    browser = await BrowserPhone.launch(PAGE, wav);
    bob = new SipPhone(PHONE, '1001', demoPassword(ts.dataDir, '1001'), SWITCH);
    await bob.start();
    expect(await bob.register()).toBe(200);
    const status = await browser.register(
      `ws://${SWITCH}:5066`,
      'sip:1000@demo.local',
      demoPassword(ts.dataDir, '1000'),
    );
    expect(status).toBe(200);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    bob?.stop();
    for (const p of peers) p.close();
    await ts?.stop();
  });

  /** Answers the INVITE to 1001 with the phone's RTP peer; returns the tone. */
  async function bobAnswers(inc: Incoming): Promise<{ stop(): void }> {
    peer = await openRtpTestPeer(PHONE);
    peers.push(peer);
    const offer = inc.request.body.toString();
    // The phone sees a plain G.711 offer from the switch, not WebRTC.
    expect(offer).toMatch(/m=audio \d+ RTP\/AVP 0 /);
    expect(offer).not.toMatch(/fingerprint|candidate|SAVPF/);
    peer.target = sdpTarget(offer);
    bob.answer(inc, phoneSdp(peer, PHONE_CODECS));
    return startTone(peer);
  }

  async function checkAudioBothWays(): Promise<void> {
    // The phone hears the browser's 1 kHz microphone.
    await until(() => receivedPcm(peer).length >= 8000 * 2, 10_000);
    const pcm = receivedPcm(peer).subarray(-8000);
    expect(goertzelAmplitude(pcm, BROWSER_HZ, 8000)).toBeGreaterThan(
      10 * goertzelAmplitude(pcm, PHONE_HZ, 8000),
    );
    expect(goertzelAmplitude(pcm, BROWSER_HZ, 8000)).toBeGreaterThan(1000);
    // The browser hears the phone's 440 Hz (one analyser bin is 5.9 Hz).
    const report = await until(async () => {
      const r = await browser.report();
      return r.packetsReceived > 50 && Math.abs(r.peakHz - PHONE_HZ) < 15 ? r : undefined;
    }, 10_000).catch(() => browser.report());
    expect(report.packetsReceived).toBeGreaterThan(50);
    expect(report.packetsSent).toBeGreaterThan(50);
    // getStats() audioLevel stays 0 for a muted element; the analyser is the ear.
    expect(report.peakDb).toBeGreaterThan(-60);
    expect(Math.abs(report.peakHz - PHONE_HZ)).toBeLessThan(15);
  }

  async function cdrs(): Promise<Array<Record<string, unknown>>> {
    const http = ts.sw.http();
    const login = await http.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: 'integration-test-pw' },
    });
    const token = (login.json() as { token: string }).token;
    const teamId = ts.sw.store().teams.findByUid('demo')!.id;
    const res = await http.inject({
      method: 'GET',
      url: `/api/v1/cdrs?teamId=${teamId}`,
      headers: { authorization: `Bearer ${token}` },
    });
    return (res.json() as { items: Array<Record<string, unknown>> }).items;
  }

  test('browser 1000 calls phone 1001 → G.711 audio both ways, BYE from the browser, CDR written', async () => {
    const calling = browser.call('sip:1001@demo.local');
    const inc = await bob.next('INVITE', 10_000);
    const tone = await bobAnswers(inc);
    await calling;
    try {
      await checkAudioBothWays();
    } finally {
      tone.stop();
    }
    // Hold and resume from the browser: re-INVITEs through the same peer
    // connection (RFC 8829 §5.2 renegotiation), relayed to the phone.
    const holding = browser.hold();
    const held = await bob.next('INVITE', 5000);
    expect(held.request.body.toString()).toMatch(/a=(sendonly|inactive)/);
    bob.answer(held, phoneSdp(peer, PHONE_CODECS, 'recvonly'));
    await holding;
    const resuming = browser.unhold();
    const resumed = await bob.next('INVITE', 5000);
    expect(resumed.request.body.toString()).toMatch(/a=sendrecv/);
    bob.answer(resumed, phoneSdp(peer, PHONE_CODECS));
    await resuming;
    peer.received.length = 0;
    await until(() => receivedPcm(peer).length >= 8000);
    const after = receivedPcm(peer).subarray(-4000);
    expect(goertzelAmplitude(after, BROWSER_HZ, 8000)).toBeGreaterThan(1000);

    // The browser presses 5 (RTCDTMFSender): the phone gets RFC 4733 events
    // under its own payload type 101, event 5 (RFC 4733 §3.2).
    await browser.dtmf('5');
    const event = await until(() => peer.received.find((p) => (p[1]! & 0x7f) === 101));
    expect(event[12]).toBe(5);
    const hangup = browser.hangup();
    const bye = await bob.next('BYE', 5000);
    bob.respond(bye, 200);
    expect(await hangup).toMatch(/^local:/);
    const rows = await until(async () => {
      const items = await cdrs();
      return items.length >= 1 ? items : undefined;
    });
    expect(rows[0]).toMatchObject({
      callerNumber: '1000',
      calledNumber: '1001',
      result: 'answered',
      hangupSide: 'caller',
    });
  }, 60_000);

  test('phone 1001 calls browser 1000 → a WebRTC offer to the browser, audio both ways, BYE from the phone', async () => {
    peer = await openRtpTestPeer(PHONE);
    peers.push(peer);
    const call = bob.call('1000', phoneSdp(peer, PHONE_CODECS));
    await browser.waitAnswered();
    const ok = await call.final;
    expect(ok.status).toBe(200);
    const answer = ok.body.toString();
    expect(answer).toMatch(/m=audio \d+ RTP\/AVP 0/);
    expect(answer).not.toMatch(/fingerprint|candidate|SAVPF/);
    peer.target = sdpTarget(answer);
    const tone = startTone(peer);
    try {
      await checkAudioBothWays();
    } finally {
      tone.stop();
    }
    // The phone holds and resumes: each re-offer reaches the browser as a
    // WebRTC re-offer on its peer connection, and its answer comes back plain.
    const hold = await bob.inDialog(
      call.dialog!,
      'INVITE',
      phoneSdp(peer, PHONE_CODECS, 'sendonly'),
    );
    expect(hold.status).toBe(200);
    expect(hold.body.toString()).toMatch(/a=(recvonly|inactive)/);
    expect(hold.body.toString()).not.toMatch(/fingerprint/);
    const resume = await bob.inDialog(call.dialog!, 'INVITE', phoneSdp(peer, PHONE_CODECS));
    expect(resume.status).toBe(200);
    expect(resume.body.toString()).toMatch(/a=sendrecv/);
    peer.received.length = 0;
    await until(() => receivedPcm(peer).length >= 8000);
    const after = receivedPcm(peer).subarray(-4000);
    expect(goertzelAmplitude(after, BROWSER_HZ, 8000)).toBeGreaterThan(1000);

    const ended = browser.ended();
    expect((await bob.inDialog(call.dialog!, 'BYE')).status).toBe(200);
    expect(await ended).toMatch(/^remote:/);
    const rows = await until(async () => {
      const items = await cdrs();
      return items.length >= 2 ? items : undefined;
    });
    expect(rows[0]).toMatchObject({
      callerNumber: '1001',
      calledNumber: '1000',
      result: 'answered',
      hangupSide: 'caller',
    });
  }, 60_000);

  test('phone 1001 calls ring group 600 of browser 1000 → the placed leg gets a WebRTC offer, audio both ways', async () => {
    const store = ts.sw.store();
    const teamId = store.teams.findByUid('demo')!.id;
    const extensionId = store.internalNumbers.lookup(teamId, '1000')!.ownerId!;
    store.ringGroups.create({
      teamId,
      name: 'browsers',
      internalNumber: '600',
      extensionIds: [extensionId],
    });
    peer = await openRtpTestPeer(PHONE);
    peers.push(peer);
    const call = bob.call('600', phoneSdp(peer, PHONE_CODECS));
    await browser.waitAnswered();
    const ok = await call.final;
    expect(ok.status).toBe(200);
    peer.target = sdpTarget(ok.body.toString());
    const tone = startTone(peer);
    try {
      await checkAudioBothWays();
    } finally {
      tone.stop();
    }
    const ended = browser.ended();
    expect((await bob.inDialog(call.dialog!, 'BYE')).status).toBe(200);
    expect(await ended).toMatch(/^remote:/);
  }, 60_000);
});
