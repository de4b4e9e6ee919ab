/**
 * Statuses from leg B that mean the same to the caller and are relayed as
 * they are; anything else (auth challenges, redirects, server errors) is
 * between us and the callee and becomes 480 Temporarily Unavailable.
 */
const RELAYED = new Set([404, 408, 480, 486, 488, 600, 603, 606]);

/** The status to send on leg A for a final non-2xx from leg B. */
export function relayedStatus(status: number): number {
  return RELAYED.has(status) ? status : 480;
}

/**
 * The best of several fork results (RFC 3261 §16.7 step 6, simplified for a
 * B2BUA): a 6xx ends the search, then busy beats unavailable, then the
 * lowest status.
 */
export function bestStatus(statuses: readonly number[]): number {
  if (statuses.length === 0) return 480;
  const global = statuses.find((s) => s >= 600);
  if (global !== undefined) return global;
  if (statuses.includes(486)) return 486;
  return Math.min(...statuses);
}
