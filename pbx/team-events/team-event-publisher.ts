import type { Logger } from '../../core/index.ts';
import type { WebhookDelivery } from '../../core/webhooks/index.ts';
import type { TeamEvent } from './team-event.ts';

/** Header naming the team's realm beside the signature (TM-11). */
export const REALM_HEADER = 'x-switchyard-realm';
/** Header repeating the event name, so receivers can route without parsing. */
export const EVENT_HEADER = 'x-switchyard-event';

/** Where a team's events go; the config store's teams fit it. */
export interface TeamEventTargets {
  /** The team row, read through the store's cache. */
  find(teamId: number): { readonly eventUrl: string | null } | undefined;
  eventTarget(
    teamId: number,
  ):
    | { readonly url: string; readonly verificationString: string; readonly realm: string }
    | undefined;
}

/** The queue events are handed to; WebhookDispatcher fits it. */
export interface TeamEventQueue {
  enqueue(key: string, delivery: WebhookDelivery): void;
}

/**
 * Sends each team event to its team's event URL (TM-11): looks the target
 * up when the event happens, so a changed URL or secret applies to the
 * next event, and queues one signed POST per event, keyed by team.
 * A team without an event URL costs one cached lookup.
 */
export class TeamEventPublisher {
  readonly #targets: TeamEventTargets;
  readonly #queue: TeamEventQueue;
  readonly #logger: Logger;

  constructor(targets: TeamEventTargets, queue: TeamEventQueue, logger: Logger) {
    this.#targets = targets;
    this.#queue = queue;
    this.#logger = logger;
  }

  /**
   * Whether team `teamId` has an event URL: one cached read, so the call
   * path builds no event for the teams (most) that have none.
   */
  wants(teamId: number): boolean {
    try {
      return this.#targets.find(teamId)?.eventUrl != null;
    } catch {
      return false;
    }
  }

  /** Queues `event` for its team; never throws. */
  publish(event: TeamEvent): void {
    try {
      const target = this.#targets.eventTarget(event.teamId);
      if (target === undefined) return;
      this.#queue.enqueue(String(event.teamId), {
        url: target.url,
        body: JSON.stringify(event),
        secret: target.verificationString,
        headers: { [REALM_HEADER]: target.realm, [EVENT_HEADER]: event.event },
      });
    } catch (e) {
      this.#logger.warn({ err: e, teamId: event.teamId, event: event.event }, 'team event dropped');
    }
  }
}
