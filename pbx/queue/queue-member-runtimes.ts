/*
 * What a Queue remembers about each member between calls (Queue keeps
 * one QueueMemberRuntimes): calls taken, wrap-up, the retry
 * period, and whether it is busy or ringing.
 */
import type { QueueCall } from './queue-call.ts';

/** What the queue remembers about each member between calls. */
export interface MemberRuntime {
  lastCallEndedAtMs: number | undefined;
  callsTaken: number;
  /** no queue call before this monotonic time. */
  wrapUpUntilMs: number;
  /** not rung again before this monotonic time. */
  retryAfterMs: number;
  isBusy: boolean;
  ringingFor: QueueCall | undefined;
}

/** The runtime of every member a queue has offered a call to. */
export class QueueMemberRuntimes {
  readonly #members = new Map<string, MemberRuntime>();

  /** The runtime of member `key`, created on first use. */
  of(key: string): MemberRuntime {
    let rt = this.#members.get(key);
    if (rt === undefined) {
      rt = {
        lastCallEndedAtMs: undefined,
        callsTaken: 0,
        wrapUpUntilMs: 0,
        retryAfterMs: 0,
        isBusy: false,
        ringingFor: undefined,
      };
      this.#members.set(key, rt);
    }
    return rt;
  }

  /** Neither busy nor ringing, and out of wrap-up and retry at `now`. */
  isFree(key: string, now: number): boolean {
    const rt = this.of(key);
    return (
      !rt.isBusy && rt.ringingFor === undefined && now >= rt.wrapUpUntilMs && now >= rt.retryAfterMs
    );
  }

  /** Frees the members ringing for `call`. */
  releaseRinging(call: QueueCall): void {
    for (const rt of this.#members.values()) if (rt.ringingFor === call) rt.ringingFor = undefined;
  }

  /** The first wrap-up or retry end after `since`; +Infinity if none. */
  nextPeriodEndAfter(since: number): number {
    let nextMs = Number.POSITIVE_INFINITY;
    for (const rt of this.#members.values()) {
      for (const t of [rt.wrapUpUntilMs, rt.retryAfterMs]) if (t > since && t < nextMs) nextMs = t;
    }
    return nextMs;
  }
}
