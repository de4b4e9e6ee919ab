/*
 * TM-11 team events (app.ts starts them before the SIP stack): call and
 * agent events are POSTed to each team's event URL through a webhook
 * queue, which drains within the shutdown grace.
 */
import type { CallRecorder, Clock, Lifecycle, Logger, MetricsRegistry } from './core/index.ts';
import type { ConfigStore } from './core/config-store/index.ts';
import { WebhookDispatcher, type EgressFetch } from './core/webhooks/index.ts';
import { TeamEventPublisher, TeamEventRecorder } from './pbx/team-events/index.ts';

/**
 * The team-event publisher and the call recorder that feeds it, wrapping
 * `inner`; the webhook queue is adopted by `lifecycle`.
 */
export function startTeamEvents(w: {
  fetch: EgressFetch;
  store: ConfigStore;
  inner: CallRecorder;
  clock: Clock;
  logger: Logger;
  metrics: MetricsRegistry;
  lifecycle: Lifecycle;
  shutdownTimeoutMs: number;
  /** When stop() was asked, on the monotonic clock. */
  stopAskedAtMs: () => number | undefined;
}): { teamEvents: TeamEventPublisher; recorder: TeamEventRecorder } {
  const { clock, logger, metrics, lifecycle } = w;
  // TM-11: team events ride on the CDR hooks. Adopted before SIP, so
  // the queue stops after the last calls have ended (D47).
  const webhooks = new WebhookDispatcher({
    fetch: w.fetch,
    clock,
    logger: logger.child({ component: 'webhooks' }),
    metrics,
  });
  lifecycle.adopt({
    stop: async () => {
      // The last calls' events go out within the shutdown grace, with
      // 1 s of it left for closing sockets and stores (D58).
      const startedMs = w.stopAskedAtMs() ?? clock.monotonicMs();
      const leftMs = startedMs + w.shutdownTimeoutMs - 1000 - clock.monotonicMs();
      await webhooks.drain(Math.max(0, leftMs));
      await webhooks.close();
    },
  });
  const teamEvents = new TeamEventPublisher(w.store.teams, webhooks, logger);
  const recorder = new TeamEventRecorder(w.inner, teamEvents, logger);
  return { teamEvents, recorder };
}
