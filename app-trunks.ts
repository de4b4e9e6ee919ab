/*
 * Trunk attempts wired to the config store (app.ts passes this to the SIP
 * stack): the trunk dialer reads each trunk's extra INVITE headers
 * (TRK-11) and reports how each attempt ended, which counts consecutive
 * failures and disables the trunk at its limit (TRK-13, D42); and the
 * teams' and trunks' limits on calls in progress (D83).
 */
import type { Logger } from './core/index.ts';
import type { ConfigStore } from './core/config-store/index.ts';

/** What the B2BUA's trunk dialer calls (signaling/b2bua TrunkAttempts). */
export interface StoreTrunkAttempts {
  headersFor(trunkId: number): ReadonlyArray<readonly [string, string]>;
  record(trunkId: number, outcome: 'reached' | 'failed'): void;
}

/**
 * The store behind the trunk dialer. Disabling a trunk is a store write
 * with a system row in the operation log, and a warn line here so that
 * the operator sees it in the process log too.
 */
export function storeTrunkAttempts(store: ConfigStore, logger: Logger): StoreTrunkAttempts {
  return {
    headersFor: (trunkId) => store.trunks.sipHeadersOf(trunkId),
    record: (trunkId, outcome) => {
      const result = store.trunks.recordAttempt(trunkId, outcome);
      if (!result.isDisabledNow) return;
      const name = store.trunks.find(trunkId)?.name;
      logger.warn(
        { trunkId, trunk: name, consecutiveFailures: result.consecutiveFailures },
        'trunk disabled after consecutive failed attempts (TRK-13); re-enable it over the API',
      );
    },
  };
}

/**
 * Teams' and trunks' limits on calls in progress, read from the store per
 * new call (read-cached), so an edit applies to the next call (D83).
 */
export function storeCallLimits(store: ConfigStore): {
  teamMaxCalls(teamId: number): number | undefined;
  trunkMaxChannels(trunkId: number): number | undefined;
} {
  return {
    teamMaxCalls: (teamId) => store.teams.find(teamId)?.maxConcurrentCalls ?? undefined,
    trunkMaxChannels: (trunkId) => store.trunks.find(trunkId)?.maxChannels ?? undefined,
  };
}
