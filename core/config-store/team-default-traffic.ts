import { ValidationError } from '../index.ts';
import type { INBOUND_DESTINATION_TYPES } from './schema.ts';
import type { StoreDb } from './store-context.ts';
import { assertDestination } from './team-objects.ts';

/*
 * A team's default traffic (spec 01 §1.2 `默认话务类型` / `默认话务目标`,
 * TM-12): where a call to one of its DIDs goes when no inbound route
 * matches and the DID is bound to no extension. It takes the destination
 * types of inbound routes, checked the same way.
 */

/** The two team columns, as stored. */
export interface DefaultTraffic {
  defaultTrafficType?: (typeof INBOUND_DESTINATION_TYPES)[number] | null | undefined;
  defaultTrafficTargetId?: number | null | undefined;
}

/**
 * Applies `patch` over `current` and checks the result: a type changed
 * without a target drops the old target, which belonged to the old type;
 * the target must then be an object of that type in team `teamId`.
 * Returns the two columns to write. Throws ValidationError naming the field.
 */
export function resolveDefaultTraffic(
  db: StoreDb,
  teamId: number,
  current: DefaultTraffic,
  patch: DefaultTraffic,
): {
  defaultTrafficType: DefaultTraffic['defaultTrafficType'];
  defaultTrafficTargetId: number | null;
} {
  const type =
    patch.defaultTrafficType === undefined ? current.defaultTrafficType : patch.defaultTrafficType;
  const isTypeChanged =
    patch.defaultTrafficType !== undefined &&
    patch.defaultTrafficType !== current.defaultTrafficType;
  const targetId =
    patch.defaultTrafficTargetId !== undefined
      ? patch.defaultTrafficTargetId
      : isTypeChanged
        ? null
        : (current.defaultTrafficTargetId ?? null);
  if (type == null) {
    if (targetId !== null) {
      throw new ValidationError('defaultTrafficTargetId', 'a target needs defaultTrafficType');
    }
    return { defaultTrafficType: null, defaultTrafficTargetId: null };
  }
  assertDestination(db, teamId, type, targetId, 'defaultTrafficTargetId');
  return { defaultTrafficType: type, defaultTrafficTargetId: targetId };
}
