import { afterEach, describe, expect, test } from 'vitest';
import { MetricsRegistry } from './metrics.ts';
import { watchProcess, type ProcessWatch } from './process-metrics.ts';

let watch: ProcessWatch | undefined;
afterEach(() => {
  watch?.stop();
  watch = undefined;
});

/** The value of the series of `name` whose labels text is `labels` ('' for none). */
function value(text: string, name: string, labels = ''): number {
  const series = labels === '' ? name : `${name}{${labels}}`;
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  if (line === undefined) throw new Error(`no ${series} in\n${text}`);
  return Number(line.slice(series.length + 1));
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('watchProcess', () => {
  test('a blocked event loop → the largest delay since the last scrape; the next scrape starts a new window', async () => {
    const metrics = new MetricsRegistry();
    watch = watchProcess(metrics);
    await sleep(100);
    const blockedAt = Date.now();
    while (Date.now() - blockedAt < 120) {
      // Keep the loop busy, as a long synchronous task would.
    }
    await sleep(50);
    const first = metrics.render();
    expect(value(first, 'switchyard_event_loop_delay_seconds', 'quantile="1"')).toBeGreaterThan(
      0.09,
    );

    // Scraped again at once: the window restarted and holds no sample yet.
    const second = metrics.render();
    expect(value(second, 'switchyard_event_loop_delay_seconds', 'quantile="1"')).toBe(0);
    expect(value(second, 'switchyard_event_loop_delay_seconds', 'quantile="0.99"')).toBe(0);
  });

  test('garbage collection, CPU and memory → counted and shown', async () => {
    const metrics = new MetricsRegistry();
    watch = watchProcess(metrics);
    let kept: unknown[] = [];
    for (let round = 0; round < 50; round++) {
      kept = Array.from({ length: 20_000 }, (_, i) => ({ i, text: `row ${i}` }));
    }
    expect(kept).toHaveLength(20_000);
    await sleep(50);
    const text = metrics.render();
    expect(text).toContain('# TYPE switchyard_gc_pauses_total counter');
    expect(value(text, 'switchyard_gc_pauses_total', 'kind="minor"')).toBeGreaterThan(0);
    expect(value(text, 'switchyard_gc_pause_seconds_total', 'kind="minor"')).toBeGreaterThan(0);
    expect(value(text, 'switchyard_process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(value(text, 'switchyard_process_resident_memory_bytes')).toBeGreaterThan(1e6);
    expect(value(text, 'switchyard_process_heap_used_bytes')).toBeGreaterThan(1e5);
  });
});
