import { describe, expect, it } from 'vitest';
import { createDefaultCodecRegistry } from '../codecs/index.ts';
import type { MediaEndpoint, MediaScheduler } from '../endpoint/index.ts';
import type { SdpCodec } from '../sdp/index.ts';
import { MediaLeg } from './media-leg.ts';
import type { MediaLegHooks } from './media-leg.ts';
import { offloadBlocker } from './offload-decision.ts';

const registry = createDefaultCodecRegistry();
const PCMU: SdpCodec = { payloadType: 0, encodingName: 'PCMU', clockRateHz: 8000, channels: 1 };
const PCMA: SdpCodec = { payloadType: 8, encodingName: 'PCMA', clockRateHz: 8000, channels: 1 };

/** A leg on an endpoint stand-in: offloadBlocker() reads only its ports and state. */
function leg(id: string, endpoint: Partial<MediaEndpoint> = {}): MediaLeg {
  const ep = { closed: false, isRtcpMux: false, rtpPort: 30000, rtcpPort: 30001, ...endpoint };
  const scheduler = { add: () => undefined, remove: () => undefined } as unknown as MediaScheduler;
  const hooks: MediaLegHooks = { dtmf: () => undefined, nowMs: () => 0 };
  return new MediaLeg({ callId: 'c', legId: id }, ep as MediaEndpoint, scheduler, hooks);
}

function negotiate(l: MediaLeg, sdpCodec: SdpCodec, te = 101, isSendingTo = true): void {
  const codec = registry.create(sdpCodec.encodingName, {
    payloadType: sdpCodec.payloadType,
    clockRateHz: sdpCodec.clockRateHz,
  });
  l.negotiate({ sdpCodec, codec, telephoneEventPt: te, isSendingTo });
}

/** Two paired legs that agreed on PCMU and telephone-event 101. */
function pair(): [MediaLeg, MediaLeg] {
  const a = leg('a');
  const b = leg('b');
  a.peer = b;
  b.peer = a;
  negotiate(a, PCMU);
  negotiate(b, PCMU);
  a.rewire();
  b.rewire();
  return [a, b];
}

describe('offloadBlocker()', () => {
  it('offloadBlocker() when both legs relay PCMU with the same events → undefined (may go native)', () => {
    const [a, b] = pair();
    expect(offloadBlocker(a, b)).toBeUndefined();
  });

  it('offloadBlocker() when the legs are not each other’s peer → not-paired', () => {
    const [a, b] = pair();
    b.peer = undefined;
    expect(offloadBlocker(a, b)).toBe('not-paired');
    expect(offloadBlocker(a, a)).toBe('not-paired');
  });

  it('offloadBlocker() before the answer → not-negotiated', () => {
    const a = leg('a');
    const b = leg('b');
    a.peer = b;
    b.peer = a;
    expect(offloadBlocker(a, b)).toBe('not-negotiated');
  });

  it('offloadBlocker() when the codecs differ (transcoding) → codec-differs', () => {
    const [a, b] = pair();
    negotiate(b, PCMA);
    a.rewire();
    b.rewire();
    expect(offloadBlocker(a, b)).toBe('codec-differs');
  });

  it('offloadBlocker() when only the payload type number differs (rewrite) → codec-differs', () => {
    const [a, b] = pair();
    negotiate(b, { ...PCMU, payloadType: 96 });
    a.rewire();
    b.rewire();
    expect(offloadBlocker(a, b)).toBe('codec-differs');
  });

  it('offloadBlocker() when the telephone-event payload types differ → events-differ', () => {
    const [a, b] = pair();
    negotiate(b, PCMU, 96);
    expect(offloadBlocker(a, b)).toBe('events-differ');
  });

  it('offloadBlocker() when a leg plays or is fed music → originating', () => {
    const [a, b] = pair();
    b.externalSource = 'moh';
    expect(offloadBlocker(a, b)).toBe('originating');
    b.externalSource = undefined;
    a.sendEvents('1', 100, 60);
    expect(offloadBlocker(a, b)).toBe('originating');
  });

  it('offloadBlocker() when a far end is on hold (not receiving) → not-sending', () => {
    const [a, b] = pair();
    negotiate(b, PCMU, 101, false);
    expect(offloadBlocker(a, b)).toBe('not-sending');
  });

  it('offloadBlocker() when PCM is listened to (recording, room, in-band DTMF) → pcm-listeners', () => {
    const [a, b] = pair();
    a.inbound.add(() => undefined);
    expect(offloadBlocker(a, b)).toBe('pcm-listeners');
    a.inbound.clear();
    b.dtmfMode = 'inband';
    expect(offloadBlocker(a, b)).toBe('pcm-listeners');
    b.dtmfMode = undefined;
    b.isInbandDetected = true;
    expect(offloadBlocker(a, b)).toBe('pcm-listeners');
  });

  it('offloadBlocker() when a leg is pinned, closed or has RTCP off rtpPort + 1 → that reason', () => {
    const [a, b] = pair();
    expect(offloadBlocker(a, b, (l) => l === b)).toBe('pinned');
    const c = leg('c', { rtcpPort: 30005 });
    const d = leg('d', { closed: true });
    for (const [x, reason] of [
      [c, 'rtcp-port'],
      [d, 'closed'],
    ] as const) {
      x.peer = a;
      a.peer = x;
      negotiate(x, PCMU);
      a.rewire();
      x.rewire();
      expect(offloadBlocker(a, x)).toBe(reason);
    }
  });
});
