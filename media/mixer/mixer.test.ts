import { describe, expect, it } from 'vitest';
import { concatFrames, goertzelAmplitude, sine } from '../../test/helpers/audio/tone.ts';
import { Mixer } from './index.ts';
import type { MixerParty } from './index.ts';

const RATE = 8000;
const FRAME = 160;
const AMPLITUDE = 6000;

/** Feeds each party its tone for `frames` ticks and returns what each heard. */
function run(mixer: Mixer, tones: Record<string, number>, frames = 10): Record<string, Int16Array> {
  const heard: Record<string, Int16Array[]> = {};
  for (let f = 0; f < frames; f++) {
    for (const [id, hz] of Object.entries(tones)) {
      mixer.party(id)!.write(sine(hz, RATE, FRAME, AMPLITUDE, f * FRAME));
    }
    mixer.mix();
    for (const id of Object.keys(tones))
      (heard[id] ??= []).push(Int16Array.from(mixer.party(id)!.output));
  }
  return Object.fromEntries(Object.entries(heard).map(([id, fs]) => [id, concatFrames(fs)]));
}

/** Which of `frequencies` are audible in `x` (above a tenth of the input amplitude). */
function audible(x: Int16Array, frequencies: number[], rateHz = RATE): number[] {
  return frequencies.filter((f) => goertzelAmplitude(x, f, rateHz) > AMPLITUDE / 10);
}

const TONES = { a: 500, b: 1000, c: 1500 };
const ALL = [500, 1000, 1500];

describe('Mixer', () => {
  it('mix() when three parties send 500/1000/1500 Hz → each hears the other two and not itself', () => {
    const mixer = new Mixer({ sampleRateHz: RATE });
    for (const id of Object.keys(TONES)) mixer.addParty(id);
    const heard = run(mixer, TONES);
    expect(audible(heard.a!, ALL)).toEqual([1000, 1500]);
    expect(audible(heard.b!, ALL)).toEqual([500, 1500]);
    expect(audible(heard.c!, ALL)).toEqual([500, 1000]);
    // Each other party arrives at its own level: no gain change in the sum.
    expect(goertzelAmplitude(heard.a!, 1000, RATE)).toBeCloseTo(AMPLITUDE, -2);
    expect(goertzelAmplitude(heard.a!, 500, RATE)).toBeLessThan(1);
  });

  it('mix() at 16 kHz when two parties → 320-sample frames, each hears the other', () => {
    const mixer = new Mixer({ sampleRateHz: 16000 });
    const a = mixer.addParty('a');
    const b = mixer.addParty('b');
    expect(mixer.frameSamples).toBe(320);
    a.write(sine(700, 16000, 320, AMPLITUDE));
    b.write(sine(3000, 16000, 320, AMPLITUDE));
    mixer.mix();
    expect(audible(a.output, [700, 3000], 16000)).toEqual([3000]);
    expect(audible(b.output, [700, 3000], 16000)).toEqual([700]);
  });

  it('mix() when a party is muted → no one hears it, and it still hears the others', () => {
    const mixer = new Mixer({ sampleRateHz: RATE });
    for (const id of Object.keys(TONES)) mixer.addParty(id, { isMuted: id === 'b' });
    const heard = run(mixer, TONES);
    expect(audible(heard.a!, ALL)).toEqual([1500]);
    expect(audible(heard.c!, ALL)).toEqual([500]);
    expect(audible(heard.b!, ALL)).toEqual([500, 1500]);
  });

  it('mix() when a party has gain 0.5 → the others hear it at half level', () => {
    const mixer = new Mixer({ sampleRateHz: RATE });
    for (const id of Object.keys(TONES)) mixer.addParty(id);
    mixer.party('c')!.gain = 0.5;
    const heard = run(mixer, TONES);
    expect(goertzelAmplitude(heard.a!, 1500, RATE)).toBeCloseTo(AMPLITUDE / 2, -2);
    expect(goertzelAmplitude(heard.a!, 1000, RATE)).toBeCloseTo(AMPLITUDE, -2);
    expect(goertzelAmplitude(heard.c!, 1500, RATE)).toBeLessThan(1);
    expect(() => (mixer.party('c')!.gain = -1)).toThrow(/gain/);
  });

  it('mix() when the sum exceeds 16 bits → saturates instead of wrapping', () => {
    const mixer = new Mixer({ sampleRateHz: RATE });
    const parties = ['a', 'b', 'c', 'd'].map((id) => mixer.addParty(id));
    for (const p of parties.slice(0, 3)) p.write(new Int16Array(FRAME).fill(30000));
    parties[3]!.write(new Int16Array(FRAME).fill(-30000));
    mixer.mix();
    expect(parties[3]!.output[0]).toBe(32767);
    expect(parties[0]!.output[0]).toBe(30000);
    for (const p of parties.slice(0, 3)) p.write(new Int16Array(FRAME).fill(-30000));
    mixer.mix();
    expect(parties[3]!.output[0]).toBe(-32768);
  });

  it('mix() when a party sent nothing this tick → it is silent to the others', () => {
    const mixer = new Mixer({ sampleRateHz: RATE });
    const a = mixer.addParty('a');
    const b = mixer.addParty('b');
    a.write(new Int16Array(FRAME).fill(1000));
    mixer.mix();
    expect(b.output[0]).toBe(1000);
    mixer.mix();
    expect(b.output[0]).toBe(0);
    expect(a.isInCommonMix).toBe(false);
  });

  it('commonMix when a party contributes nothing → its output equals commonMix', () => {
    const mixer = new Mixer({ sampleRateHz: RATE });
    const a = mixer.addParty('a');
    const listener = mixer.addParty('l', { isMuted: true });
    a.write(new Int16Array(FRAME).fill(1234));
    listener.write(new Int16Array(FRAME).fill(999));
    mixer.mix();
    expect(listener.isInCommonMix).toBe(false);
    expect(listener.output).toEqual(mixer.commonMix);
    expect(a.output[0]).toBe(0);
  });
});

