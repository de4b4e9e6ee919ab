import type { Logger } from './core/index.ts';
import type { CdrStore } from './core/cdr-store/index.ts';
import type { ConfigStore, ExtensionRate } from './core/config-store/index.ts';
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
 * Spec 03 §5.3 (c) 1–2, 5 for rate routing: the caller's enabled
 * extension rate for `number` over any trunk. It is the rate the charger
 * later finds for the trunk it names, so routing and pricing agree.
 */
export function extensionRateFinder(
  store: ConfigStore,
): (call: {
  teamId: number;
  callerExtensionId: number;
  number: string;
}) => ExtensionRate | undefined {
  return ({ teamId, callerExtensionId, number }) => {
    const caller = store.billing.callerOf(callerExtensionId);
    return findExtensionRate(store.rates.enabledExtensionRates(teamId), number, {
      teamId,
      accountGroupId: caller?.accountGroupId ?? null,
    });
  };
}

/**
 * The routing directory `directory` with the extension-rate checks added
 * (OutboundDirectory.extensionRates: TRK-7 and 5.3 (c) 3); every other
 * member is the directory's own, reached through the prototype.
 */
export function withExtensionRates<D extends object>(
  directory: D,
  store: ConfigStore,
): D & {
  extensionRates: {
    matches: ReturnType<typeof extensionRateMatcher>;
    find: ReturnType<typeof extensionRateFinder>;
  };
} {
  const extensionRates = { matches: extensionRateMatcher(store), find: extensionRateFinder(store) };
  return Object.assign(Object.create(directory) as D, { extensionRates });
}
