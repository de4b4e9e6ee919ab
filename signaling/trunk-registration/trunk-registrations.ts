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
      registration.start();
    }
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
