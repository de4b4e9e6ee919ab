import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RTCPeerConnection, RTCRtpCodecParameters, RtpHeader, RtpPacket } from 'werift';
import { silentLogger } from '../../core/index.ts';
import type { MediaDtmfNotification } from '../../core/index.ts';
import { serializeTelephoneEvent } from '../dtmf/index.ts';
import { MediaServer } from '../media-server/index.ts';
import { openRtpTestPeer, phoneSdp, rtpPacket, sdpTarget } from '../media-server/rtp-test-peer.ts';
import type { RtpTestPeer } from '../media-server/rtp-test-peer.ts';
import { WebRtcMediaControl } from './webrtc-media-control.ts';

/*
 * The gateway between a werift peer standing in for a browser (full ICE,
 * DTLS-SRTP) and a scripted plain RTP phone, through a real MediaServer
 * on loopback. Chromium itself is in test/integration/webrtc-*.test.ts.
 */

const SERVER = '127.0.0.124';
const BROWSER = '127.0.0.125';
const PHONE = '127.0.0.126';

let server: MediaServer;
let control: WebRtcMediaControl;
let phone: RtpTestPeer;
let browser: RTCPeerConnection;
let fromPhone: RtpPacket[];

function browserPeer(): RTCPeerConnection {
  const pc = new RTCPeerConnection({
    iceUseIpv6: false,
    iceInterfaceAddresses: { udp4: BROWSER },
    iceAdditionalHostAddresses: [BROWSER],
    codecs: {
      audio: [
        new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48000, channels: 2 }),
        new RTCRtpCodecParameters({ mimeType: 'audio/PCMU', clockRate: 8000, payloadType: 0 }),
        new RTCRtpCodecParameters({
          mimeType: 'audio/telephone-event',
          clockRate: 8000,
          payloadType: 126,
        }),
      ],
    },
  });
  pc.onTrack.subscribe((t) => t.onReceiveRtp.subscribe((rtp) => fromPhone.push(rtp)));
  return pc;
}

async function gathered(pc: RTCPeerConnection): Promise<string> {
  const end = Date.now() + 3000;
  while (pc.iceGatheringState !== 'complete' && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 10));
  }
  return pc.localDescription!.sdp;
}

