import { and, eq, lte } from 'drizzle-orm';
import { registrations } from './schema.ts';
import type { StoreContext } from './store-context.ts';

/** A persisted registration binding (the registrar's StoredBinding). */
export type RegistrationRow = Omit<typeof registrations.$inferSelect, 'id'>;

/** One binding to forget: its AOR and contact URI. */
export interface RegistrationKey {
  aor: string;
  contactUri: string;
}

/**
 * Registration bindings on disk. The registrar keeps them in memory and
 * calls apply() with what changed, so a burst of REGISTERs costs one
 * transaction (one fsync) per batch, not one per request.
 */
export class RegistrationsRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /** Every stored binding, for the registrar's start. */
  loadAll(): RegistrationRow[] {
    return this.#ctx.db
      .select({
        aor: registrations.aor,
        teamId: registrations.teamId,
        extensionId: registrations.extensionId,
        number: registrations.number,
        contactUri: registrations.contactUri,
        q: registrations.q,
        expiresAtMs: registrations.expiresAtMs,
        callId: registrations.callId,
        cseq: registrations.cseq,
        protocol: registrations.protocol,
        sourceAddress: registrations.sourceAddress,
        sourcePort: registrations.sourcePort,
        isBehindNat: registrations.isBehindNat,
        userAgent: registrations.userAgent,
        instanceId: registrations.instanceId,
        registeredAtMs: registrations.registeredAtMs,
      })
      .from(registrations)
      .all();
  }

  /** Upserts and deletes in one transaction. Unknown extensions are skipped. */
  apply(upserts: readonly RegistrationRow[], removals: readonly RegistrationKey[]): void {
    if (upserts.length === 0 && removals.length === 0) return;
    this.#ctx.write((db) => {
      for (const key of removals) {
        db.delete(registrations)
          .where(and(eq(registrations.aor, key.aor), eq(registrations.contactUri, key.contactUri)))
          .run();
      }
      for (const row of upserts) {
        const { aor: _aor, contactUri: _contactUri, ...changed } = row;
        try {
          db.insert(registrations)
            .values(row)
            .onConflictDoUpdate({
              target: [registrations.aor, registrations.contactUri],
              set: changed,
            })
            .run();
        } catch {
          // The extension was deleted meanwhile (foreign key): the statement
          // alone is rolled back and the binding is not kept.
        }
      }
    });
  }

  /** Deletes every binding whose expiry has passed; returns how many. */
  deleteExpired(nowMs: number): number {
    return this.#ctx.write(
      (db) => db.delete(registrations).where(lte(registrations.expiresAtMs, nowMs)).run().changes,
    );
  }
}
