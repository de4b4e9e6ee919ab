import {
  DEFAULT_TRUNK_REGISTRATION_OPTIONS,
  TrunkRegistration,
  type RegistrationTrunk,
  type TrunkRegistrationDeps,
  type TrunkRegistrationOptions,
  type TrunkRegistrationStatus,
} from './trunk-registration.ts';

/**
 * The registrations of all registration trunks (spec 01 TRK-2): one
 * TrunkRegistration per trunk, their status for the admin API, and
 * unREGISTER of every one on shutdown.
 */
export class TrunkRegistrations {
  private readonly byTrunk = new Map<number, TrunkRegistration>();
  /** What each registration was started with, to see a change at sync(). */
  private readonly configOf = new Map<number, string>();

  constructor(
    private readonly deps: TrunkRegistrationDeps,
    private readonly options: TrunkRegistrationOptions = DEFAULT_TRUNK_REGISTRATION_OPTIONS,
  ) {}

  /** Starts registering each trunk not yet registering. */
  start(trunks: readonly RegistrationTrunk[]): void {
    for (const trunk of trunks) {
      if (this.byTrunk.has(trunk.trunkId)) continue;
      const registration = new TrunkRegistration(trunk, this.deps, this.options);
      this.byTrunk.set(trunk.trunkId, registration);
      this.configOf.set(trunk.trunkId, JSON.stringify(trunk));
      registration.start();
    }
  }

  /**
   * Applies the configured set (the manual's reload): trunks that are new
   * start registering, removed or disabled ones unREGISTER, and changed
   * ones (host, credentials) unREGISTER and start again. Unchanged ones
   * keep their registration.
   */
  async sync(trunks: readonly RegistrationTrunk[]): Promise<void> {
    const wanted = new Map(trunks.map((t) => [t.trunkId, t]));
    const stopping: Promise<void>[] = [];
    for (const [trunkId, registration] of this.byTrunk) {
      const trunk = wanted.get(trunkId);
      if (trunk !== undefined && this.configOf.get(trunkId) === JSON.stringify(trunk)) continue;
      this.byTrunk.delete(trunkId);
      this.configOf.delete(trunkId);
      stopping.push(registration.stop());
    }
    await Promise.all(stopping);
    this.start(trunks);
  }

  /** The status of every trunk, or of one; undefined for an unknown trunk. */
  status(): TrunkRegistrationStatus[];
  status(trunkId: number): TrunkRegistrationStatus | undefined;
  status(trunkId?: number): TrunkRegistrationStatus[] | TrunkRegistrationStatus | undefined {
    if (trunkId !== undefined) return this.byTrunk.get(trunkId)?.status;
    return [...this.byTrunk.values()].map((r) => r.status);
  }

  /** Removes every binding (Expires 0) and stops refreshing. Idempotent. */
  async stop(): Promise<void> {
    const registrations = [...this.byTrunk.values()];
    await Promise.all(registrations.map((r) => r.stop()));
  }
}
