export {
  DEFAULT_TRUNK_REGISTRATION_OPTIONS,
  TrunkRegistration,
  type RegistrationTrunk,
  type TrunkRegistrationDeps,
  type TrunkRegistrationOptions,
  type TrunkRegistrationStatus,
} from './trunk-registration.ts';
export { TrunkRegistrations } from './trunk-registrations.ts';
export {
  TrunkQualify,
  type QualifyTrunk,
  type TrunkQualifyDeps,
  type TrunkQualifyStatus,
} from './trunk-qualify.ts';
