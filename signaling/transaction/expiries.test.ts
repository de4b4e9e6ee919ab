import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../core/index.ts';
import { Expiries } from './expiries.ts';

/** A transaction stand-in that records when it was terminated. */
function target(clock: FakeClock, ended: Array<[string, number]>, name: string) {
  let isEnded = false;
  return {
    terminate(): void {
      if (isEnded) return;
      isEnded = true;
      ended.push([name, clock.monotonicMs()]);
    },
  };
}

describe('Expiries (transactions’ last timers, D105)', () => {
  it('ends each target exactly its delay after it was added, per duration, in order', () => {
    const clock = new FakeClock();
    const expiries = new Expiries(clock);
    const ended: Array<[string, number]> = [];
    const t0 = clock.monotonicMs();
    expiries.add(target(clock, ended, 'L1'), 32_000);
    clock.tick(10);
    expiries.add(target(clock, ended, 'I1'), 5_000);
    clock.tick(290);
    expiries.add(target(clock, ended, 'L2'), 32_000);
    expect(expiries.size).toBe(3);
    clock.tick(31_699);
    expect(ended.map(([n, at]) => [n, at - t0])).toEqual([['I1', 5_010]]);
    clock.tick(1);
    clock.tick(299);
    expect(ended.map(([n]) => n)).toEqual(['I1', 'L1']);
    clock.tick(1);
    expect(ended.map(([n, at]) => [n, at - t0])).toEqual([
      ['I1', 5_010],
      ['L1', 32_000],
      ['L2', 32_300],
    ]);
    expect(expiries.size).toBe(0);
    expect(clock.pendingCount).toBe(0);
  });

  it('keeps one timer per duration however many targets wait', () => {
    const clock = new FakeClock();
    const expiries = new Expiries(clock);
    const ended: Array<[string, number]> = [];
    for (let i = 0; i < 5_000; i++) {
      expiries.add(target(clock, ended, `t${i}`), 32_000);
      clock.tick(3);
    }
    expect(clock.pendingCount).toBe(1);
    clock.tick(32_000);
    expect(ended).toHaveLength(5_000);
    expect(ended.map(([n]) => n)).toEqual(Array.from({ length: 5_000 }, (_, i) => `t${i}`));
    expect(clock.pendingCount).toBe(0);
  });

  it('does nothing more to a target that ended early', () => {
    const clock = new FakeClock();
    const expiries = new Expiries(clock);
    const ended: Array<[string, number]> = [];
    const early = target(clock, ended, 'early');
    expiries.add(early, 1_000);
    early.terminate();
    clock.tick(1_000);
    expect(ended).toHaveLength(1);
  });

  it('stop() drops every wait and timer without ending anything', () => {
    const clock = new FakeClock();
    const expiries = new Expiries(clock);
    const ended: Array<[string, number]> = [];
    expiries.add(target(clock, ended, 'a'), 1_000);
    expiries.add(target(clock, ended, 'b'), 5_000);
    expiries.stop();
    expect(clock.pendingCount).toBe(0);
    clock.tick(10_000);
    expect(ended).toEqual([]);
    expect(expiries.size).toBe(0);
  });

  it('still ends the later targets when one terminate() throws', () => {
    const clock = new FakeClock();
    const expiries = new Expiries(clock);
    const ended: Array<[string, number]> = [];
    expiries.add(
      {
        terminate() {
          throw new Error('boom');
        },
      },
      1_000,
    );
    clock.tick(1);
    expiries.add(target(clock, ended, 'next'), 1_000);
    expect(() => clock.tick(999)).toThrow('boom');
    clock.tick(1);
    expect(ended.map(([n]) => n)).toEqual(['next']);
  });
});
