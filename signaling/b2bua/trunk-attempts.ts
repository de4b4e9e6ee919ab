/**
 * How one INVITE to a trunk ended, as TRK-13 counts it: `failed` when the
 * trunk could not carry the call (no response in time, 408, any 5xx, a
 * transport error, a host that does not resolve), `reached` for any other
 * final response: a 2xx, or the callee's own refusal such as 404, 486 or
 * 603, which shows the trunk works.
 */
export type TrunkAttemptOutcome = 'reached' | 'failed';

/**
 * The trunks' configuration as the trunk dialer uses it per attempt
 * (app.ts backs it with the config store). Both calls are synchronous
 * and must not throw; the dialer reports a throw and goes on.
 */
export interface TrunkAttempts {
  /** TRK-11: header fields added to every INVITE sent to the trunk. */
  headersFor(trunkId: number): ReadonlyArray<readonly [name: string, value: string]>;
  /** TRK-13: the outcome of one attempt, which may disable the trunk. */
  record(trunkId: number, outcome: TrunkAttemptOutcome): void;
}

/** A final status that means the trunk, not the callee, failed (RFC 3261 §21.4.9, §21.5). */
export function isTrunkFailure(status: number): boolean {
  return status === 408 || (status >= 500 && status < 600);
}
