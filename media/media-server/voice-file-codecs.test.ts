import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { convertForPlayback } from '../../core/audio/index.ts';
import { goertzelAmplitude } from '../../test/helpers/audio/tone.ts';
import { createDefaultCodecRegistry } from '../codecs/index.ts';
import { MediaServer } from './media-server.ts';
import { openRtpTestPeer, phoneSdp } from './rtp-test-peer.ts';
import type { RtpTestPeer } from './rtp-test-peer.ts';

/*
 * VF-1: the media server plays MP3, WAV and GSM voice files on any
 * negotiated codec. Sources made by sox and lame (a 1 s 1 kHz sine) are
 * decoded and resampled once, as an upload is (convertForPlayback, the
 * cached 8 kHz copy); the player resamples that copy to the leg's rate and
 * encodes it in the leg's codec. The phone decodes what it gets and finds
 * the tone.
 */

const SOURCES = ['mp3', 'wav', 'gsm'] as const;
const CODECS = [
  { rtpmap: '0 PCMU/8000', name: 'PCMU' },
  { rtpmap: '8 PCMA/8000', name: 'PCMA' },
  { rtpmap: '9 G722/8000', name: 'G722' },
  { rtpmap: '111 opus/48000/2', name: 'opus' },
] as const;

let work: string;
let soundsDir: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'sy-vf1-'));
  soundsDir = join(work, 'sounds');
  mkdirSync(join(soundsDir, 'vf'), { recursive: true });
  const at = (name: string) => join(work, name);
  const sine = ['synth', '1', 'sine', '1000', 'vol', '0.5'];
  execFileSync('sox', ['-n', '-r', '44100', '-c', '2', at('s44.wav'), ...sine]);
  execFileSync('sox', ['-n', '-r', '16000', '-c', '1', '-b', '16', at('src-wav.wav'), ...sine]);
  execFileSync('sox', ['-n', '-r', '8000', '-c', '1', at('m8.wav'), ...sine]);
  execFileSync('lame', ['--quiet', at('s44.wav'), at('src-mp3.mp3')]);
  execFileSync('sox', [at('m8.wav'), at('src-gsm.gsm')]);
  for (const [kind, file] of [
    ['mp3', 'src-mp3.mp3'],
    ['wav', 'src-wav.wav'],
    ['gsm', 'src-gsm.gsm'],
  ] as const) {
    const copies = await convertForPlayback(readFileSync(at(file)));
    if (!copies.ok) throw new Error(`${kind}: ${copies.error.detail}`);
    expect(copies.value.source.encoding).toBe(kind === 'wav' ? 'pcm16' : kind);
    writeFileSync(join(soundsDir, 'vf', `${kind}.wav`), copies.value.narrowband);
  }
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('VF-1 voice files on every negotiated codec', () => {
  let server: MediaServer;
  let phone: RtpTestPeer;

  beforeEach(async () => {
    server = new MediaServer({
      bindAddress: '127.0.22.41',
      minPort: 47900,
      maxPort: 47919,
      quarantineMs: 0,
      statsIntervalMs: 0,
      soundsDir,
    });
    await server.start();
    phone = await openRtpTestPeer('127.0.22.42');
  });

  afterEach(async () => {
    await server.stop();
    phone.close();
  });

  for (const source of SOURCES) {
    for (const codec of CODECS) {
      it(`VF-1 a ${source} voice file on a ${codec.name} leg → the phone decodes the 1 kHz tone`, async () => {
        const answer = await server.answerLocal('c1', 'a', phoneSdp(phone, [codec.rtpmap]));
        if (!answer.ok) throw new Error(answer.error.detail);
        expect(server.leg({ callId: 'c1', legId: 'a' })?.codec?.name).toBe(codec.name);
        const op = await server.play({ callId: 'c1', legId: 'a' }, { file: `vf/${source}` });
        if (!op.ok) throw new Error(op.error.detail);
        expect((await op.value.finished).reason).toBe('completed');
        const payloadType = Number(codec.rtpmap.split(' ')[0]);
        const decoder = createDefaultCodecRegistry().create(codec.name, { payloadType })!;
        const pcm: number[] = [];
        for (const packet of phone.received) {
          expect(packet[1]! & 0x7f).toBe(payloadType);
          const frame = decoder.decode(packet.subarray(12));
          if (!frame.ok) throw new Error(frame.error.detail);
          // Opus decodes to interleaved stereo: the left channel is enough.
          for (let i = 0; i < frame.value.length; i += decoder.channels) pcm.push(frame.value[i]!);
        }
        const rate = decoder.sampleRateHz;
        expect(pcm.length).toBeGreaterThan(rate * 0.8);
        // The middle of the second: no codec start-up, no fade at the end.
        const middle = Int16Array.from(pcm.slice(rate * 0.2, rate * 0.7));
        const tone = goertzelAmplitude(middle, 1000, rate);
        expect(tone).toBeGreaterThan(2000);
        expect(goertzelAmplitude(middle, 1700, rate)).toBeLessThan(tone / 20);
      });
    }
  }
});
