/*
 * Process metrics for /metrics: how late the event loop runs, garbage
 * collection pauses, CPU and memory. The event loop is what every call and
 * API request waits on; a delay here is a delay in every SIP answer.
 */
import { PerformanceObserver, constants, monitorEventLoopDelay } from 'node:perf_hooks';
import type { MetricsRegistry } from './metrics.ts';

/** The quantiles of the event-loop delay reported, and `1` for the largest. */
const DELAY_QUANTILES = [0.5, 0.9, 0.99, 1] as const;

/** How often the event-loop delay is sampled, in ms (Node's default is 10). */
const DELAY_RESOLUTION_MS = 10;

const GC_KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};

/** What watchProcess() started; stop() ends the sampling. */
export interface ProcessWatch {
  stop(): void;
}

/**
 * Adds the process metrics to `metrics`. The event-loop delay covers the
 * time since the previous scrape (the histogram restarts at each one, as
 * prom-client's lag gauges do), so a scraper sees the delay of its own
 * interval; the GC and CPU figures are totals since the start.
 */
export function watchProcess(metrics: MetricsRegistry): ProcessWatch {
  const delay = monitorEventLoopDelay({ resolution: DELAY_RESOLUTION_MS });
  delay.enable();
  const gcSeconds = metrics.counter(
    'switchyard_gc_pause_seconds_total',
    'Time the main thread stood still for garbage collection, by kind',
  );
  const gcCount = metrics.counter(
    'switchyard_gc_pauses_total',
    'Garbage-collection pauses of the main thread, by kind',
  );
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      // GC entries carry their kind in `detail` (Node ≥ 16); @types/node 20 does not declare it.
      const { detail } = entry as { detail?: { kind?: number } };
      const kind = { kind: GC_KINDS[detail?.kind ?? -1] ?? 'other' };
      gcSeconds.inc(kind, entry.duration / 1000);
      gcCount.inc(kind);
    }
  });
  gc.observe({ entryTypes: ['gc'] });

  metrics.onCollect(() => {
    const loop = metrics.gauge(
      'switchyard_event_loop_delay_seconds',
      'How late the event loop ran since the last scrape, by quantile (1: the largest)',
    );
    const hasSamples = delay.count > 0;
    for (const q of DELAY_QUANTILES) {
      const ns = hasSamples ? (q === 1 ? delay.max : delay.percentile(q * 100)) : 0;
      // Each sample is the whole interval between two ticks of the
      // sampling timer; the delay is what exceeds the resolution.
      const lateMs = Math.max(0, ns / 1e6 - DELAY_RESOLUTION_MS);
      loop.set({ quantile: String(q) }, Number((lateMs / 1000).toFixed(6)));
    }
    delay.reset();
    const cpu = process.cpuUsage();
    metrics
      .counter('switchyard_process_cpu_seconds_total', 'CPU time of the process, user and system')
      .set({}, (cpu.user + cpu.system) / 1e6);
    const memory = process.memoryUsage();
    metrics
      .gauge('switchyard_process_resident_memory_bytes', 'Resident set size of the process')
      .set({}, memory.rss);
    metrics
      .gauge('switchyard_process_heap_used_bytes', 'JavaScript heap in use')
      .set({}, memory.heapUsed);
  });

  return {
    stop() {
      delay.disable();
      gc.disconnect();
    },
  };
}
