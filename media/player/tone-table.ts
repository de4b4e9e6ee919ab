/*
 * Call-progress tones per country, from ITU-T E.180 Supplement 2 ("Various
 * tones used in national networks"), in the same values as Asterisk's
 * indications.conf. The ITU default follows the ranges of ITU-T E.180 §2
 * (425 Hz; ringing 0.67–1.5 s on, 3–5 s off; busy 0.1–0.6 s on with an
 * equal off period).
 */

/** One period of a cadence: tones that sound together, or silence. */
export interface ToneSegment {
  /** Frequencies summed together; empty for silence. */
  readonly frequenciesHz: readonly number[];
  /** Duration; Infinity for a continuous tone. */
  readonly durationMs: number;
  /**
   * Full-depth amplitude modulation, as in Japan's 400 Hz × 16 Hz ringback
   * (E.180 Supplement 2, Japan).
   */
  readonly modulationHz?: number;
}

/** A call-progress tone: segments played in order and repeated. */
export interface ToneSpec {
  readonly name: string;
  readonly segments: readonly ToneSegment[];
  /** Level of each frequency component; E.180 §3 asks for −10 to −20 dBm0. */
  readonly levelDbm0: number;
  /** A one-shot tone plays its segments once and ends. */
  readonly isRepeating: boolean;
}

/** The tones every country table defines. */
export type ToneName = 'dial' | 'ringback' | 'busy' | 'congestion' | 'callWaiting';

/** Countries with a table; 'itu' is the E.180 default. */
export type ToneCountry = 'itu' | 'us' | 'uk' | 'de' | 'fr' | 'cn' | 'jp';

/** Every ToneCountry. */
export const TONE_COUNTRIES: readonly ToneCountry[] = ['itu', 'us', 'uk', 'de', 'fr', 'cn', 'jp'];

/** Every ToneName. */
export const TONE_NAMES: readonly ToneName[] = [
  'dial',
  'ringback',
  'busy',
  'congestion',
  'callWaiting',
];

/**
 * Builds segments from "freqs/ms" pairs: [[440, 480], 2000], [[], 4000]
 * means 440+480 Hz for 2 s, then 4 s of silence.
 */
function cadence(...parts: [number[], number, number?][]): ToneSegment[] {
  return parts.map(([frequenciesHz, durationMs, modulationHz]) =>
    modulationHz === undefined
      ? { frequenciesHz, durationMs }
      : { frequenciesHz, durationMs, modulationHz },
  );
}

function tone(name: string, segments: ToneSegment[], isRepeating = true): ToneSpec {
  // Dual tones at −16 dBm0 each add up to about −13 dBm0.
  const levelDbm0 = segments.some((s) => s.frequenciesHz.length > 1) ? -16 : -13;
  return { name, segments, levelDbm0, isRepeating };
}

const CONTINUOUS = Number.POSITIVE_INFINITY;

/** The tone tables, by country then tone. */
export const TONE_TABLE: Readonly<Record<ToneCountry, Readonly<Record<ToneName, ToneSpec>>>> = {
  itu: {
    dial: tone('itu/dial', cadence([[425], CONTINUOUS])),
    ringback: tone('itu/ringback', cadence([[425], 1000], [[], 4000])),
    busy: tone('itu/busy', cadence([[425], 500], [[], 500])),
    congestion: tone('itu/congestion', cadence([[425], 250], [[], 250])),
    callWaiting: tone(
      'itu/callWaiting',
      cadence([[425], 200], [[], 200], [[425], 200], [[], 9400]),
    ),
  },
  us: {
    dial: tone('us/dial', cadence([[350, 440], CONTINUOUS])),
    ringback: tone('us/ringback', cadence([[440, 480], 2000], [[], 4000])),
    busy: tone('us/busy', cadence([[480, 620], 500], [[], 500])),
    congestion: tone('us/congestion', cadence([[480, 620], 250], [[], 250])),
    callWaiting: tone('us/callWaiting', cadence([[440], 300], [[], 10000])),
  },
  uk: {
    dial: tone('uk/dial', cadence([[350, 440], CONTINUOUS])),
    ringback: tone(
      'uk/ringback',
      cadence([[400, 450], 400], [[], 200], [[400, 450], 400], [[], 2000]),
    ),
    busy: tone('uk/busy', cadence([[400], 375], [[], 375])),
    congestion: tone('uk/congestion', cadence([[400], 400], [[], 350], [[400], 225], [[], 525])),
    callWaiting: tone('uk/callWaiting', cadence([[400], 100], [[], 4000])),
  },
  de: {
    dial: tone('de/dial', cadence([[425], CONTINUOUS])),
    ringback: tone('de/ringback', cadence([[425], 1000], [[], 4000])),
    busy: tone('de/busy', cadence([[425], 480], [[], 480])),
    congestion: tone('de/congestion', cadence([[425], 240], [[], 240])),
    callWaiting: tone('de/callWaiting', cadence([[425], 200], [[], 200], [[425], 200], [[], 5000])),
  },
  fr: {
    dial: tone('fr/dial', cadence([[440], CONTINUOUS])),
    ringback: tone('fr/ringback', cadence([[440], 1500], [[], 3500])),
    busy: tone('fr/busy', cadence([[440], 500], [[], 500])),
    congestion: tone('fr/congestion', cadence([[440], 250], [[], 250])),
    callWaiting: tone('fr/callWaiting', cadence([[440], 300], [[], 10000])),
  },
  cn: {
    dial: tone('cn/dial', cadence([[450], CONTINUOUS])),
    ringback: tone('cn/ringback', cadence([[450], 1000], [[], 4000])),
    busy: tone('cn/busy', cadence([[450], 350], [[], 350])),
    congestion: tone('cn/congestion', cadence([[450], 700], [[], 700])),
    callWaiting: tone('cn/callWaiting', cadence([[450], 400], [[], 4000])),
  },
  jp: {
    dial: tone('jp/dial', cadence([[400], CONTINUOUS])),
    ringback: tone('jp/ringback', cadence([[400], 1000, 16], [[], 2000])),
    busy: tone('jp/busy', cadence([[400], 500], [[], 500])),
    congestion: tone('jp/congestion', cadence([[400], 500], [[], 500])),
    callWaiting: tone('jp/callWaiting', cadence([[400], 500, 16], [[], 8000])),
  },
};

function isToneCountry(country: string): country is ToneCountry {
  return (TONE_COUNTRIES as readonly string[]).includes(country);
}

/**
 * The tone `name` of `country` (ISO 3166 alpha-2, any case; "gb" is the
 * UK, "ca" follows the NANP table). An unknown country gets the ITU default.
 */
export function toneFor(country: string, name: ToneName): ToneSpec {
  let key = country.toLowerCase();
  if (key === 'gb') key = 'uk';
  if (key === 'ca') key = 'us';
  return TONE_TABLE[isToneCountry(key) ? key : 'itu'][name];
}
