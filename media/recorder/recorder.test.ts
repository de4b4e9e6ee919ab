import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../core/index.ts';
import { goertzelAmplitude, sine } from '../../test/helpers/audio/tone.ts';
import { soxStat } from '../../test/helpers/audio/sox.ts';
import { parseWav, parseWavHeader } from '../player/index.ts';
import { Recorder } from './index.ts';
import type { RecorderOptions } from './index.ts';

const dir = mkdtempSync(join(tmpdir(), 'sy-rec-'));
let fileNo = 0;

async function openRecorder(
  options: Partial<RecorderOptions> = {},
): Promise<{ recorder: Recorder; clock: FakeClock; path: string }> {
  const clock = new FakeClock();
  const path = join(dir, `rec-${++fileNo}.wav`);
  const recorder = await Recorder.open({
    path,
    sampleRateHz: 8000,
    mode: 'mixed',
    clock,
    ...options,
  });
  return { recorder, clock, path };
}

/** Writes `frames` 20 ms frames of each leg's tone, advancing the fake clock. */
function feed(
  recorder: Recorder,
  clock: FakeClock,
  tonesHz: number[],
  frames: number,
  from = 0,
): void {
  for (let f = 0; f < frames; f++) {
    recorder.write(tonesHz.map((hz) => sine(hz, 8000, 160, 6000, (from + f) * 160)));
    clock.tick(20);
  }
}

function readWav(path: string): { channels: number; samples: Int16Array } {
  const parsed = parseWav(readFileSync(path));
  if (!parsed.ok) throw new Error(`${parsed.error.code}: ${parsed.error.detail}`);
  return parsed.value;
}

describe('Recorder', () => {
  it('write() when mode is mixed → one mono channel with every leg summed', async () => {
    const { recorder, clock, path } = await openRecorder();
    feed(recorder, clock, [500, 1000], 25);
    await recorder.close();
    const wav = readWav(path);
    expect(wav.channels).toBe(1);
    expect(wav.samples.length).toBe(25 * 160);
    expect(goertzelAmplitude(wav.samples, 500, 8000)).toBeCloseTo(6000, -2);
    expect(goertzelAmplitude(wav.samples, 1000, 8000)).toBeCloseTo(6000, -2);
  });

  it('write() when mode is split → leg 0 on the left channel, leg 1 on the right', async () => {
    const { recorder, clock, path } = await openRecorder({ mode: 'split' });
    feed(recorder, clock, [500, 1000], 25);
    await recorder.close();
    const wav = readWav(path);
    expect(wav.channels).toBe(2);
    const left = wav.samples.filter((_, i) => i % 2 === 0);
    const right = wav.samples.filter((_, i) => i % 2 === 1);
    expect(goertzelAmplitude(left, 500, 8000)).toBeGreaterThan(5000);
    expect(goertzelAmplitude(left, 1000, 8000)).toBeLessThan(1);
    expect(goertzelAmplitude(right, 1000, 8000)).toBeGreaterThan(5000);
    expect(goertzelAmplitude(right, 500, 8000)).toBeLessThan(1);
    expect(soxStat(path).lengthSeconds).toBeCloseTo(0.5, 3);
  });

  it('the header when a second passes → rewritten with the data on disk so far', async () => {
    const { recorder, clock, path } = await openRecorder();
    feed(recorder, clock, [1000], 60);
    await recorder.whenWritten();
    const header = parseWavHeader(readFileSync(path));
    expect(header.ok && header.value.dataBytes).toBe(50 * 320);
    expect(statSync(path).size).toBe(44 + 50 * 320);
    expect(readWav(path).samples.length).toBe(50 * 160);
    await recorder.close();
    expect(readWav(path).samples.length).toBe(60 * 160);
  });

  it('the header when headerIntervalMs is 2 s → lags the samples until due, close() brings it level', async () => {
    const { recorder, clock, path } = await openRecorder({
      flushIntervalMs: 100,
      headerIntervalMs: 2000,
    });
    feed(recorder, clock, [1000], 60);
    await recorder.whenWritten();
    expect(recorder.dataBytesOnDisk).toBe(60 * 320);
    expect(recorder.dataBytesInHeader).toBe(0);
    feed(recorder, clock, [1000], 45, 60);
    await recorder.whenWritten();
    expect(recorder.dataBytesInHeader).toBe(100 * 320);
    await recorder.close();
    expect(recorder.dataBytesInHeader).toBe(105 * 320);
    expect(readWav(path).samples.length).toBe(105 * 160);
  });

  it('pause() when pauseMode is skip → the paused frames are left out', async () => {
    const { recorder, clock, path } = await openRecorder();
    feed(recorder, clock, [1000], 10);
    recorder.pause();
    expect(recorder.isPaused).toBe(true);
    feed(recorder, clock, [1000], 20, 10);
    recorder.resume();
    feed(recorder, clock, [1000], 10, 30);
    await recorder.close();
    expect(readWav(path).samples.length).toBe(20 * 160);
  });

  it('pause() when pauseMode is silence → the paused time is silence of the same length', async () => {
    const { recorder, clock, path } = await openRecorder({ pauseMode: 'silence' });
    feed(recorder, clock, [1000], 10);
    recorder.pause();
    feed(recorder, clock, [1000], 20, 10);
    recorder.resume();
    feed(recorder, clock, [1000], 10, 30);
    await recorder.close();
    const samples = readWav(path).samples;
    expect(samples.length).toBe(40 * 160);
    expect(samples.subarray(10 * 160, 30 * 160).every((s) => s === 0)).toBe(true);
    expect(goertzelAmplitude(samples.subarray(30 * 160), 1000, 8000)).toBeGreaterThan(5000);
  });

  it('open() when encoding is pcmu → a µ-law WAV (format 7) that sox reads', async () => {
    const { recorder, clock, path } = await openRecorder({ encoding: 'pcmu' });
    feed(recorder, clock, [1000], 50);
    await recorder.close();
    expect(statSync(path).size).toBe(58 + 8000);
    const parsed = parseWav(readFileSync(path));
    expect(parsed.ok && parsed.value.encoding).toBe('pcmu');
    expect(soxStat(path).lengthSeconds).toBeCloseTo(1, 3);
  });

  it('write() when more than the buffer arrives between timer flushes → nothing is lost', async () => {
    const { recorder, path } = await openRecorder({ flushIntervalMs: 100 });
    for (let f = 0; f < 40; f++) recorder.write([sine(1000, 8000, 160, 6000, f * 160)]);
    await recorder.close();
    expect(readWav(path).samples.length).toBe(40 * 160);
  });

  it('close() when called twice → same promise; write() after it → InvalidStateError', async () => {
    const { recorder, clock } = await openRecorder();
    const first = recorder.close();
    expect(recorder.close()).toBe(first);
    await first;
    expect(clock.pendingCount).toBe(0);
    expect(() => recorder.write([])).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_STATE' }),
    );
  });

  it('open() when the device is full → rejects with ENOSPC', async () => {
    await expect(
      Recorder.open({
        path: '/dev/full',
        sampleRateHz: 8000,
        mode: 'mixed',
        clock: new FakeClock(),
      }),
    ).rejects.toMatchObject({ code: 'ENOSPC' });
  });
});
