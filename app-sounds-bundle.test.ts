/*
 * The bundle in sounds/ against the code: every prompt name the code
 * plays is there, nothing there is unused, and every file is a WAV the
 * media server plays without conversion (8 kHz mono 16-bit PCM).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_SOUNDS_DIR, bundledSoundNames } from './app-sounds.ts';
import { parseWav, type WavAudio } from './media/player/index.ts';

const ROOT = fileURLToPath(new URL('./', import.meta.url));
/** The folders whose code names prompts; root app*.ts files are added. */
const SOURCE_DIRS = ['pbx', 'media', 'signaling', 'admin-api', 'dahdi-bridge'];
const PREFIXES = 'digits|vm|conf|park|queue|ivr|moh|prompts|feature|callback';
/** A quoted play name such as 'vm/you-have' or 'digits/2.wav'. */
const LITERAL = new RegExp(`['"\`]((?:${PREFIXES})/[A-Za-z0-9_/.-]+)['"\`]`, 'g');
/** A templated play name such as `digits/${n}`. */
const TEMPLATE = new RegExp(`\`((?:${PREFIXES}))/\\$\\{`, 'g');
/**
 * What a templated name expands to. sayNumber() (pbx/voicemail) says
 * numbers up to 20 with one file and larger ones digit by digit, so the
 * digits directory needs 0 to 20.
 */
const TEMPLATE_EXPANSIONS: Record<string, readonly string[]> = {
  digits: Array.from({ length: 21 }, (_, n) => `digits/${n}`),
  // A class name picks a file of that class; `default` is the one bundled.
  moh: ['moh/default'],
};
/** Below this peak a prompt was not normalised (-3 dBFS is the target). */
const MIN_PEAK = Math.round(32768 * 10 ** (-6 / 20));
const MAX_BUNDLE_BYTES = 3 * 1024 * 1024;

/** The code's .ts files, tests excluded: fixtures and test kits count. */
function sourceFiles(): string[] {
  const files = readdirSync(ROOT)
    .filter((f) => /^app.*\.ts$/.test(f))
    .map((f) => join(ROOT, f));
  for (const dir of SOURCE_DIRS) {
    for (const e of readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })) {
      if (e.isFile() && e.name.endsWith('.ts')) files.push(join(e.parentPath, e.name));
    }
  }
  return files.filter((f) => !f.endsWith('.test.ts'));
}

/** Play names without `.wav`, as the media server resolves them. */
function referencedNames(): { names: Set<string>; unexpanded: string[] } {
  const names = new Set<string>();
  const unexpanded: string[] = [];
  for (const file of sourceFiles()) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(LITERAL)) names.add(m[1]!.replace(/\.wav$/, ''));
    for (const m of text.matchAll(TEMPLATE)) {
      const expansion = TEMPLATE_EXPANSIONS[m[1]!];
      if (expansion === undefined) unexpanded.push(`${m[1]}/\${…} in ${file}`);
      else for (const name of expansion) names.add(name);
    }
  }
  return { names, unexpanded };
}

let bundled: string[];
let referenced: ReturnType<typeof referencedNames>;

beforeAll(async () => {
  bundled = (await bundledSoundNames()).map((n) => n.replace(/\.wav$/, ''));
  referenced = referencedNames();
});

describe('sounds/ against the code', () => {
  it('the source scan → finds the voicemail, conference, digit and MOH names', () => {
    // Guards the scan itself: a broken pattern must not pass vacuously.
    for (const name of ['vm/you-have', 'conf/enter-pin', 'digits/20', 'moh/default']) {
      expect(referenced.names).toContain(name);
    }
  });

  it('every prompt name the code uses → has a bundled WAV', () => {
    const missing = [...referenced.names].filter((n) => !bundled.includes(n)).sort();
    expect(missing).toEqual([]);
  });

  it('every templated prompt name → has a known expansion', () => {
    expect(referenced.unexpanded).toEqual([]);
  });

  it('every bundled WAV → is named by the code (no stale prompts)', () => {
    const unused = bundled.filter((n) => !referenced.names.has(n));
    expect(unused).toEqual([]);
  });

  it(`the bundle → stays below ${MAX_BUNDLE_BYTES} bytes`, () => {
    const bytes = bundled.reduce((sum, n) => sum + statSync(wavPath(n)).size, 0);
    expect(bytes).toBeLessThan(MAX_BUNDLE_BYTES);
  });
});

function wavPath(name: string): string {
  return join(BUNDLED_SOUNDS_DIR, `${name}.wav`);
}

function parsed(name: string): WavAudio {
  const result = parseWav(readFileSync(wavPath(name)));
  if (!result.ok) throw new Error(`${name}.wav: ${result.error.code} ${result.error.detail}`);
  return result.value;
}

function peakOf(samples: Int16Array): number {
  let peak = 0;
  for (const s of samples) peak = Math.max(peak, Math.abs(s));
  return peak;
}

describe('bundled WAVs (parseWav)', () => {
  it('parseWav() on every bundled file → 8000 Hz mono pcm16, normalised, not empty', () => {
    for (const name of bundled) {
      const wav = parsed(name);
      expect({ name, rate: wav.sampleRateHz, channels: wav.channels, enc: wav.encoding }).toEqual({
        name,
        rate: 8000,
        channels: 1,
        enc: 'pcm16',
      });
      expect(wav.samples.length, name).toBeGreaterThan(8000 * 0.3);
      expect(peakOf(wav.samples), name).toBeGreaterThan(MIN_PEAK);
    }
  });

  it('parseWav() on moh/default.wav → music of 20 to 30 s', () => {
    const seconds = parsed('moh/default').samples.length / 8000;
    expect(seconds).toBeGreaterThanOrEqual(20);
    expect(seconds).toBeLessThanOrEqual(30);
  });

  it('parseWav() on the digits → each short, as a word between others', () => {
    for (const name of bundled.filter((n) => n.startsWith('digits/'))) {
      expect(parsed(name).samples.length / 8000, name).toBeLessThan(1.5);
    }
  });
});
