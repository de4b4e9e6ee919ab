import type { Clock, Logger, MetricsRegistry } from '../core/index.ts';

/** Live status of the switch, read at request time. */
export interface SwitchStatus {
  isDraining: boolean;
}

/** What the admin API needs from the rest of the switch (wired in app.ts). */
export interface AdminApiDeps {
  version: string;
  startedAtMs: number;
  clock: Clock;
  logger: Logger;
  metrics: MetricsRegistry;
  status: () => SwitchStatus;
}
