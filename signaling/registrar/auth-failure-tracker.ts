import type { Clock } from '../../core/index.ts';

/** Thresholds of the brute-force protection. */
export interface AuthFailurePolicy {
  /** Failed authentications from one IP within the window that ban it. */
  maxFailuresPerIp: number;
  /** Failed authentications for one username within the window that lock it. */
  maxFailuresPerUser: number;
  windowMs: number;
  banDurationMs: number;
  /** Counters kept at most; the oldest are forgotten beyond this. */
  maxTracked: number;
}

/** Defaults: 20 failures a minute ban an IP for 10 minutes. */
export const DEFAULT_AUTH_FAILURE_POLICY: AuthFailurePolicy = {
  maxFailuresPerIp: 20,
  maxFailuresPerUser: 50,
  windowMs: 60_000,
  banDurationMs: 600_000,
  maxTracked: 100_000,
};

interface Counter {
  count: number;
  windowStartMs: number;
}

/** What a failure led to. */
export type FailureOutcome = 'counted' | 'ip-banned' | 'user-locked';

/**
 * Counts failed digest authentications per source IP and per username in a
 * fixed window. Crossing the IP threshold bans the IP (the caller tells the
 * transports); crossing the user threshold locks the username for the ban
 * duration, so a distributed guess at one password also stops.
 */
export class AuthFailureTracker {
  readonly #byIp = new Map<string, Counter>();
  readonly #byUser = new Map<string, Counter>();
  readonly #lockedUsers = new Map<string, number>();

  constructor(
    private readonly policy: AuthFailurePolicy,
    private readonly clock: Clock,
  ) {}

  /** Records one failure; says whether it crossed a threshold. */
  recordFailure(ip: string, username: string | undefined): FailureOutcome {
    const nowMs = this.clock.monotonicMs();
    let outcome: FailureOutcome = 'counted';
    if (username !== undefined && username !== '') {
      const n = this.#bump(this.#byUser, username, nowMs);
      if (n >= this.policy.maxFailuresPerUser) {
        this.#lockedUsers.set(username, nowMs + this.policy.banDurationMs);
        this.#byUser.delete(username);
        outcome = 'user-locked';
      }
    }
    const n = this.#bump(this.#byIp, ip, nowMs);
    if (n >= this.policy.maxFailuresPerIp) {
      this.#byIp.delete(ip);
      outcome = 'ip-banned';
    }
    return outcome;
  }

  /** Clears the IP's counter after a success, so typos do not add up. */
  recordSuccess(ip: string): void {
    this.#byIp.delete(ip);
  }

  /** True while the username is locked. */
  isUserLocked(username: string): boolean {
    const untilMs = this.#lockedUsers.get(username);
    if (untilMs === undefined) return false;
    if (untilMs > this.clock.monotonicMs()) return true;
    this.#lockedUsers.delete(username);
    return false;
  }

  #bump(map: Map<string, Counter>, key: string, nowMs: number): number {
    let c = map.get(key);
    if (c === undefined || nowMs - c.windowStartMs >= this.policy.windowMs) {
      if (c === undefined && map.size >= this.policy.maxTracked) {
        const oldest = map.keys().next().value;
        if (oldest !== undefined) map.delete(oldest);
      }
      c = { count: 0, windowStartMs: nowMs };
      map.delete(key);
      map.set(key, c);
    }
    return ++c.count;
  }
}
