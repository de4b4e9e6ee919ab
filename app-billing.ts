import type { Logger } from './core/index.ts';
import type { CdrStore } from './core/cdr-store/index.ts';
import type { ConfigStore } from './core/config-store/index.ts';
import type { AgentPresence } from './core/ports/index.ts';
import {
  CallCharger,
  ChargingCdrStorage,
  findExtensionRate,
  type BillingStore,
  type ChargedCdrs,
} from './pbx/billing/index.ts';
import type { CdrStorage } from './pbx/cdr/index.ts';

/*
 * Wiring of call charging (spec 03 §5, D56): the config store's rates and
 * charges, the CDR store, and the agents' presence, to pbx/billing.
 */

/** ConfigStore as the charger reads and writes it. */
export function billingStoreOf(store: ConfigStore): BillingStore {
  return {
    callerOf: (extensionId) => store.billing.callerOf(extensionId),
    enabledSystemRates: () => store.rates.enabledSystemRates(),
    enabledTeamRates: (teamId) => store.rates.enabledTeamRates(teamId),
    enabledExtensionRates: (teamId) => store.rates.enabledExtensionRates(teamId),
    enabledAgentRates: (teamId) => store.rates.enabledAgentRates(teamId),
    applyCharge: (input) => store.billing.applyCharge(input),
  };
}

/** The CDR store as the charger reads and writes it. */
export function chargedCdrsOf(cdrs: CdrStore): ChargedCdrs {
  return {
    get: (callId) => cdrs.get(callId),
    pendingCharges: (limit) => cdrs.pendingCharges(limit),
    complete: (callId, patch) => cdrs.complete(callId, patch),
  };
}

/** What buildBilling() needs. */
export interface BillingDeps {
  store: ConfigStore;
  cdrs: CdrStore;
  /**
   * The agents' presence, asked when a call ends; a function because the
   * agent sessions are built after the CDR recorder.
   */
  presence: () => Pick<AgentPresence, 'sessionAtPhone'> | undefined;
  logger: Logger;
}

/** The charger and the CDR storage that charges each answered call at its end. */
export function buildBilling(deps: BillingDeps): { charger: CallCharger; storage: CdrStorage } {
  const charger = new CallCharger({
    store: billingStoreOf(deps.store),
    cdrs: chargedCdrsOf(deps.cdrs),
    presence: {
      sessionAtPhone: (teamId, number) => deps.presence()?.sessionAtPhone(teamId, number),
    },
    logger: deps.logger,
  });
  return { charger, storage: new ChargingCdrStorage(deps.cdrs, charger) };
}

/**
 * TRK-7: whether an extension rate prices `number` for the calling
 * extension over `trunkId` (the 5.3 levels, rates for that trunk or any).
 */
export function extensionRateMatcher(
  store: ConfigStore,
): (call: {
  teamId: number;
  callerExtensionId: number;
  trunkId: number;
  number: string;
}) => boolean {
  return ({ teamId, callerExtensionId, trunkId, number }) => {
    const caller = store.billing.callerOf(callerExtensionId);
    const rate = findExtensionRate(store.rates.enabledExtensionRates(teamId), number, {
      teamId,
      accountGroupId: caller?.accountGroupId ?? null,
      trunkId,
    });
    return rate !== undefined;
  };
}

/**
 * The routing directory `directory` with TRK-7's extension-rate check
 * added (OutboundDirectory.extensionRates); every other member is the
 * directory's own, reached through the prototype.
 */
export function withExtensionRates<D extends object>(
  directory: D,
  store: ConfigStore,
): D & { extensionRates: { matches: ReturnType<typeof extensionRateMatcher> } } {
  const matches = extensionRateMatcher(store);
  return Object.assign(Object.create(directory) as D, { extensionRates: { matches } });
}
