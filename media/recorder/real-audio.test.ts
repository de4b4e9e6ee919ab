/*
 * End to end on real files: sox makes a 1 kHz tone, the Player plays it in
 * 20 ms frames, each frame goes through G.711 µ-law encode and decode as on
 * the wire, the Recorder writes the result, and sox measures it.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../core/index.ts';
import { soxSine, soxStat } from '../../test/helpers/audio/sox.ts';
import { soxRoughToTrueHz } from '../../test/helpers/audio/tone.ts';
import { decodeUlawInto, encodeUlawInto } from '../codecs/index.ts';
import { Player, parsePrompt } from '../player/index.ts';
import { Recorder } from './index.ts';

describe('Player → G.711 → Recorder on real audio', () => {
  it('a 1 kHz sox tone when played, µ-law coded and recorded → sox measures 1 kHz within 2 %', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-e2e-'));
    const tone = join(dir, 'tone.wav');
    const rec = join(dir, 'rec.wav');
    soxSine(tone, 1000, 8000, 1);
    const prompt = parsePrompt('tone', readFileSync(tone), 8000);
    if (!prompt.ok) throw new Error(prompt.error.detail);

    const clock = new FakeClock();
    const player = new Player({ sampleRateHz: 8000 });
    const recorder = await Recorder.open({ path: rec, sampleRateHz: 8000, mode: 'mixed', clock });
    let isDone = false;
    player.on('done', () => (isDone = true));
    player.play(prompt.value);
    const pcm = new Int16Array(160);
    const wire = new Uint8Array(160);
    const received = new Int16Array(160);
    while (!isDone) {
      player.readFrame(pcm);
      encodeUlawInto(pcm, wire);
      decodeUlawInto(wire, received);
      recorder.write([received]);
      clock.tick(20);
    }
    await recorder.close();

    const source = soxStat(tone);
    const recorded = soxStat(rec);
    expect(recorded.lengthSeconds).toBeCloseTo(1, 3);
    // sox's rough frequency reads 974 Hz for a pure 1 kHz tone at 8 kHz:
    // compare it with the source's, and its bias-corrected value with 1 kHz.
    expect(Math.abs(recorded.roughFrequencyHz / source.roughFrequencyHz - 1)).toBeLessThan(0.02);
    const trueHz = soxRoughToTrueHz(recorded.roughFrequencyHz, 8000);
    expect(Math.abs(trueHz / 1000 - 1)).toBeLessThan(0.02);
    expect(recorded.rmsAmplitude).toBeCloseTo(source.rmsAmplitude, 2);
  });
});
