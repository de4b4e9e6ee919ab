import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { soxStat } from '../../test/helpers/audio/sox.ts';
import { soxRoughToTrueHz, sine } from '../../test/helpers/audio/tone.ts';
import { parseWav, parseWavHeader, serializeWav } from '../player/index.ts';
import { repairRecordings, repairWav } from './index.ts';

const dir = mkdtempSync(join(tmpdir(), 'sy-repair-'));
const CHILD = fileURLToPath(new URL('../../test/helpers/audio/record-child.ts', import.meta.url));

function wavFile(name: string, samples: number, encoding: 'pcm16' | 'pcmu' = 'pcm16'): string {
  const path = join(dir, name);
  const audio = { encoding, sampleRateHz: 8000, channels: 1, samples: sine(1000, 8000, samples) };
  writeFileSync(path, serializeWav(audio));
  return path;
}

describe('repairWav()', () => {
  it('repairWav() when data was appended after the last header update → sizes from the file length', async () => {
    const path = wavFile('lagging.wav', 800);
    appendFileSync(path, Buffer.alloc(321, 1));
    const stale = parseWav(readFileSync(path));
    expect(stale.ok && stale.value.samples.length).toBe(800);
    const result = await repairWav(path);
    expect(result).toEqual({
      ok: true,
      value: { isRepaired: true, dataBytes: 1600 + 320, truncatedBytes: 1 },
    });
    const parsed = parseWav(readFileSync(path));
    expect(parsed.ok && parsed.value.samples.length).toBe(960);
    expect(statSync(path).size).toBe(44 + 1920);
  });

  it('repairWav() when the header claims more data than the file holds → shrinks it', async () => {
    const path = wavFile('short.wav', 800);
    const buf = readFileSync(path);
    writeFileSync(path, buf.subarray(0, 44 + 1000));
    const result = await repairWav(path);
    expect(result.ok && result.value.dataBytes).toBe(1000);
    expect(parseWav(readFileSync(path)).ok).toBe(true);
  });

  it('repairWav() when a G.711 file with a fact chunk is cut → fact count updated too', async () => {
    const path = wavFile('ulaw.wav', 800, 'pcmu');
    appendFileSync(path, Buffer.alloc(200, 0xff));
    await repairWav(path);
    const buf = readFileSync(path);
    expect(buf.readUInt32LE(46)).toBe(1000);
    expect(soxStat(path).lengthSeconds).toBeCloseTo(0.125, 4);
  });

  it('repairWav() when the file is intact → left untouched', async () => {
    const path = wavFile('fine.wav', 800);
    const before = readFileSync(path);
    const result = await repairWav(path);
    expect(result.ok && result.value.isRepaired).toBe(false);
    expect(readFileSync(path)).toEqual(before);
  });

  it('repairWav() when the file has no WAV header → a parse error, file untouched', async () => {
    const path = join(dir, 'junk.wav');
    writeFileSync(path, 'not a wav at all');
    const result = await repairWav(path);
    expect(!result.ok && result.error.code).toBe('ERR_WAV_NOT_RIFF');
    expect(readFileSync(path, 'utf8')).toBe('not a wav at all');
  });

  it('repairRecordings() when a directory holds cut, intact and junk files → repairs only the cut ones', async () => {
    const sub = mkdtempSync(join(dir, 'recordings-'));
    const cut = join(sub, 'cut.wav');
    writeFileSync(cut, readFileSync(wavFile('tmp-cut.wav', 160)));
    appendFileSync(cut, Buffer.alloc(320));
    writeFileSync(join(sub, 'ok.wav'), readFileSync(wavFile('tmp-ok.wav', 160)));
    writeFileSync(join(sub, 'junk.wav'), 'xx');
    const report = await repairRecordings(sub);
    expect(report.repaired).toEqual([cut]);
    expect(report.failed.map((f) => f.error.code)).toEqual(['ERR_WAV_TOO_SHORT']);
  });
});

describe('Recorder crash safety', () => {
  it('a recording process killed with SIGKILL → repairWav() recovers a playable 1 kHz file', async () => {
    const path = join(dir, 'killed.wav');
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, path], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    let errOut = '';
    child.stderr.on('data', (d: Buffer) => (errOut += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    // Kill right after a flush that put samples past the header's size:
    // the header was last rewritten at 2 s, the next rewrite is at 4 s.
    const started = Date.now();
    let onDisk = 0;
    let inHeader = 0;
    while (!(inHeader > 0 && onDisk > inHeader)) {
      if (Date.now() - started > 15_000) throw new Error(`child did not record: ${out}${errOut}`);
      await new Promise((r) => setTimeout(r, 10));
      const last = [...out.matchAll(/flushed (\d+) (\d+)/g)].at(-1);
      onDisk = Number(last?.[1] ?? 0);
      inHeader = Number(last?.[2] ?? 0);
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const before = parseWavHeader(readFileSync(path));
    expect(before.ok && before.value.dataBytes).toBe(inHeader);
    expect(statSync(path).size).toBeGreaterThanOrEqual(44 + onDisk);
    const result = await repairWav(path);
    expect(result.ok && result.value.isRepaired).toBe(true);
    expect(result.ok && result.value.dataBytes).toBeGreaterThanOrEqual(onDisk);
    const parsed = parseWav(readFileSync(path));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok || !result.ok) return;
    expect(parsed.value.samples.length).toBe(result.value.dataBytes / 2);
    const stat = soxStat(path);
    expect(stat.lengthSeconds).toBeGreaterThan(0.5);
    expect(soxRoughToTrueHz(stat.roughFrequencyHz, 8000)).toBeGreaterThan(980);
    expect(soxRoughToTrueHz(stat.roughFrequencyHz, 8000)).toBeLessThan(1020);
  });
});
