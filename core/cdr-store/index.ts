/*
 * The CDR database (cdr.db). Not re-exported by core/index.ts because it
 * loads a native module; import this file.
 */
export { CDR_STORE_FILE, openCdrStore } from './open-cdr-store.ts';
export type {
  CdrContains,
  CdrDurations,
  CdrEmpty,
  CdrMatch,
  CdrQuery,
  CdrRecord,
} from './cdr-list.ts';
export type {
  CdrLegRecord,
  CdrStore,
  CdrStoreOptions,
  NewCdrLegRecord,
  NewCdrRecord,
} from './open-cdr-store.ts';
export { isAgentsCall } from './agent-calls.ts';
export { decodeCdrCursor, encodeCdrCursor } from './cdr-position.ts';
export type { CdrPosition } from './cdr-position.ts';
export type { AgentCalls } from './agent-calls.ts';
export { CALL_RESULTS, CALL_TYPES, CHARGE_STATES, LEG_TARGETS } from './cdr-schema.ts';
export type { DidTotals, DidTotalsQuery } from './did-totals.ts';
export type { ChargeTotals, ChargeTotalsQuery } from './charge-totals.ts';
// A started call's record for tests in any layer, as core exports FakeClock.
export { startedCdr } from './test-cdr.ts';