describe('Mixer supervisor matrix', () => {
  /** Caller 500 Hz, agent 1000 Hz, supervisor 1500 Hz in the given role. */
  function call(role: 'listen' | 'whisper' | 'barge'): Record<string, Int16Array> {
    const mixer = new Mixer({ sampleRateHz: RATE });
    mixer.addParty('caller');
    mixer.addParty('agent');
    mixer.addParty('sup', { role, ...(role === 'whisper' ? { targetId: 'agent' } : {}) });
    return run(mixer, { caller: 500, agent: 1000, sup: 1500 });
  }

  it('listen when the supervisor speaks → hears caller and agent, is heard by no one', () => {
    const heard = call('listen');
    expect(audible(heard.sup!, ALL)).toEqual([500, 1000]);
    expect(audible(heard.caller!, ALL)).toEqual([1000]);
    expect(audible(heard.agent!, ALL)).toEqual([500]);
  });

  it('whisper when the supervisor speaks → only the agent hears it; it hears the call', () => {
    const heard = call('whisper');
    expect(audible(heard.sup!, ALL)).toEqual([500, 1000]);
    expect(audible(heard.agent!, ALL)).toEqual([500, 1500]);
    expect(audible(heard.caller!, ALL)).toEqual([1000]);
  });

  it('barge when the supervisor speaks → everyone hears everyone else', () => {
    const heard = call('barge');
    expect(audible(heard.sup!, ALL)).toEqual([500, 1000]);
    expect(audible(heard.agent!, ALL)).toEqual([500, 1500]);
    expect(audible(heard.caller!, ALL)).toEqual([1000, 1500]);
  });

  it('setRole() when escalating listen → whisper → barge mid-call → takes effect next tick', () => {
    const mixer = new Mixer({ sampleRateHz: RATE });
    mixer.addParty('caller');
    mixer.addParty('agent');
    mixer.addParty('sup', { role: 'listen' });
    const tones = { caller: 500, agent: 1000, sup: 1500 };
    expect(audible(run(mixer, tones).agent!, ALL)).toEqual([500]);
    mixer.setRole('sup', 'whisper', 'agent');
    expect(audible(run(mixer, tones).agent!, ALL)).toEqual([500, 1500]);
    expect(audible(run(mixer, tones).caller!, ALL)).toEqual([1000]);
    mixer.setRole('sup', 'barge');
    expect(audible(run(mixer, tones).caller!, ALL)).toEqual([1000, 1500]);
  });

  it('setRole() when whisper has no valid target → ValidationError', () => {
    const mixer = new Mixer({ sampleRateHz: RATE });
    mixer.addParty('sup');
    expect(() => mixer.setRole('sup', 'whisper')).toThrow(/target/);
    expect(() => mixer.setRole('sup', 'whisper', 'sup')).toThrow(/target/);
    expect(() => mixer.addParty('x', { role: 'whisper', targetId: 'nobody' })).toThrow(/target/);
    expect(mixer.party('x')).toBeUndefined();
  });

  it('removeParty() when the whisper target leaves → the whisperer is heard by no one', () => {
    const mixer = new Mixer({ sampleRateHz: RATE });
    mixer.addParty('caller');
    mixer.addParty('agent');
    mixer.addParty('sup', { role: 'whisper', targetId: 'agent' });
    expect(mixer.removeParty('agent')).toBe(true);
    expect(mixer.removeParty('agent')).toBe(false);
    const heard = run(mixer, { caller: 500, sup: 1500 });
    expect(audible(heard.caller!, ALL)).toEqual([]);
    expect(audible(heard.sup!, ALL)).toEqual([500]);
  });
});

