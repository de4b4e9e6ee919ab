import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../core/index.ts';
import type { ConfigStore } from '../../core/config-store/index.ts';
import type { CdrStore } from '../../core/cdr-store/index.ts';
import type {
  AdminAuthOptions,
  AgentRuntime,
  CallsControl,
  ClickToCallControl,
  ConferenceControl,
  ParkedCallsView,
  QueueStatsView,
  SipSecurityStatus,
  TrunkRegistrationsView,
  ExtensionRegistrationsView,
  VoicemailMessagesStore,
} from '../admin-api-deps.ts';
import { installAuth } from '../plugins/auth.ts';
import { installExportWindow } from '../plugins/export-window.ts';
import { registerAccountGroupRoutes } from './account-groups/routes.ts';
import { registerAccountRoutes } from './accounts/routes.ts';
import { registerAgentGroupRoutes } from './agent-groups/routes.ts';
import { registerQuickSetupRoutes } from './quick-setup/routes.ts';
import { registerQuickEditRoutes } from './quick-edit/routes.ts';
import { registerAgentRoutes } from './agents/routes.ts';
import { registerAgentMembershipRoutes } from './agents/membership-routes.ts';
import { registerAgentSessionRoutes } from './agents/session-routes.ts';
import { registerStaleCallRoutes } from './agents/stale-call-routes.ts';
import { registerAgentWorkspaceRoute } from './agents/workspace-routes.ts';
import { registerQueueInfoRoute } from './agents/queue-info-routes.ts';
import { registerClickToCallRoutes } from './agents/click-to-call-routes.ts';
import { registerApiKeyRoutes } from './api-keys/routes.ts';
import { registerAuthRoutes } from './auth/routes.ts';
import { registerBlfGroupRoutes } from './blf-groups/routes.ts';
import { registerBoardRoutes } from './boards/routes.ts';
import { registerCallerIdRestrictionRoutes } from './caller-id-restrictions/routes.ts';
import { registerCallerListRoutes } from './caller-lists/routes.ts';
import { registerCallRoutes } from './calls/routes.ts';
import { registerCdrRoutes } from './cdrs/routes.ts';
import { registerConferenceRoomRoutes } from './conference-rooms/routes.ts';
import { registerLiveConferenceRoutes } from './conference-rooms/live-routes.ts';
import { registerDidGroupRoutes } from './did-groups/routes.ts';
import { registerDidRoutes } from './dids/routes.ts';
import { registerDidLogRoutes } from './did-logs/routes.ts';
import { registerDidReportRoutes } from './did-report/routes.ts';
import { registerRatingRoutes } from './ratings/routes.ts';
import { registerExtensionRoutes } from './extensions/routes.ts';
import { registerFeatureCodeRoutes } from './feature-codes/routes.ts';
import { registerFinanceAdjustmentRoutes } from './finance-adjustments/routes.ts';
import { registerBillRoutes } from './bills/routes.ts';
import type { BillsControl } from './bills/bills-control.ts';
import { registerRateRoutes } from './rates/routes.ts';
import { registerAgentLedgerRoutes } from './agent-ledger/routes.ts';
import { registerInboundRouteRoutes } from './inbound-routes/routes.ts';
import { registerOperationLogRoutes } from './operation-logs/routes.ts';
import { registerOutboundRouteRoutes } from './outbound-routes/routes.ts';
import { registerPermissionRoutes } from './permissions/routes.ts';
import { registerQueueRoutes } from './queues/routes.ts';
import { registerRingGroupRoutes } from './ring-groups/routes.ts';
import { registerInternalNumberRoutes } from './internal-numbers/routes.ts';
import { registerRingGroupMemberRoutes } from './ring-group-members/routes.ts';
import { registerRoleRoutes } from './roles/routes.ts';
import { registerSipSecurityRoutes } from './sip-security/routes.ts';
import { registerPbxTemplateRoutes } from './templates/routes.ts';
import { registerTeamRoutes } from './teams/routes.ts';
import { registerTrunkGroupRoutes } from './trunk-groups/routes.ts';
import { registerTrunkRegistrationRoute } from './trunks/registration-route.ts';
import { registerExtensionRegistrationsRoute } from './extensions/registrations-route.ts';
import { registerTrunkRoutes } from './trunks/routes.ts';
import { registerVoicemailBoxRoutes } from './voicemail-boxes/routes.ts';
import { registerWorkHoursRoutes } from './work-hours/routes.ts';
import { registerRecordingRetentionPlanRoutes } from './recording-retention-plans/routes.ts';
import { registerRecordingRoutes } from './recordings/routes.ts';
import { registerParkingLotRoutes } from './parking-lots/routes.ts';
import { registerCallbackRequestRoutes } from './callback-requests/routes.ts';
import { registerVoiceFileRoutes } from './voice-files/routes.ts';
import { registerSystemSettingRoutes } from './system/settings-routes.ts';
import { registerCallPromptRoutes } from './call-prompts/routes.ts';
import { registerMohClassRoutes } from './moh-classes/routes.ts';
import { registerIvrRoutes } from './ivrs/routes.ts';
import { registerApplicationRoutes } from './applications/routes.ts';

/** Default lifetime of a login session. */
export const DEFAULT_SESSION_TTL_MS = 12 * 60 * 60 * 1000;
/** Default login attempts per IP and per username per minute. */
export const DEFAULT_LOGIN_ATTEMPTS_PER_MINUTE = 10;

