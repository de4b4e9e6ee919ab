import { and, eq } from 'drizzle-orm';
import { INBOUND_DESTINATION_TYPES, inboundRoutes, teams } from './schema.ts';
import type { StoreDb } from './store-context.ts';

/*
 * Referrer probes for DID groups (DG-4) and for the targets of a team's
 * default traffic (TM-12), which is polymorphic and has no foreign key.
 */

/** Resources these probes name. */
export type DidReferrerResource = 'inboundRoute' | 'team';

/** What a probe finds. */
export type DidReferrer = { resource: DidReferrerResource; id: number; name: string };

const INBOUND_TYPES: ReadonlySet<string> = new Set(INBOUND_DESTINATION_TYPES);

/** DG-4: the first inbound route matching on DID group `id` (IR-2 `组匹配`). */
export function didGroupReferrer(db: StoreDb, id: number): DidReferrer | undefined {
  const route = db
    .select({ id: inboundRoutes.id, name: inboundRoutes.name })
    .from(inboundRoutes)
    .where(eq(inboundRoutes.didGroupId, id))
    .get();
  return route && { resource: 'inboundRoute', ...route };
}

/** TM-12: the team whose default traffic goes to `kind` `id`, if any. */
export function defaultTrafficReferrer(
  db: StoreDb,
  kind: string,
  id: number,
): DidReferrer | undefined {
  if (!INBOUND_TYPES.has(kind)) return undefined;
  const type = kind as (typeof INBOUND_DESTINATION_TYPES)[number];
  const team = db
    .select({ id: teams.id, name: teams.uid })
    .from(teams)
    .where(and(eq(teams.defaultTrafficType, type), eq(teams.defaultTrafficTargetId, id)))
    .get();
  return team && { resource: 'team', ...team };
}
