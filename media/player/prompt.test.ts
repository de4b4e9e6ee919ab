import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { soxSine } from '../../test/helpers/audio/sox.ts';
import { goertzelAmplitude } from '../../test/helpers/audio/tone.ts';
import { loadPrompts, promptFromWav } from './index.ts';

describe('loadPrompts()', () => {
  it('loadPrompts() when sounds/ holds 8 and 16 kHz files and a bad one → all at the session rate, the bad one listed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-sounds-'));
    mkdirSync(join(dir, 'en'));
    soxSine(join(dir, 'en', 'beep8k.wav'), 1000, 8000, 0.5);
    soxSine(join(dir, 'en', 'beep16k.wav'), 1000, 16000, 0.5);
    writeFileSync(join(dir, 'broken.wav'), 'RIFF....WAVEjunk');
    writeFileSync(join(dir, 'readme.txt'), 'not audio');

    const library = await loadPrompts(dir, 16000);
    expect([...library.prompts.keys()].sort()).toEqual(['en/beep16k', 'en/beep8k']);
    for (const prompt of library.prompts.values()) {
      expect(prompt.sampleRateHz).toBe(16000);
      expect(prompt.samples.length).toBe(8000);
      const middle = prompt.samples.subarray(1000, 7000);
      expect(goertzelAmplitude(middle, 1000, 16000)).toBeGreaterThan(20000);
    }
    expect(library.failures).toHaveLength(1);
    expect(library.failures[0]!.file).toMatch(/broken\.wav$/);
    expect(library.failures[0]!.error.code).toMatch(/^ERR_WAV_/);
  });

  it('promptFromWav() when stereo → the channels averaged to mono', () => {
    const samples = Int16Array.from([100, 300, -100, -300]);
    const prompt = promptFromWav(
      's',
      { encoding: 'pcm16', sampleRateHz: 8000, channels: 2, samples },
      8000,
    );
    expect(Array.from(prompt.samples)).toEqual([200, -200]);
  });
});
