import { execFileSync, spawnSync } from 'node:child_process';

/** What `sox FILE -n stat` reports, the fields the tests use. */
export interface SoxStat {
  readonly lengthSeconds: number;
  readonly rmsAmplitude: number;
  readonly maximumAmplitude: number;
  readonly roughFrequencyHz: number;
}

/** Generates a sine WAV with sox: `sox -n -r RATE -c 1 -b 16 FILE synth S sine F`. */
export function soxSine(path: string, frequencyHz: number, rateHz = 8000, seconds = 1): void {
  execFileSync('sox', [
    '-n',
    '-r',
    String(rateHz),
    '-c',
    '1',
    '-b',
    '16',
    path,
    'synth',
    String(seconds),
    'sine',
    String(frequencyHz),
  ]);
}

/** Converts a file with sox, e.g. to µ-law: soxConvert(a, b, ['-e', 'u-law', '-b', '8']). */
export function soxConvert(from: string, to: string, outputOptions: string[]): void {
  execFileSync('sox', [from, ...outputOptions, to]);
}

/** Runs `sox FILE -n stat` (which reports on stderr) and parses it. */
export function soxStat(path: string): SoxStat {
  const run = spawnSync('sox', [path, '-n', 'stat'], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`sox stat failed on ${path}: ${run.stderr}`);
  const text = run.stderr;
  const field = (label: string): number => {
    const m = new RegExp(`^${label}:\\s+(-?[0-9.e+-]+)`, 'm').exec(text);
    if (m === null) throw new Error(`sox stat has no "${label}": ${text}`);
    return Number(m[1]);
  };
  return {
    lengthSeconds: field('Length \\(seconds\\)'),
    rmsAmplitude: field('RMS\\s+amplitude'),
    maximumAmplitude: field('Maximum amplitude'),
    roughFrequencyHz: field('Rough\\s+frequency'),
  };
}
