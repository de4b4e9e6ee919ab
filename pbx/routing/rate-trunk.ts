/*
 * Rate routing (spec 03 §5.3 (a), (c) 3–5): "calls matching a rate are
 * sent out through that rate's trunk". Opt-in per team (`rateRouting`),
 * since D39's precedence was the only trunk choice before.
 */

/** The matched extension rate, as routing reads it. */
export interface RoutingRate {
  readonly id: number;
  /** The trunk the rate charges and, with rate routing, carries the call. */
  readonly trunkId: number | null;
}

/**
 * Finds the extension rate of a call: 5.3 (c) 1–2 (account group → team
 * → system, R6 within a level), enabled rates only ((c) 5), rates for any
 * trunk included. ConfigStore does not have it: app-billing.ts adds it.
 */
export interface ExtensionRateFinder {
  find(call: {
    teamId: number;
    callerExtensionId: number;
    number: string;
  }): RoutingRate | undefined;
}

/**
 * What rate routing says about a dial-out: `off` when the team does not
 * route by rates; `refused` when no rate prices the number ((c) 4); `route`
 * when the rate names no trunk, so the route precedence (EXT-11, AG-3,
 * OR-4, TM-5) chooses; `trunk` when the rate's trunk carries the call.
 */
export type RateTrunkChoice =
  | { readonly kind: 'off' }
  | { readonly kind: 'refused' }
  | { readonly kind: 'route'; readonly rateId: number }
  | { readonly kind: 'trunk'; readonly rateId: number; readonly trunkId: number };

/**
 * 5.3 (c) 3–4 for one call. Without a finder a rate-routing team prices
 * nothing, so its trunk calls are refused: failing closed keeps calls off
 * trunks no rate was meant to charge.
 */
export function rateTrunkChoice(
  team: { readonly rateRouting?: boolean } | undefined,
  finder: Partial<ExtensionRateFinder> | undefined,
  call: { teamId: number; callerExtensionId: number; number: string },
): RateTrunkChoice {
  if (team?.rateRouting !== true) return { kind: 'off' };
  const rate = finder?.find?.(call);
  if (rate === undefined) return { kind: 'refused' };
  if (rate.trunkId === null) return { kind: 'route', rateId: rate.id };
  return { kind: 'trunk', rateId: rate.id, trunkId: rate.trunkId };
}
