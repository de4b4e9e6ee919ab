export { SipStack, type SipStackOptions, type SipStackDeps } from './sip-stack.ts';
export {
  DEFAULT_AUTH_FAILURE_POLICY,
  DEFAULT_REGISTRAR_OPTIONS,
  type Binding,
  type BindingPersistence,
  type ContactQualifySettings,
  type ContactQualifyStatus,
  type DirectoryEntry,
  type FixedContact,
  type RegistrarDirectory,
  type StaticContact,
  type StoredBinding,
} from './registrar/index.ts';
export {
  DEFAULT_SOURCE_LIMITS,
  type RejectEntry,
  type TransportAddress,
} from './transport/index.ts';
export type {
  BlfParty,
  BlfWatchPolicy,
  DtmfMode,
  DtmfModes,
  HotkeyName,
  HotkeyPolicy,
  HotkeyRoute,
} from './b2bua/index.ts';
export { DEFAULT_TIMERS } from './transaction/index.ts';
export { DEFAULT_SCANNER_USER_AGENTS } from './user-agent/index.ts';
export {
  DEFAULT_TRUNK_REGISTRATION_OPTIONS,
  TrunkQualify,
  TrunkRegistrations,
  type QualifyTrunk,
  type RegistrationTrunk,
  type TrunkQualifyStatus,
  type TrunkRegistrationOptions,
  type TrunkRegistrationStatus,
} from './trunk-registration/index.ts';
