import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../core/index.ts';
import { MediaScheduler } from './media-scheduler.ts';

describe('MediaScheduler', () => {
  it('start() → every stream ticks once per 20 ms with exact due times', () => {
    const clock = new FakeClock();
    const scheduler = new MediaScheduler({ clock });
    const dues: number[] = [];
    const other: number[] = [];
    scheduler.add({ tick: (d) => dues.push(d) });
    scheduler.add({ tick: (d) => other.push(d) });
    scheduler.start();
    clock.tick(100);
    expect(dues).toEqual([20, 40, 60, 80, 100]);
    expect(other).toEqual(dues);
    expect(scheduler.stats).toMatchObject({ ticks: 5, streams: 2, latenessMaxMs: 0 });
  });

  it('a stall → missed intervals run at once, up to maxCatchUpTicks; the rest are skipped', () => {
    const clock = new FakeClock();
    const scheduler = new MediaScheduler({ clock, maxCatchUpTicks: 2 });
    const dues: number[] = [];
    scheduler.add({
      tick: (d) => {
        dues.push(d);
        if (d === 40) clock.tick(70); // the loop is blocked until 110
      },
    });
    scheduler.start();
    clock.tick(160);
    expect(dues).toEqual([20, 40, 60, 120, 140, 160]);
    expect(scheduler.stats.skippedTicks).toBe(2);
  });

  it('a stall within the budget → every interval still runs, none skipped', () => {
    const clock = new FakeClock();
    const scheduler = new MediaScheduler({ clock });
    const dues: number[] = [];
    scheduler.add({
      tick: (d) => {
        dues.push(d);
        if (d === 20) clock.tick(50);
      },
    });
    scheduler.start();
    clock.tick(100);
    expect(dues).toEqual([20, 40, 60, 80, 100]);
    expect(scheduler.stats.skippedTicks).toBe(0);
  });

  it('a stream that throws → counted; the others still tick', () => {
    const clock = new FakeClock();
    const scheduler = new MediaScheduler({ clock });
    let ticks = 0;
    scheduler.add({
      tick: () => {
        throw new Error('boom');
      },
    });
    scheduler.add({ tick: () => ticks++ });
    scheduler.start();
    clock.tick(40);
    expect([ticks, scheduler.stats.errors]).toEqual([2, 2]);
  });

  it('remove() from inside a tick and stop() → no further ticks', () => {
    const clock = new FakeClock();
    const scheduler = new MediaScheduler({ clock });
    let ticks = 0;
    const stream = {
      tick: () => {
        ticks++;
        scheduler.remove(stream);
      },
    };
    scheduler.add(stream);
    scheduler.start();
    clock.tick(100);
    scheduler.stop();
    scheduler.stop();
    expect([ticks, scheduler.isRunning, clock.pendingCount]).toEqual([1, false, 0]);
  });

  it('on the real clock for 300 ms → about 15 ticks, low send jitter', async () => {
    const scheduler = new MediaScheduler();
    scheduler.add({ tick: () => undefined });
    scheduler.start();
    await new Promise((r) => setTimeout(r, 310));
    scheduler.stop();
    const s = scheduler.stats;
    expect(s.ticks).toBeGreaterThanOrEqual(13);
    expect(s.ticks).toBeLessThanOrEqual(16);
    // Loose bound: the test machine is shared; the benchmark measures it properly.
    expect(s.jitterMeanMs).toBeLessThan(10);
  });
});
