/*
 * What the admin API sees of the running switch (app.ts builds it once
 * the SIP stack has started): the stores, the agents, queues, calls and
 * conferences in progress, SIP security, trunk registrations and
 * click-to-call.
 */
import { join } from 'node:path';
import type { AdminApiDeps, CallsControl } from './admin-api/index.ts';
import {
  err,
  type CallRecorder,
  type Clock,
  type Logger,
  type MediaControl,
  type MetricsRegistry,
} from './core/index.ts';
import type { CdrStore } from './core/cdr-store/index.ts';
import type { ConfigStore } from './core/config-store/index.ts';
import type { PlacedLegBook } from './pbx/cdr/index.ts';
import {
  FileVoicemailStore,
  type ConferenceRooms,
  type DialPlanRouter,
  type ParkingLots,
  type QueueParties,
} from './pbx/index.ts';
import type { AgentSessions } from './pbx/agents/index.ts';
import type { Queue } from './pbx/queue/index.ts';
import type { Binding, SipStack } from './signaling/index.ts';
import type { BillsModule } from './app-bills.ts';
import { buildClickToCall } from './app-click-to-call.ts';
import { parkedCallsView } from './app-parking.ts';
import { conferenceControl } from './app-pbx.ts';
import { VERSION } from './version.ts';

/** The running switch, as adminApiDeps() reads it. */
export interface SwitchAdminWiring {
  readonly startedAtMs: number;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: MetricsRegistry;
  readonly isDraining: () => boolean;
  readonly store: ConfigStore;
  readonly cdrStore: CdrStore;
  readonly bills: BillsModule;
  readonly agentSessions: AgentSessions;
  readonly parking: ParkingLots | undefined;
  /** The conference runtime, once the SIP stack built the applications. */
  readonly conferenceRooms: () => ConferenceRooms | undefined;
  /** GRP-10: each queue's runtime once built. */
  readonly liveQueues: ReadonlyMap<number, Queue>;
  readonly dataDir: string;
  readonly sip: SipStack;
  readonly placedLegs: PlacedLegBook;
  /** parties added to queue calls, once the SIP stack built the applications. */
  readonly queueParties: () => QueueParties | undefined;
  readonly media: MediaControl | undefined;
  readonly recorder: CallRecorder;
  readonly dialPlan: DialPlanRouter;
}

/** The admin API's deps over the running switch. */
export function adminApiDeps(w: SwitchAdminWiring): AdminApiDeps {
  const { clock, logger, metrics, media, recorder, dialPlan } = w;
  const sipStack = w.sip;
  return {
    version: VERSION,
    startedAtMs: w.startedAtMs,
    clock,
    logger,
    metrics,
    status: () => ({ isDraining: w.isDraining() }),
    store: w.store,
    cdrs: w.cdrStore,
    bills: w.bills.control,
    // AGT-5, GRP-1: agents sign in and out through the API.
    agents: w.agentSessions,
    ...(w.parking === undefined ? {} : { parkedCalls: parkedCallsView(w.parking) }),
    conferences: conferenceControl(w.conferenceRooms),
    queueStats: { stats: (queueId) => w.liveQueues.get(queueId)?.stats() },
    // VM-2: the same files the voicemail application writes.
    voicemailMessages: new FileVoicemailStore(join(w.dataDir, 'voicemail')),
    sipSecurity: {
      recentRejects: (limit) => sipStack.rejects.recent(limit),
      bans: () => sipStack.limiter.bans(),
    },
    trunkRegistrations: {
      status: (trunkId) => sipStack.trunkRegistrations.status(trunkId),
      qualify: (trunkId) => sipStack.trunkQualify.status(trunkId),
    },
    // D86: every contact, reachable or not, with its qualify state; then
    // the fixed address (D92, D95).
    extensionRegistrations: {
      contacts: (teamId, number) => {
        const view = (b: Binding, isFixed: boolean) => ({
          ...b,
          isFixed,
          qualify: sipStack.contactQualify?.status(b),
        });
        const registered = sipStack.registrar.table
          .get(`${teamId}/${number}`)
          .map((b) => view(b, false));
        const fixed = sipStack.registrar.staticContact?.(teamId, number);
        return fixed === undefined ? registered : [...registered, view(fixed, true)];
      },
    },
    calls: liveCalls(sipStack, w.placedLegs, w.queueParties),
    // AGT-4 (D55): legs placed like the applications', listed with the calls.
    ...(media === undefined || sipStack.b2bua === undefined
      ? {}
      : {
          clickToCall: buildClickToCall({
            store: w.store,
            media,
            originator: sipStack.b2bua.originator,
            clock,
            logger: logger.child({ component: 'click-to-call' }),
            recorder,
            presence: w.agentSessions,
            sessions: w.agentSessions,
            router: dialPlan,
            calls: sipStack.b2bua.calls,
          }),
        }),
  };
}

/**
 * The admin API's view of live calls: the B2BUA's calls with the legs
 * placed for each (CDR-1), and Q-19 parties added to queue calls.
 */
export function liveCalls(
  sipStack: SipStack,
  placedLegs: PlacedLegBook,
  queueParties: () => QueueParties | undefined,
): CallsControl | undefined {
  return (
    sipStack.b2bua && {
      list: (teamId) =>
        (sipStack.b2bua?.calls.list(teamId) ?? []).map((call) => ({
          ...call,
          legs: placedLegs.live(call.callId),
        })),
      teamOf: (callId) => sipStack.b2bua?.calls.teamOf(callId),
      hangup: (callId) => sipStack.b2bua?.calls.hangup(callId) ?? false,
      addParty: (callId, number, by) =>
        queueParties()?.add(callId, number, by) ??
        err({
          code: 'ERR_CALL_NOT_IN_QUEUE',
          status: 409,
          message: 'the call is not a queue call with a member on it (Q-19)',
        }),
      dropParty: (callId, partyId, by) =>
        queueParties()?.drop(callId, partyId, by) ??
        err({
          code: 'ERR_NOT_FOUND',
          status: 404,
          message: `party ${partyId} of call ${callId} not found`,
        }),
    }
  );
}