/** The security scheme every /api/v1 route but login declares. */
export const BEARER_SECURITY = [{ bearerAuth: [] }];

/**
 * Registers the configuration API under /api/v1 in its own encapsulated
 * scope, so that its auth hook guards these routes and no others.
 */
export async function registerApiV1(
  app: FastifyInstance,
  store: ConfigStore,
  clock: Clock,
  options: AdminAuthOptions = {},
  live: {
    sipSecurity?: SipSecurityStatus;
    calls?: CallsControl;
    cdrs?: CdrStore;
    parkedCalls?: ParkedCallsView | undefined;
    trunkRegistrations?: TrunkRegistrationsView | undefined;
    extensionRegistrations?: ExtensionRegistrationsView | undefined;
    conferences?: ConferenceControl | undefined;
    voicemailMessages?: VoicemailMessagesStore | undefined;
    agents?: AgentRuntime | undefined;
    clickToCall?: ClickToCallControl | undefined;
    queueStats?: QueueStatsView | undefined;
    bills?: BillsControl | undefined;
  } = {},
): Promise<void> {
  const { sipSecurity, calls, cdrs, parkedCalls, trunkRegistrations, conferences } = live;
  const { voicemailMessages, agents, clickToCall } = live;
  await app.register(
    async (api) => {
      api.addHook('onRoute', (route) => {
        if (route.config?.isPublic === true) return;
        route.schema = { ...route.schema, security: BEARER_SECURITY };
      });
      installAuth(api, store);
      installExportWindow(api, store, clock);
      api.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) =>
        done(null, body),
      );
      registerAuthRoutes(api, store, {
        clock,
        sessionTtlMs: options.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS,
        loginAttemptsPerMinute: options.loginAttemptsPerMinute ?? DEFAULT_LOGIN_ATTEMPTS_PER_MINUTE,
      });
      registerApiKeyRoutes(api, store, clock);
      registerTeamRoutes(api, store);
      registerAccountRoutes(api, store);
      registerExtensionRoutes(api, store);
      if (live.extensionRegistrations !== undefined) {
        registerExtensionRegistrationsRoute(api, store, live.extensionRegistrations);
      }
      registerTrunkRoutes(api, store);
      if (trunkRegistrations !== undefined) {
        registerTrunkRegistrationRoute(api, store, trunkRegistrations);
      }
      registerOutboundRouteRoutes(api, store);
      registerDidRoutes(api, store);
      registerDidGroupRoutes(api, store);
      registerDidLogRoutes(api, store);
      registerRatingRoutes(api, store);
      registerFinanceAdjustmentRoutes(api, store);
      registerBillRoutes(api, store, clock, live.bills);
      registerRateRoutes(api, store);
      registerAgentLedgerRoutes(api, store);
      registerAccountGroupRoutes(api, store);
      registerAgentRoutes(api, store);
      registerAgentMembershipRoutes(api, store);
      registerAgentWorkspaceRoute(api, store);
      if (agents !== undefined) {
        registerAgentSessionRoutes(api, store, agents);
        registerStaleCallRoutes(api, store, agents, calls, clock);
        registerQueueInfoRoute(api, store, agents, live.queueStats);
      }
      if (clickToCall !== undefined) registerClickToCallRoutes(api, store, clickToCall);
      registerQuickSetupRoutes(api, store);
      registerQuickEditRoutes(api, store);
      registerAgentGroupRoutes(api, store);
      registerRingGroupRoutes(api, store);
      registerInternalNumberRoutes(api, store);
      registerRingGroupMemberRoutes(api, store);
      registerQueueRoutes(api, store);
      registerConferenceRoomRoutes(api, store);
      registerLiveConferenceRoutes(api, store, conferences);
      registerVoicemailBoxRoutes(api, store, voicemailMessages);
      registerWorkHoursRoutes(api, store);
      registerRecordingRetentionPlanRoutes(api, store);
      registerParkingLotRoutes(api, store, parkedCalls);
      registerCallbackRequestRoutes(api, store);
      registerTrunkGroupRoutes(api, store);
      registerInboundRouteRoutes(api, store);
      registerCallerListRoutes(api, store);
      registerOperationLogRoutes(api, store);
      registerPermissionRoutes(api, store);
      registerRoleRoutes(api, store);
      registerPbxTemplateRoutes(api, store);
      registerCallerIdRestrictionRoutes(api, store);
      registerBlfGroupRoutes(api, store);
      registerBoardRoutes(api, store);
      // Uploaded audio sits beside the database, in <dataDir>/sounds.
      registerVoiceFileRoutes(api, store, join(dirname(store.path), 'sounds'));
      registerCallPromptRoutes(api, store);
      registerSystemSettingRoutes(api, store);
      registerMohClassRoutes(api, store);
      registerIvrRoutes(api, store);
      registerApplicationRoutes(api, store);
      registerFeatureCodeRoutes(api, store);
      if (sipSecurity !== undefined) registerSipSecurityRoutes(api, sipSecurity);
      if (calls !== undefined) registerCallRoutes(api, calls);
      if (cdrs !== undefined) registerCdrRoutes(api, cdrs, store);
      if (cdrs !== undefined) registerDidReportRoutes(api, store, cdrs);
      // Recordings sit beside the database too, in <dataDir>/recordings (D25).
      if (cdrs !== undefined) {
        registerRecordingRoutes(api, store, cdrs, join(dirname(store.path), 'recordings'));
      }
    },
    { prefix: '/api/v1' },
  );
}
