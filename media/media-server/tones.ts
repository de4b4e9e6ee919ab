import type { MediaPlaySource } from '../../core/index.ts';
import { DTMF_COLUMN_HZ, DTMF_ROW_HZ } from '../dtmf/index.ts';
import { toneFor } from '../player/index.ts';
import type { ToneSegment, ToneSpec } from '../player/index.ts';

type ToneSource = Extract<MediaPlaySource, { tone: unknown }>['tone'];

/** Per-frequency level of the tones we make; E.180 §3 asks for −10 to −20 dBm0. */
const TONE_LEVEL_DBM0 = -13;
/** Q.23 DTMF is sent hotter: each tone of the pair near −8 dBm0. */
const DTMF_LEVEL_DBM0 = -8;

const KEYPAD = ['123A', '456B', '789C', '*0#D'];

/** The ToneSpec of a MediaControl tone, in the call-progress table of `country`. */
export function toneSpecOf(tone: ToneSource, country: string): ToneSpec {
  if (typeof tone === 'object') {
    const segments: ToneSegment[] = [{ frequenciesHz: tone.frequenciesHz, durationMs: tone.onMs }];
    if (tone.offMs > 0) segments.push({ frequenciesHz: [], durationMs: tone.offMs });
    return { name: 'custom', segments, levelDbm0: TONE_LEVEL_DBM0, isRepeating: true };
  }
  if (tone === 'beep') {
    return {
      name: 'beep',
      segments: [{ frequenciesHz: [1000], durationMs: 250 }],
      levelDbm0: TONE_LEVEL_DBM0,
      isRepeating: false,
    };
  }
  return toneFor(country, tone);
}

/** The length of one cadence of a tone, or Infinity for a continuous one. */
export function cadenceMs(spec: ToneSpec): number {
  return spec.segments.reduce((sum, s) => sum + s.durationMs, 0);
}

/**
 * In-band DTMF (ITU-T Q.23): each digit as its row and column sines for
 * `durationMs`, then `pauseMs` of silence, played once. Digits that are
 * not on the keypad are skipped (the caller validates them first).
 */
export function dtmfToneSpec(digits: string, durationMs: number, pauseMs: number): ToneSpec {
  const segments: ToneSegment[] = [];
  for (const digit of digits.toUpperCase()) {
    const row = KEYPAD.findIndex((r) => r.includes(digit));
    if (row < 0) continue;
    const column = KEYPAD[row]!.indexOf(digit);
    segments.push({ frequenciesHz: [DTMF_ROW_HZ[row]!, DTMF_COLUMN_HZ[column]!], durationMs });
    segments.push({ frequenciesHz: [], durationMs: pauseMs });
  }
  return { name: 'dtmf', segments, levelDbm0: DTMF_LEVEL_DBM0, isRepeating: false };
}
