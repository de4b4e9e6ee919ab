export { B2bua, type B2buaDeps } from './b2bua.ts';
export {
  DEFAULT_B2BUA_OPTIONS,
  type B2buaContext,
  type B2buaOptions,
  type DtmfMode,
  type DtmfModes,
} from './b2bua-context.ts';
export type { ActiveCalls, ActiveCallSummary } from './active-calls.ts';
export type { B2buaCallState, CallDirection, CallParties } from './b2bua-call.ts';
export type { TrunkChannels } from './trunk-channels.ts';
export type { BlfParty, BlfWatchPolicy, MailboxCounts } from './blf-subscriptions.ts';
export type { HotkeyCodesOf, HotkeyPolicy, TeamHotkeyCode } from './b2bua-hotkeys.ts';
export type { HotkeyName, HotkeyRoute } from './hotkey-transfer.ts';
export type { InfoDtmfParser } from './info-dtmf.ts';
export type { TrunkAttemptOutcome, TrunkAttempts } from './trunk-attempts.ts';