describe('Mixer talk detection', () => {
  function tick(mixer: Mixer, party: MixerParty, amplitude: number): void {
    party.write(sine(440, RATE, FRAME, amplitude));
    mixer.mix();
  }

  it('mix() when a party talks, pauses briefly, then stops → one talking and one quiet after the hangover', () => {
    const mixer = new Mixer({ sampleRateHz: RATE, talk: { onsetFrames: 2, hangoverFrames: 5 } });
    const a = mixer.addParty('a');
    const events: string[] = [];
    mixer.on('talking', (id) => events.push(`talking ${id}`));
    mixer.on('quiet', (id) => events.push(`quiet ${id}`));
    tick(mixer, a, 3000);
    expect(events).toEqual([]);
    tick(mixer, a, 3000);
    expect(events).toEqual(['talking a']);
    expect(a.isTalking).toBe(true);
    for (let i = 0; i < 3; i++) tick(mixer, a, 50);
    tick(mixer, a, 3000);
    for (let i = 0; i < 4; i++) tick(mixer, a, 0);
    expect(events).toEqual(['talking a']);
    mixer.mix();
    expect(events).toEqual(['talking a', 'quiet a']);
    expect(a.isTalking).toBe(false);
  });

  it('mix() when a muted party talks → talking is still reported (for a "you are muted" hint)', () => {
    const mixer = new Mixer({ sampleRateHz: RATE, talk: { onsetFrames: 1 } });
    const a = mixer.addParty('a', { isMuted: true });
    const events: string[] = [];
    mixer.on('talking', (id) => events.push(id));
    tick(mixer, a, 3000);
    expect(events).toEqual(['a']);
    expect(a.levelDbov).toBeGreaterThan(-25);
  });

  it('mix() when a talker-optimised party is quiet → not mixed; loud → mixed from its first loud frame', () => {
    const mixer = new Mixer({ sampleRateHz: RATE, talk: { onsetFrames: 2, hangoverFrames: 3 } });
    const a = mixer.addParty('a', { isMixedOnlyWhileTalking: true });
    const plain = mixer.addParty('p');
    const b = mixer.addParty('b');
    // 200 peak is about −44 dBov: line noise, under the −40 dBov threshold.
    const quiet = () => {
      a.write(sine(500, RATE, FRAME, 200));
      plain.write(sine(1500, RATE, FRAME, 200));
      mixer.mix();
      return Int16Array.from(b.output);
    };
    const heardQuiet = quiet();
    expect(goertzelAmplitude(heardQuiet, 500, RATE)).toBeLessThan(1);
    expect(goertzelAmplitude(heardQuiet, 1500, RATE)).toBeGreaterThan(150);
    expect(a.output).toEqual(mixer.commonMix);
    a.write(sine(500, RATE, FRAME, AMPLITUDE));
    mixer.mix();
    expect(goertzelAmplitude(b.output, 500, RATE)).toBeCloseTo(AMPLITUDE, -2);
    expect(a.isTalking).toBe(false);
    a.write(sine(500, RATE, FRAME, AMPLITUDE));
    mixer.mix();
    expect(a.isTalking).toBe(true);
    // Within the hangover the quiet frames are still mixed, then dropped.
    expect(goertzelAmplitude(quiet(), 500, RATE)).toBeGreaterThan(150);
    quiet();
    quiet();
    expect(a.isTalking).toBe(false);
    expect(goertzelAmplitude(quiet(), 500, RATE)).toBeLessThan(1);
  });

  it('a talking listener when it removes a party → the mix goes on', () => {
    const mixer = new Mixer({ sampleRateHz: RATE, talk: { onsetFrames: 1 } });
    const a = mixer.addParty('a');
    mixer.addParty('b');
    mixer.on('talking', () => mixer.removeParty('b'));
    tick(mixer, a, 3000);
    expect(mixer.partyCount).toBe(1);
    tick(mixer, a, 3000);
  });
});

describe('Mixer lifecycle', () => {
  it('addParty() when the id exists → ValidationError', () => {
    const mixer = new Mixer({ sampleRateHz: RATE });
    mixer.addParty('a');
    expect(() => mixer.addParty('a')).toThrow(/already/);
  });

  it('mix() after close() → InvalidStateError; close() twice is fine', () => {
    const mixer = new Mixer({ sampleRateHz: RATE });
    mixer.close();
    mixer.close();
    expect(() => mixer.mix()).toThrow(expect.objectContaining({ code: 'ERR_INVALID_STATE' }));
  });
});
