import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../core/index.ts';
import { MohStream, MusicOnHold } from './index.ts';
import type { Prompt } from './index.ts';

/** A prompt whose sample i is i: the frame tells the stream position. */
function ramp(length: number): Prompt {
  return { name: 'ramp', sampleRateHz: 8000, samples: Int16Array.from({ length }, (_, i) => i) };
}

describe('MohStream', () => {
  it('tick() when two listeners → both get the very same frame object and contents', () => {
    const stream = new MohStream({
      name: 'default',
      prompts: [ramp(8000)],
      sampleRateHz: 8000,
      clock: new FakeClock(),
    });
    const seen: Int16Array[] = [];
    stream.join((f) => seen.push(f));
    stream.join((f) => seen.push(f));
    stream.tick();
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBe(seen[1]);
    expect(seen[0]![0]).toBe(0);
  });

  it('join() when the stream has played 1 s → the newcomer starts at the current position', () => {
    const clock = new FakeClock();
    const stream = new MohStream({
      name: 'jazz',
      prompts: [ramp(16000)],
      sampleRateHz: 8000,
      clock,
    });
    const first: number[] = [];
    stream.join((f) => first.push(f[0]!));
    clock.tick(1000);
    expect(first).toHaveLength(50);
    const second: number[] = [];
    stream.join((f) => second.push(f[0]!));
    clock.tick(20);
    expect(second).toEqual([8000]);
    expect(first.at(-1)).toBe(8000);
  });

  it('leave() when the last listener leaves → the timer stops and the position is kept', () => {
    const clock = new FakeClock();
    const stream = new MohStream({ name: 'm', prompts: [ramp(16000)], sampleRateHz: 8000, clock });
    const leave = stream.join(() => undefined);
    clock.tick(100);
    leave();
    expect(clock.pendingCount).toBe(0);
    const heard: number[] = [];
    stream.join((f) => heard.push(f[0]!));
    clock.tick(20);
    expect(heard).toEqual([800]);
  });

  it('the timer when it fires late → makes up the missed frames from the monotonic clock', () => {
    /** A clock whose timers fire `lagMs` late compared with its monotonic time. */
    class LaggingClock extends FakeClock {
      lagMs = 0;
      override monotonicMs(): number {
        return super.monotonicMs() + this.lagMs;
      }
    }
    const clock = new LaggingClock();
    const stream = new MohStream({ name: 'm', prompts: [ramp(16000)], sampleRateHz: 8000, clock });
    let frames = 0;
    stream.join(() => frames++);
    clock.tick(20);
    expect(frames).toBe(1);
    clock.lagMs = 60;
    clock.tick(20);
    expect(frames).toBe(5);
    clock.lagMs = 10_000;
    clock.tick(20);
    expect(frames).toBe(10);
  });

  it('tick() when a listener throws → the others still get the frame', () => {
    const stream = new MohStream({
      name: 'm',
      prompts: [ramp(800)],
      sampleRateHz: 8000,
      clock: new FakeClock(),
    });
    stream.join(() => {
      throw new Error('bug');
    });
    let got = 0;
    stream.join(() => got++);
    stream.tick();
    expect(got).toBe(1);
  });

  it('the playlist when it ends → loops to the start', () => {
    const stream = new MohStream({
      name: 'm',
      prompts: [ramp(320)],
      sampleRateHz: 8000,
      clock: new FakeClock(),
    });
    const heads: number[] = [];
    stream.join((f) => heads.push(f[0]!));
    for (let i = 0; i < 3; i++) stream.tick();
    expect(heads).toEqual([0, 160, 0]);
  });
});

describe('MusicOnHold', () => {
  it('join() when two callers pick the same class → one shared stream, one timer', () => {
    const clock = new FakeClock();
    const moh = new MusicOnHold({
      classes: { default: [ramp(8000)], rock: [ramp(4000)] },
      sampleRateHz: 8000,
      clock,
    });
    const a: Int16Array[] = [];
    const b: Int16Array[] = [];
    moh.join('rock', (f) => a.push(f));
    moh.join('rock', (f) => b.push(f));
    expect(clock.pendingCount).toBe(1);
    clock.tick(20);
    expect(a[0]).toBe(b[0]);
    expect(moh.stream('rock')!.listenerCount).toBe(2);
  });

  it('stream() when the class is unknown → the default class', () => {
    const moh = new MusicOnHold({
      classes: { default: [ramp(100)] },
      sampleRateHz: 8000,
      clock: new FakeClock(),
    });
    expect(moh.stream('nope')!.name).toBe('default');
    moh.close();
    expect(() => moh.stream('default')).toThrow(/closed/);
  });
});
