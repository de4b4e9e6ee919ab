import { describe, expect, it } from 'vitest';
import { Player, toneFor } from './index.ts';
import type { PlayerDoneReason, Prompt } from './index.ts';

function prompt(name: string, length: number, value: number, rateHz = 8000): Prompt {
  return { name, sampleRateHz: rateHz, samples: new Int16Array(length).fill(value) };
}

function collectDone(player: Player): PlayerDoneReason[] {
  const reasons: PlayerDoneReason[] = [];
  player.on('done', (r) => reasons.push(r));
  return reasons;
}

describe('Player', () => {
  it('readFrame() when idle → silence and false', () => {
    const player = new Player({ sampleRateHz: 8000 });
    const frame = new Int16Array(160).fill(7);
    expect(player.readFrame(frame)).toBe(false);
    expect(frame.every((s) => s === 0)).toBe(true);
  });

  it('readFrame() when a prompt of 2.5 frames plays → 3 frames, the last padded, then done', () => {
    const player = new Player({ sampleRateHz: 8000 });
    const done = collectDone(player);
    player.play(prompt('a', 400, 100));
    const frame = new Int16Array(160);
    expect(player.readFrame(frame)).toBe(true);
    expect(player.readFrame(frame)).toBe(true);
    expect(done).toEqual([]);
    expect(player.readFrame(frame)).toBe(true);
    expect(frame.subarray(0, 80).every((s) => s === 100)).toBe(true);
    expect(frame.subarray(80).every((s) => s === 0)).toBe(true);
    expect(done).toEqual(['finished']);
    expect(player.isPlaying).toBe(false);
    expect(player.readFrame(frame)).toBe(false);
  });

  it('readFrame() when a playlist plays → prompts back to back across frame edges', () => {
    const player = new Player({ sampleRateHz: 8000 });
    const done = collectDone(player);
    player.play([prompt('a', 100, 1), prompt('b', 100, 2), prompt('c', 120, 3)]);
    const frame = new Int16Array(160);
    player.readFrame(frame);
    expect(frame.subarray(0, 100).every((s) => s === 1)).toBe(true);
    expect(frame.subarray(100).every((s) => s === 2)).toBe(true);
    player.readFrame(frame);
    expect(frame.subarray(0, 40).every((s) => s === 2)).toBe(true);
    expect(frame.subarray(40).every((s) => s === 3)).toBe(true);
    expect(done).toEqual(['finished']);
  });

  it('readFrame() when looping → wraps to the first prompt and never ends by itself', () => {
    const player = new Player({ sampleRateHz: 8000 });
    const done = collectDone(player);
    player.play([prompt('a', 100, 1), prompt('b', 50, 2)], { isLooping: true });
    const frame = new Int16Array(160);
    player.readFrame(frame);
    expect(Array.from(frame.subarray(145, 155))).toEqual([2, 2, 2, 2, 2, 1, 1, 1, 1, 1]);
    for (let i = 0; i < 100; i++) player.readFrame(frame);
    expect(done).toEqual([]);
    player.stop();
    expect(done).toEqual(['stopped']);
    player.stop();
    expect(done).toEqual(['stopped']);
  });

  it('play() when something is playing → the old playback ends with done(stopped)', () => {
    const player = new Player({ sampleRateHz: 8000 });
    const done = collectDone(player);
    player.playTone(toneFor('us', 'dial'));
    player.play(prompt('a', 160, 5));
    const frame = new Int16Array(160);
    player.readFrame(frame);
    expect(frame[0]).toBe(5);
    expect(done).toEqual(['stopped', 'finished']);
  });

  it('playTone() when given a duration → the tone stops after it with done(finished)', () => {
    const player = new Player({ sampleRateHz: 8000 });
    const done = collectDone(player);
    player.playTone(toneFor('us', 'dial'), { durationMs: 50 });
    const frame = new Int16Array(160);
    player.readFrame(frame);
    player.readFrame(frame);
    expect(done).toEqual([]);
    player.readFrame(frame);
    expect(frame.subarray(80).every((s) => s === 0)).toBe(true);
    expect(frame.subarray(0, 80).some((s) => s !== 0)).toBe(true);
    expect(done).toEqual(['finished']);
  });

  it('play() when the prompt rate differs from the player → ValidationError', () => {
    const player = new Player({ sampleRateHz: 16000 });
    expect(() => player.play(prompt('a', 10, 1, 8000))).toThrow(/8000 Hz/);
  });

  it('readFrame() when a done listener throws → playback state is still consistent', () => {
    const player = new Player({ sampleRateHz: 8000 });
    player.on('done', () => {
      throw new Error('listener bug');
    });
    player.play(prompt('a', 160, 1));
    expect(player.readFrame(new Int16Array(160))).toBe(true);
    expect(player.isPlaying).toBe(false);
  });
});