async function until(fn: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!fn()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Sends µ-law silence-free packets from the browser's sender. */
async function browserSends(pc: RTCPeerConnection, count: number): Promise<void> {
  const sender = pc.getTransceivers()[0]!.sender;
  for (let i = 0; i < count; i++) {
    const header = new RtpHeader({ payloadType: 0, sequenceNumber: i, timestamp: i * 160 });
    await sender.sendRtp(new RtpPacket(header, Buffer.alloc(160, 0x55)));
    await new Promise((r) => setTimeout(r, 5));
  }
}

beforeEach(async () => {
  server = new MediaServer({
    bindAddress: SERVER,
    minPort: 48600,
    maxPort: 48699,
    quarantineMs: 0,
    statsIntervalMs: 0,
    recordingsDir: mkdtempSync(join(tmpdir(), 'sy-webrtc-')),
  });
  await server.start();
  control = new WebRtcMediaControl({ inner: server, iceAddress: SERVER, logger: silentLogger() });
  phone = await openRtpTestPeer(PHONE);
  browser = browserPeer();
  fromPhone = [];
});

afterEach(async () => {
  await control.stop();
  await server.stop();
  await browser.close();
  phone.close();
});

describe('WebRtcMediaControl', () => {
  it('offer() from a browser, answer() from a phone → G.711 both ways over DTLS-SRTP', async () => {
    browser.addTransceiver('audio', { direction: 'sendrecv' });
    await browser.setLocalDescription(await browser.createOffer());
    const toPhone = await control.offer('c1', 'a', await gathered(browser), { peerLegId: 'b' });
    if (!toPhone.ok) throw new Error(toPhone.error.detail);
    expect(toPhone.value).toMatch(/m=audio \d+ RTP\/AVP 0 /);
    expect(toPhone.value).not.toMatch(/fingerprint|candidate/);
    phone.target = sdpTarget(toPhone.value);

    const answer = await control.answer(
      'c1',
      'b',
      phoneSdp(phone, ['0 PCMU/8000', '101 telephone-event/8000']),
      { peerLegId: 'a' },
    );
    if (!answer.ok) throw new Error(answer.error.detail);
    expect(answer.value).toMatch(/m=audio \d+ UDP\/TLS\/RTP\/SAVPF 0 126/);
    expect(answer.value).toMatch(/a=ice-lite/);
    expect(answer.value).toMatch(new RegExp(`a=candidate:\\S+ 1 udp \\d+ ${SERVER} `));
    await browser.setRemoteDescription({ type: 'answer', sdp: answer.value });
    await until(() => browser.connectionState === 'connected');

    await browserSends(browser, 20);
    await phone.waitFor(10, 8000);
    expect(phone.received[0]![1]! & 0x7f).toBe(0);

    for (let i = 0; i < 20; i++) {
      await phone.send(rtpPacket(i, Buffer.alloc(160, 0x55), { ts: i * 160 }));
      await new Promise((r) => setTimeout(r, 5));
    }
    await until(() => fromPhone.length >= 10, 8000);
    expect(fromPhone[0]!.header.payloadType).toBe(0);
  });

  it("RFC 4733 events both ways → relayed with each side's telephone-event payload type", async () => {
    const digits: MediaDtmfNotification[] = [];
    control.on('dtmf', (d) => digits.push(d));
    browser.addTransceiver('audio', { direction: 'sendrecv' });
    await browser.setLocalDescription(await browser.createOffer());
    const toPhone = await control.offer('c6', 'a', await gathered(browser), { peerLegId: 'b' });
    if (!toPhone.ok) throw new Error(toPhone.error.detail);
    phone.target = sdpTarget(toPhone.value);
    const phoneAnswer = phoneSdp(phone, ['0 PCMU/8000', '101 telephone-event/8000']);
    const answer = await control.answer('c6', 'b', phoneAnswer, { peerLegId: 'a' });
    if (!answer.ok) throw new Error(answer.error.detail);
    await browser.setRemoteDescription({ type: 'answer', sdp: answer.value });
    await until(() => browser.connectionState === 'connected');
    await browserSends(browser, 5);

    // The browser presses 5: three packets, the last with the E bit (RFC 4733 §2.5).
    const sender = browser.getTransceivers()[0]!.sender;
    const te = new RTCRtpCodecParameters({
      mimeType: 'audio/telephone-event',
      clockRate: 8000,
      payloadType: 126,
    });
    const codec = sender.codec;
    for (let i = 0; i < 3; i++) {
      const ev = { event: 5, isEnd: i === 2, volume: 10, duration: (i + 1) * 400 };
      const header = new RtpHeader({ payloadType: 126, sequenceNumber: 10 + i, timestamp: 8000 });
      sender.codec = te;
      void sender.sendRtp(new RtpPacket(header, Buffer.from(serializeTelephoneEvent(ev))));
      sender.codec = codec;
      await new Promise((r) => setTimeout(r, 20));
    }
    await until(() => phone.received.some((p) => (p[1]! & 0x7f) === 101), 8000);
    await until(() => digits.length > 0, 8000);
    expect(digits[0]).toMatchObject({ digit: '5', source: 'rfc4733' });

    // The phone presses 7: the browser gets it as its own payload type 126.
    for (let i = 0; i < 3; i++) {
      const ev = { event: 7, isEnd: i === 2, volume: 10, duration: (i + 1) * 400 };
      const payload = serializeTelephoneEvent(ev);
      await phone.send(rtpPacket(100 + i, payload, { pt: 101, ts: 16000, marker: i === 0 }));
      await new Promise((r) => setTimeout(r, 20));
    }
    await until(() => fromPhone.some((p) => p.header.payloadType === 126), 8000);
    const event = fromPhone.find((p) => p.header.payloadType === 126)!;
    expect(event.payload[0]).toBe(7);
  });

  it('offer() with isWebRtc from a phone → a WebRTC offer; the browser answer → plain answer', async () => {
    const toBrowser = await control.offer(
      'c2',
      'a',
      phoneSdp(phone, ['8 PCMA/8000', '0 PCMU/8000', '101 telephone-event/8000']),
      { peerLegId: 'b', isWebRtc: true },
    );
    if (!toBrowser.ok) throw new Error(toBrowser.error.detail);
    expect(toBrowser.value).toMatch(/UDP\/TLS\/RTP\/SAVPF/);
    expect(toBrowser.value).toMatch(/a=fingerprint:sha-256 /);
    await browser.setRemoteDescription({ type: 'offer', sdp: toBrowser.value });
    // A browser with a microphone answers sendrecv (RFC 8829 §5.3.1).
    browser.getTransceivers()[0]!.setDirection('sendrecv');
    await browser.setLocalDescription(await browser.createAnswer());
    const toPhone = await control.answer('c2', 'b', await gathered(browser), { peerLegId: 'a' });
    if (!toPhone.ok) throw new Error(toPhone.error.detail);
    expect(toPhone.value).toMatch(/m=audio \d+ RTP\/AVP 0/);
    phone.target = sdpTarget(toPhone.value);
    await until(() => browser.connectionState === 'connected');

    await browserSends(browser, 20);
    await phone.waitFor(10, 8000);
    for (let i = 0; i < 20; i++) {
      await phone.send(rtpPacket(i, Buffer.alloc(160, 0x55), { ts: i * 160 }));
      await new Promise((r) => setTimeout(r, 5));
    }
    await until(() => fromPhone.length >= 10, 8000);
  });

  it('answer() twice (a 183 then the 200) → the same WebRTC answer, one peer connection', async () => {
    browser.addTransceiver('audio', { direction: 'sendrecv' });
    await browser.setLocalDescription(await browser.createOffer());
    const toPhone = await control.offer('c8', 'a', await gathered(browser), { peerLegId: 'b' });
    if (!toPhone.ok) throw new Error(toPhone.error.detail);
    const phoneAnswer = phoneSdp(phone, ['0 PCMU/8000']);
    const early = await control.answer('c8', 'b', phoneAnswer, { peerLegId: 'a' });
    const final = await control.answer('c8', 'b', phoneAnswer, { peerLegId: 'a' });
    if (!early.ok || !final.ok) throw new Error('answer failed');
    expect(final.value).toBe(early.value);
  });

  it('answerLocal() of a browser offer → a WebRTC answer, and a played tone reaches the browser', async () => {
    browser.addTransceiver('audio', { direction: 'sendrecv' });
    await browser.setLocalDescription(await browser.createOffer());
    const answer = await control.answerLocal('c9', 'a', await gathered(browser));
    if (!answer.ok) throw new Error(answer.error.detail);
    expect(answer.value).toMatch(/m=audio \d+ UDP\/TLS\/RTP\/SAVPF 0/);
    await browser.setRemoteDescription({ type: 'answer', sdp: answer.value });
    await until(() => browser.connectionState === 'connected');
    const play = await control.play(
      { callId: 'c9', legId: 'a' },
      { tone: { frequenciesHz: [440], onMs: 400, offMs: 0 } },
    );
    if (!play.ok) throw new Error(play.error.detail);
    await until(() => fromPhone.length >= 10, 8000);
    expect(fromPhone[0]!.header.payloadType).toBe(0);
    await play.value.stop();
  });

  it('offerLocal() with isWebRtc, then acceptAnswer() of the browser → the leg is set up', async () => {
    const offer = await control.offerLocal('c10', 'a', { isWebRtc: true });
    if (!offer.ok) throw new Error(offer.error.detail);
    expect(offer.value).toMatch(/UDP\/TLS\/RTP\/SAVPF 0 8/);
    await browser.setRemoteDescription({ type: 'offer', sdp: offer.value });
    browser.getTransceivers()[0]!.setDirection('sendrecv');
    await browser.setLocalDescription(await browser.createAnswer());
    const accepted = await control.acceptAnswer('c10', 'a', await gathered(browser));
    expect(accepted.ok).toBe(true);
    await until(() => browser.connectionState === 'connected');
    await browserSends(browser, 10);
    await until(() => control.browserLeg('c10', 'a')!.packetsFromBrowser >= 10, 8000);
  });

  it('answer() with a plain SDP after a WebRTC offer (another fork won) → browser side dropped', async () => {
    const toBrowser = await control.offer('c3', 'a', phoneSdp(phone, ['0 PCMU/8000']), {
      peerLegId: 'b',
      isWebRtc: true,
    });
    expect(toBrowser.ok).toBe(true);
    expect(control.browserLeg('c3', 'b')).toBeDefined();
    const other = await openRtpTestPeer('127.0.0.126');
    const r = await control.answer('c3', 'b', phoneSdp(other, ['0 PCMU/8000']), {
      peerLegId: 'a',
    });
    other.close();
    expect(r.ok).toBe(true);
    expect(control.browserLeg('c3', 'b')).toBeUndefined();
  });

  it('offer() with an unparseable WebRTC-looking SDP → ERR_SDP_PARSE, no throw', async () => {
    const r = await control.offer('c4', 'a', 'garbage', { peerLegId: 'b' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('ERR_SDP_PARSE');
  });

  it('offer() from a browser with no codec we carry → ERR_SDP_NO_COMMON_CODEC, no throw', async () => {
    browser.addTransceiver('audio', { direction: 'sendrecv' });
    await browser.setLocalDescription(await browser.createOffer());
    const onlyG729 = (await gathered(browser))
      .replace(/m=audio (\d+) (\S+) [\d ]+/, 'm=audio $1 $2 96')
      .replace(/a=rtpmap:\d+ [^\r]+\r\n/g, '')
      .replace('a=mid:', 'a=rtpmap:96 G729/8000\r\na=mid:');
    const r = await control.offer('c11', 'a', onlyG729, { peerLegId: 'b' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('ERR_SDP_NO_COMMON_CODEC');
  });

  it('delete() of the call → the browser legs are closed', async () => {
    await control.offer('c5', 'a', phoneSdp(phone, ['0 PCMU/8000']), {
      peerLegId: 'b',
      isWebRtc: true,
    });
    expect(control.browserLeg('c5', 'b')).toBeDefined();
    expect((await control.delete('c5')).ok).toBe(true);
    expect(control.browserLeg('c5', 'b')).toBeUndefined();
  });
});
