/*
 * The configuration store (better-sqlite3 + drizzle-orm). Not re-exported
 * by core/index.ts because it loads a native module; import this file.
 */
export { openStore, STORE_FILE } from './open-store.ts';
export type { ConfigStore, OpenStoreOptions } from './open-store.ts';
export { TeamsRepository } from './teams-repository.ts';
export type { NewTeam, Team, TeamUpdate, TeamUsage } from './teams-repository.ts';
export type { TeamEventTarget } from './team-event-settings.ts';
export { AccountsRepository } from './accounts-repository.ts';
export type { Account, AccountUpdate, NewAccount } from './accounts-repository.ts';
export { ExtensionsRepository } from './extensions-repository.ts';
export type {
  Extension,
  ExtensionRange,
  ExtensionUpdate,
  NewExtension,
} from './extensions-repository.ts';
export type { SipCredentials } from './sip-credential-finder.ts';
export { parseHostRestriction } from './host-restriction.ts';
export { textContains } from '../sql-like.ts';
export type { StrictBounds } from '../sql-like.ts';
export { currentActor, withActor } from './actor.ts';
export type { HostRestriction } from './host-restriction.ts';
export { RECORD_GAIN_LIMIT_DB, TrunksRepository } from './trunks-repository.ts';
export type { NewTrunk, Trunk, TrunkUpdate } from './trunks-repository.ts';
export { TRUNK_RULE_PREFIX_PATTERN, TrunkRulesRepository } from './trunk-rules-repository.ts';
export type { NewTrunkRule, TrunkRule, TrunkRuleUpdate } from './trunk-rules-repository.ts';
export { OutboundRoutesRepository } from './outbound-routes-repository.ts';
export type {
  NewOutboundRoute,
  OutboundRoute,
  OutboundRouteUpdate,
} from './outbound-routes-repository.ts';
export { DEFAULT_DID_LANGUAGE, DidsRepository, SYSTEM_OPERATOR } from './dids-repository.ts';
export { DidLogsRepository } from './did-logs-repository.ts';
export type { DidLog, DidLogQuery, DidLogStatus } from './did-logs-repository.ts';
export { SatisfactionRatingsRepository } from './satisfaction-ratings-repository.ts';
export type {
  NewSatisfactionRating,
  SatisfactionRating,
  SatisfactionRatingQuery,
} from './satisfaction-ratings-repository.ts';
export { FinanceRepository } from './finance-repository.ts';
export type {
  FinanceAdjustment,
  FinanceAdjustmentQuery,
  FinanceAdjustmentType,
  NewFinanceAdjustment,
} from './finance-repository.ts';
export { RateTable, RatesRepository } from './rates-repository.ts';
export type {
  AgentInboundRate,
  ExtensionRate,
  NewAgentInboundRate,
  NewExtensionRate,
  NewSystemRate,
  NewTeamRate,
  SystemRate,
  TeamRate,
} from './rates-repository.ts';
export { BillingRepository } from './billing-repository.ts';
export type {
  AgentLedgerEntry,
  AgentLedgerQuery,
  AgentLedgerType,
  CallCharge,
  ChargedCaller,
  NewAgentLedgerEntry,
  NewCallCharge,
} from './billing-repository.ts';
export { BillsRepository, billOwnerKey } from './bills-repository.ts';
export type {
  BillableAccount,
  Bill,
  BillLevel,
  BillLine,
  BillQuery,
  NewBill,
} from './bills-repository.ts';
export type { Did, DidUpdate, NewDid } from './dids-repository.ts';
export { InternalNumbersRepository } from './internal-numbers-repository.ts';
export type {
  InternalNumber,
  InternalNumberKind,
  InternalNumberReservation,
} from './internal-numbers-repository.ts';
export { AccountGroupsRepository } from './account-groups-repository.ts';
export type {
  AccountGroup,
  AccountGroupMember,
  AccountGroupMemberInput,
  AccountGroupUpdate,
  NewAccountGroup,
} from './account-groups-repository.ts';
export { AGENT_NO_PATTERN, AgentsRepository } from './agents-repository.ts';
export type { Agent, AgentUpdate, NewAgent } from './agents-repository.ts';
export { AgentGroupsRepository } from './agent-groups-repository.ts';
export { AgentSessionsRepository } from './agent-sessions-repository.ts';
export type { AgentSessionRow } from './agent-sessions-repository.ts';
export type {
  AgentGroup,
  AgentGroupMember,
  AgentGroupMemberInput,
  AgentGroupUpdate,
  NewAgentGroup,
} from './agent-groups-repository.ts';
export { RingGroupsRepository } from './ring-groups-repository.ts';
export {
  RingGroupMembersRepository,
  type NewRingGroupMember,
  type RingGroupMember,
} from './ring-group-members-repository.ts';
export type { NewRingGroup, RingGroup, RingGroupUpdate } from './ring-groups-repository.ts';
export { QueuesRepository } from './queues-repository.ts';
export type { NewQueue, Queue, QueueUpdate } from './queues-repository.ts';
export {
  CONFERENCE_PIN_PATTERN,
  ConferenceRoomsRepository,
  MAX_CONFERENCE_MEMBERS,
} from './conference-rooms-repository.ts';
export {
  DidGroupsRepository,
  MAX_DID_GROUP_ENTRIES,
  didGroupMatches,
} from './did-groups-repository.ts';
export type { DidGroup, DidGroupUpdate, NewDidGroup } from './did-groups-repository.ts';
export { VOICEMAIL_PIN_PATTERN, VoicemailBoxesRepository } from './voicemail-boxes-repository.ts';
export type {
  NewVoicemailBox,
  VoicemailBox,
  VoicemailBoxUpdate,
} from './voicemail-boxes-repository.ts';
export type {
  ConferenceRoom,
  ConferenceRoomUpdate,
  NewConferenceRoom,
} from './conference-rooms-repository.ts';
export { WorkHoursRepository } from './work-hours-repository.ts';
export type { NewWorkHours, WorkHours, WorkHoursUpdate } from './work-hours-repository.ts';
export { RecordingRetentionPlansRepository } from './recording-retention-plans-repository.ts';
export type {
  NewRecordingRetentionPlan,
  RecordingRetentionPlan,
  RecordingRetentionPlanUpdate,
} from './recording-retention-plans-repository.ts';
export { PARKING_DEFAULTS, ParkingLotsRepository, slotNumbers } from './parking-lots-repository.ts';
export type {
  NewParkingLot,
  ParkingLot,
  ParkingLotUpdate,
  ParkingNumber,
  ParkingTimeoutType,
} from './parking-lots-repository.ts';
export { CallbackRequestsRepository } from './callback-requests-repository.ts';
export type {
  CallbackRequest,
  CallbackRequestStatus,
  CallbackRequestUpdate,
  NewCallbackRequest,
} from './callback-requests-repository.ts';
export { TrunkGroupsRepository } from './trunk-groups-repository.ts';
export type { NewTrunkGroup, TrunkGroup, TrunkGroupUpdate } from './trunk-groups-repository.ts';
export { TrunkGroupRulesRepository } from './trunk-group-rules-repository.ts';
export type {
  NewTrunkGroupRule,
  TrunkGroupRule,
  TrunkGroupRuleUpdate,
} from './trunk-group-rules-repository.ts';
export { InboundRoutesRepository } from './inbound-routes-repository.ts';
export type {
  InboundRoute,
  InboundRouteUpdate,
  NewInboundRoute,
} from './inbound-routes-repository.ts';
export { CallerListsRepository } from './caller-lists-repository.ts';
export type {
  CallerListEntry,
  CallerListEntryUpdate,
  NewCallerListEntry,
} from './caller-lists-repository.ts';
export type { FailoverType, InboundDestinationType } from './team-objects.ts';
export { SETTING_KEYS, SettingsRepository } from './settings-repository.ts';
export { RegistrationsRepository } from './registrations-repository.ts';
export type { RegistrationKey, RegistrationRow } from './registrations-repository.ts';
export { ApiTokensRepository, hashApiToken } from './api-tokens-repository.ts';
export type { ApiToken, ApiTokenKind, ApiTokenOwner } from './api-tokens-repository.ts';
export { OperationLogsRepository } from './operation-logs-repository.ts';
export type {
  NewOperationLog,
  OperationAction,
  OperationLog,
  OperationLogQuery,
} from './operation-logs-repository.ts';
export { selectKeysetJsonPage, selectKeysetPage } from './keyset-page.ts';
export type {
  KeysetJsonPage,
  KeysetJsonRow,
  KeysetPage,
  KeysetPageRequest,
  KeysetSource,
} from './keyset-page.ts';
export { ReferencesRepository } from './references-repository.ts';
export { RolesRepository } from './roles-repository.ts';
export type { AccountGrants, BuiltinRole, NewRole, Role, RoleUpdate } from './roles-repository.ts';
export { PbxTemplatesRepository } from './pbx-templates-repository.ts';
export type { NewPbxTemplate, PbxTemplate, PbxTemplateUpdate } from './pbx-templates-repository.ts';
export {
  ignoredTemplateKeys,
  INTERPRETED_TEMPLATE_KEYS,
  overlayTemplateOptions,
  parseTemplateDetails,
} from './template-details.ts';
export type { TemplateOption } from './template-details.ts';
export {
  defaultTemplateName,
  effectiveConfig,
  sdpCodecsFromOptions,
  templateProtocolOf,
} from './template-links.ts';
export type {
  EffectiveConfig,
  EffectiveOption,
  OptionSource,
  TemplateProtocol,
  TemplateType,
} from './template-links.ts';
export {
  CallerIdRestrictionsRepository,
  RESTRICTED_NUMBER_PATTERN,
} from './caller-id-restrictions-repository.ts';
export { BlfGroupsRepository } from './blf-groups-repository.ts';
export type { BlfGroup, BlfGroupUpdate, NewBlfGroup } from './blf-groups-repository.ts';
export { BoardsRepository, parseChannelRanges } from './boards-repository.ts';
export type { Board, NewBoard } from './boards-repository.ts';
export type {
  CallerIdRestriction,
  CallerIdRestrictionUpdate,
  NewCallerIdRestriction,
  OutboundTrunkUse,
} from './caller-id-restrictions-repository.ts';
export {
  allPermissions,
  grants,
  PERMISSION_CATEGORIES,
  PERMISSION_PAGES,
  permissionPage,
} from './permission-pages.ts';
export type { PermissionAction, PermissionCategory, PermissionPage } from './permission-pages.ts';
export type { ReferencedKind, Referrer } from './references-repository.ts';
export { hashPassword, hashPasswordSync, isPasswordHash, verifyPassword } from './password-hash.ts';
export { SECRET_KEY_FILE, SecretDecryptError } from './secret-box.ts';
export { registrationNameOf, teamRealm } from './sip-credentials.ts';
export { ensureSuperadmin, SUPERADMIN_USERNAME } from './ensure-superadmin.ts';
export type { EnsureSuperadminResult } from './ensure-superadmin.ts';
export { DEMO, provisionDemo } from './provision-demo.ts';
export {
  FeatureCodesRepository,
  isFeatureCodeName,
  mergeFeatureCodes,
} from './feature-codes-repository.ts';
export type {
  EffectiveFeatureCode,
  FeatureCodeOverride,
  FeatureCodeRow,
  FeatureCodeSource,
} from './feature-codes-repository.ts';
export {
  DEFAULT_FEATURE_CODES,
  FEATURE_CODE_NAMES,
  FEATURE_CODE_PATTERN,
} from './feature-codes-defaults.ts';
export type {
  DefaultFeatureCode,
  FeatureCodeKind,
  FeatureCodeName,
} from './feature-codes-defaults.ts';
export type { ProvisionDemoOptions, ProvisionDemoResult } from './provision-demo.ts';
export {
  ACCOUNT_TYPES,
  AGENT_EXTENSION_MODES,
  AGENT_WORK_MODES,
  API_TOKEN_KINDS,
  CALLER_LIST_TYPES,
  FAILOVER_TYPES,
  INBOUND_DESTINATION_TYPES,
  MEMBERSHIP_TYPES,
  OUTBOUND_ATTRIBUTES,
  CONSULT_SCOPES,
  MEDIA_ACCESS_MODES,
  QUEUE_STRATEGIES,
  RING_GROUP_STRATEGIES,
  WRAP_UP_MODES,
  OPERATION_ACTIONS,
  DEVICE_TYPES,
  DID_DESTINATION_TYPES,
  DID_RATE_TYPES,
  DID_GROUP_MATCH_TYPES,
  INTERNAL_NUMBER_KINDS,
  PAYMENT_MODES,
  PICKUP_SCOPES,
  STATUSES,
  TRUNK_GROUP_STRATEGIES,
  TRUNK_TRANSPORTS,
  TRUNK_TYPES,
  VOICEMAIL_GREETINGS,
  WEEKDAYS,
} from './schema.ts';
export type { WorkHoursInterval } from './schema.ts';
export { OUTBOUND_ROUTE_ACTIONS, OUTBOUND_TARGET_TYPES, TRUNK_RULE_ACTIONS } from './schema.ts';
export { CALLBACK_REQUEST_STATUSES, PARKING_TIMEOUT_TYPES } from './schema.ts';
export { DID_LOG_STATUSES } from './schema.ts';
export { RATING_MAX_SCORE, RATING_MIN_SCORE } from './schema.ts';
export { MOH_APPLY_MODES } from './schema.ts';
export {
  AGENT_CDR_ACCESS,
  AGENT_SESSION_ACTIVITIES,
  AGENT_WRAP_UP_CHOICES,
  UI_LANGUAGES,
} from './schema.ts';
export { FINANCE_ADJUSTMENT_TYPES, FINANCE_METHODS } from './schema.ts';
export { AGENT_LEDGER_TYPES } from './schema.ts';
export { BILL_LEVELS } from './schema.ts';
export {
  BUILTIN_ROLES,
  CALLER_RESTRICTION_TARGETS,
  CALLER_RESTRICTION_TYPES,
  PERMISSION_ACTIONS,
  ROLE_TYPES,
  TEMPLATE_PROTOCOLS,
  TEMPLATE_TYPES,
} from './schema.ts';
export type { RolePermissions } from './schema.ts';
export {
  ANALOG_PORT_TYPES,
  ANALOG_SIGNALLINGS,
  BOARD_KINDS,
  PRI_DIALPLANS,
  SPAN_FRAMINGS,
  SPAN_SIGNALLINGS,
  SPAN_SWITCHTYPES,
} from './schema.ts';
export type { AnalogPortConfig, BoardConfig, DigitalSpanConfig } from './schema.ts';
export { MAX_VOICE_FILE_NAME, VoiceFilesRepository } from './voice-files-repository.ts';
export type { NewVoiceFile, VoiceFile, VoiceFileUpdate } from './voice-files-repository.ts';
export { CallPromptsRepository } from './call-prompts-repository.ts';
export type {
  CallPrompt,
  CallPromptUpdate,
  CallPromptVariant,
  NewCallPrompt,
  PromptLanguage,
} from './call-prompts-repository.ts';
export {
  DEFAULT_MOH_IDENTIFIER,
  MOH_IDENTIFIER_PATTERN,
  MohClassesRepository,
} from './moh-classes-repository.ts';
export type { MohClass, MohClassUpdate, NewMohClass } from './moh-classes-repository.ts';
export { PROMPT_LANGUAGES, VOICE_FILE_ENCODINGS, VOICE_FILE_FORMATS } from './schema.ts';
export { IvrFlowsRepository } from './ivr-flows-repository.ts';
export type { IvrFlow, IvrFlowUpdate, NewIvrFlow } from './ivr-flows-repository.ts';
export { IVR_VARIABLE_PATTERN } from './ivr-parts.ts';
export type {
  IvrAction,
  IvrActionInput,
  IvrActionType,
  IvrFailover,
  IvrFailoverType,
  IvrTransition,
  IvrTransitionInput,
  IvrTransitionType,
} from './ivr-parts.ts';
export { AUTO_TARGET, toDestination } from './stored-destination.ts';
export type { StoredDestination } from './stored-destination.ts';
export {
  APPLICATION_HANDLERS,
  IVR_ACTION_TYPES,
  IVR_FAILOVER_TYPES,
  IVR_INPUT_VARIABLE,
  IVR_TRANSITION_TYPES,
} from './schema.ts';
export { ApplicationsRepository } from './applications-repository.ts';
export type { Application, ApplicationUpdate, NewApplication } from './applications-repository.ts';
export { importTeam, TEAM_IMPORT_ORDER } from './team-import.ts';
export type {
  ImportRow,
  TeamImportDocument,
  TeamImportOptions,
  TeamImportResult,
  TeamImportSection,
} from './team-import.ts';
export { RETENTION_ACTIONS } from './schema.ts';
export { recordingDirectory } from './recording-directory.ts';
