export { buildAdminApi } from './build-admin-api.ts';
export type {
  AdminApiDeps,
  ActiveCallView,
  ActiveLegView,
  AddedCallParty,
  AdminAuthOptions,
  BillsControl,
  CallPartyRefused,
  CallsControl,
  ClickToCallControl,
  ClickToCallRefused,
  ConferenceControl,
  ConferenceMemberView,
  ConferenceSessionView,
  LiveConferenceView,
  ParkedCallView,
  ParkedCallsView,
  SipRejectEntry,
  SipSecurityStatus,
  SwitchStatus,
  VoicemailMessagesStore,
  VoicemailMessageView,
} from './admin-api-deps.ts';
export type { AuthContext, Role } from './plugins/auth.ts';
export type { ApiErrorBody } from './plugins/error-handler.ts';
