import type {
  AgentPresence,
  AgentSession,
  AgentWorkMode,
  Clock,
  Logger,
  MetricsRegistry,
  Result,
} from '../core/index.ts';
import type { CdrStore } from '../core/cdr-store/index.ts';
import type { ConfigStore } from '../core/config-store/index.ts';
import type { BillsControl } from './routes/bills/bills-control.ts';

export type { BillsControl } from './routes/bills/bills-control.ts';

/** Live status of the switch, read at request time. */
export interface SwitchStatus {
  isDraining: boolean;
}

/** Tunables of admin API authentication. */
export interface AdminAuthOptions {
  /** Lifetime of a login session; default 12 hours. */
  sessionTtlMs?: number;
  /** Login attempts allowed per IP and per username in a minute; default 10. */
  loginAttemptsPerMinute?: number;
}

/** What the admin API needs from the rest of the switch (wired in app.ts). */
export interface AdminApiDeps {
  version: string;
  startedAtMs: number;
  clock: Clock;
  logger: Logger;
  metrics: MetricsRegistry;
  status: () => SwitchStatus;
  /**
   * The config store. Without it only the system routes (/health, /metrics,
   * /docs) exist; with it the /api/v1 resources and their auth do too.
   */
  store?: ConfigStore;
  auth?: AdminAuthOptions;
  /** The SIP stack's security view (rejects, bans), for the superadmin. */
  sipSecurity?: SipSecurityStatus;
  /** Calls in progress, for GET/DELETE /api/v1/calls. */
  calls?: CallsControl;
  /** Registration trunks' live state, for GET /api/v1/trunks/:id/registration. */
  trunkRegistrations?: TrunkRegistrationsView;
  /** Extensions' registered contacts, for GET /api/v1/extensions/:id/registrations. */
  extensionRegistrations?: ExtensionRegistrationsView;
  /** Call detail records, for GET /api/v1/cdrs. */
  cdrs?: CdrStore;
  /** Calls parked now, for GET /api/v1/parking-lots/:id/slots. */
  parkedCalls?: ParkedCallsView;
  /** Conferences in progress, for /api/v1/conference-rooms/:id/live and its members. */
  conferences?: ConferenceControl;
  /** Left voicemail messages, for /api/v1/voicemail-boxes/:id/messages (VM-2). */
  voicemailMessages?: VoicemailMessagesStore;
  /** The agents' runtime, for sign-in, pause and /api/v1/agent-sessions. */
  agents?: AgentRuntime;
  /** AGT-4 click-to-call, for POST /api/v1/agents/:id/call. */
  clickToCall?: ClickToCallControl;
  /** Queues' callers now, for GET /api/v1/agents/:id/queue-info (GRP-10). */
  queueStats?: QueueStatsView;
  /** Bills: e-bill, e-mail and generation (spec 03 §7.4–7.6; app-bills.ts). */
  bills?: BillsControl;
}

/** Why a click-to-call was refused before anything rang. */
export interface ClickToCallRefused {
  readonly code: string;
  /** 403, 404 or 409; 503 when no leg could be placed. */
  readonly status: number;
  readonly message: string;
}

/** AGT-4 as the API drives it (app-click-to-call.ts over pbx/click-to-call). */
export interface ClickToCallControl {
  /** Rings agent `agentId`, then `number` once the agent answers. */
  call(
    agentId: number,
    number: string,
  ): Result<{ callId: string; autoAnswer: boolean }, ClickToCallRefused>;
}

/** What an agent asks for at sign-in (spec §1.5; pbx/agents SignInRequest). */
export interface AgentSignIn {
  readonly phone?: string | undefined;
  readonly groupIds?: readonly number[] | undefined;
  readonly workMode?: AgentWorkMode | undefined;
  readonly wrapUp?: 'afterRinging' | 'afterAnswered' | undefined;
  readonly sourceIp?: string | undefined;
}

/**
 * The agents' runtime as the API drives it (pbx/agents AgentSessions).
 * Writes throw errors with stable codes: ERR_AGENT_DISABLED (AGT-5),
 * ERR_AGENT_NOT_SIGNED_IN, ERR_AGENT_PHONE_FIXED and the like.
 */
export interface AgentRuntime extends AgentPresence {
  list(teamId?: number): AgentSession[];
  signIn(agentId: number, request: AgentSignIn): AgentSession;
  signOut(agentId: number): void;
  pause(agentId: number, reason: string): AgentSession;
  resume(agentId: number): AgentSession;
  endWrapUp(agentId: number): AgentSession;
  /** The queue call the agent is ringing for or talking on, as tracked. */
  callOf(agentId: number): AgentCallView | undefined;
  /** Forgets that call (erroneous call data, GRP-14); the session after. */
  clearCall(agentId: number, callId: string): AgentSession;
}

/** A queue call an agent is part of, as the agents' runtime tracks it. */
export interface AgentCallView {
  readonly kind: 'ringing' | 'busy';
  readonly queueId: number;
  readonly callId: string;
  /** Epoch ms of the offer or the answer. */
  readonly sinceMs: number;
}

/** A queue's callers now (pbx/queue Queue.stats()). */
export interface QueueLiveStatsView {
  readonly waiting: number;
  readonly longestWaitSec: number;
  readonly talking: number;
}

/** The live queues (GRP-10); a queue no caller has entered yet has no runtime. */
export interface QueueStatsView {
  stats(queueId: number): QueueLiveStatsView | undefined;
}

/** One left voicemail message, as pbx/voicemail keeps it (VM-1). */
export interface VoicemailMessageView {
  readonly id: string;
  readonly boxId: number;
  readonly callerNumber: string;
  readonly callerName?: string | undefined;
  readonly leftAtMs: number;
  readonly durationMs: number;
  /** The WAV on disk, under `<dataDir>/voicemail`. */
  readonly filePath: string;
  readonly isRead: boolean;
}

/** The voicemail messages store (pbx/voicemail FileVoicemailStore fits it). */
export interface VoicemailMessagesStore {
  /** The box's messages, oldest first. */
  list(boxId: number): Promise<readonly VoicemailMessageView[]>;
  /** Deletes a message: its index entry, then its recording. */
  remove(id: string): Promise<void>;
}

/** One dropped or rejected SIP message (the SIP stack's reject ring buffer). */
export interface SipRejectEntry {
  timeMs: number;
  source: string;
  reason: string;
  firstBytes: string;
}

/** What the SIP stack shows the superadmin about its defences. */
export interface SipSecurityStatus {
  /** The most recent rejects, newest first. */
  recentRejects(limit: number): SipRejectEntry[];
  /** IPs banned now. */
  bans(): Array<{ ip: string; remainingSec: number }>;
}

/** A registration trunk's REGISTER state, as the SIP stack reports it (TRK-2). */
export interface TrunkRegistrationView {
  state: 'registering' | 'registered' | 'failed' | 'stopped';
  expiresSec: number | undefined;
  registeredAt: number | undefined;
  lastError: string | undefined;
  failureCount: number;
}

/** The registrations the SIP stack keeps up. */
export interface TrunkRegistrationsView {
  /** Undefined when the trunk is not registering (not a registration trunk, or disabled). */
  status(trunkId: number): TrunkRegistrationView | undefined;
  /** The trunk's qualify result (D84); undefined when it is not qualified. */
  qualify?(trunkId: number): TrunkQualifyView | undefined;
}

/** A trunk's OPTIONS qualify result, as the SIP stack keeps it. */
export interface TrunkQualifyView {
  state: 'unknown' | 'ok' | 'lagged' | 'unreachable';
  rttMs: number | undefined;
  checkedAt: number | undefined;
}

/** A registered contact of an extension, as the registrar keeps it (D86). */
export interface ExtensionContactView {
  /** The extension's fixed address (D92): never registered, never expires. */
  isFixed: boolean;
  contactUri: string;
  protocol: 'udp' | 'tcp' | 'tls' | 'ws' | 'wss';
  sourceAddress: string;
  sourcePort: number;
  isBehindNat: boolean;
  userAgent: string;
  registeredAtMs: number;
  expiresAtMs: number;
  /** Undefined when the extension is not qualified. */
  qualify: TrunkQualifyView | undefined;
}

/** Extensions' registrations, from the SIP stack. */
export interface ExtensionRegistrationsView {
  contacts(teamId: number, number: string): ExtensionContactView[];
}

/** A call in progress, as the B2BUA reports it. */
export interface ActiveCallView {
  callId: string;
  teamId: number;
  callerNumber: string;
  calleeNumber: string;
  state: string;
  startedAtMs: number;
  answeredAtMs: number | undefined;
  sipCallId: string | undefined;
  /** Legs placed for the call still ringing or talking (members, agents, consults, parties). */
  legs?: readonly ActiveLegView[] | undefined;
}

/** A leg placed for a call in progress. */
export interface ActiveLegView {
  readonly legId: string;
  readonly target: 'extension' | 'trunk';
  readonly calledNumber: string;
  readonly agentNo: string | null;
  /** Why it was placed (LEG_PURPOSES); null if not told. */
  readonly purpose: string | null;
  readonly state: 'ringing' | 'answered';
  readonly startedAtMs: number;
  readonly answeredAtMs: number | null;
}

/** The calls in progress and the means to end one. */
export interface CallsControl {
  /** Calls of a team, or of every team when undefined. */
  list(teamId: number | undefined): ActiveCallView[];
  teamOf(callId: string): number | undefined;
  /** Hangs up a call; false if it no longer exists. */
  hangup(callId: string): boolean;
  /**
   * starts adding `number` to queue call `callId` as a third party;
   * `agentId` for an agent token, which may add only to its own call.
   * Absent when the switch has no media plane.
   */
  addParty?(
    callId: string,
    number: string,
    by: { readonly agentId?: number | undefined },
  ): Result<AddedCallParty, CallPartyRefused>;
  /**
   * hangs up party `partyId` (as addParty returned it) of call
   * `callId`, ringing or talking; the others stay. 404 for a party that is
   * gone, of another call, or (agent token) of a call the agent is not on.
   */
  dropParty?(
    callId: string,
    partyId: string,
    by: { readonly agentId?: number | undefined },
  ): Result<{ partyId: string }, CallPartyRefused>;
}

/** A party being added to a call: its leg rings. */
export interface AddedCallParty {
  readonly partyId: string;
  readonly callId: string;
  readonly number: string;
  readonly state: 'ringing';
}

/** Why a party cannot be added: 403, 404, 409 or 503, with a stable code. */
export interface CallPartyRefused {
  readonly code: string;
  readonly status: number;
  readonly message: string;
}

/** A call waiting in a parking slot. */
export interface ParkedCallView {
  slot: string;
  callerNumber: string;
  callerName: string | undefined;
  parkedAtMs: number;
  /** The number of who parked it (the REFER's Referred-By), if known. */
  parkedBy: string | undefined;
}

/** The parking runtime's view of its slots. */
export interface ParkedCallsView {
  /** The occupied slots of a lot, in slot order. */
  slots(lotId: number): ParkedCallView[];
}

/** A member of a conference in progress (spec 02 §3.11). */
export interface ConferenceMemberView {
  readonly memberId: string;
  readonly number: string;
  readonly displayName?: string | undefined;
  readonly role: 'admin' | 'user';
  readonly isMuted: boolean;
  readonly isWaiting: boolean;
  readonly joinedAtMs: number;
  /** Present only when the room has talker detection (CF-9). */
  readonly isTalking?: boolean | undefined;
}

/** A conference in progress. */
export interface LiveConferenceView {
  readonly sessionId: string;
  readonly startedAtMs: number;
  readonly isLocked: boolean;
  readonly members: readonly ConferenceMemberView[];
  /** The session's recording, relative to the recordings directory (CF-8). */
  readonly recordingPath: string | null;
}

/** A conference session that ended. */
export interface ConferenceSessionView {
  readonly roomId: number;
  readonly sessionId: string;
  readonly startedAtMs: number;
  readonly durationMs: number;
  readonly recordingPath: string | null;
}

/** Why a conference operation failed: the room or member is gone. */
export type ConferenceControlResult = { readonly ok: true } | { readonly ok: false };

/** The conference runtime as the admin API drives it (mute, kick, lock). */
export interface ConferenceControl {
  /** The conference in room `roomId`, or undefined when nobody is in it. */
  room(roomId: number): LiveConferenceView | undefined;
  /** Sessions that ended since start, newest first, of one team or all. */
  recentSessions(teamId: number | undefined): ConferenceSessionView[];
  setMuted(roomId: number, memberId: string, isMuted: boolean): Promise<ConferenceControlResult>;
  kick(roomId: number, memberId: string): Promise<ConferenceControlResult>;
  setLocked(roomId: number, isLocked: boolean): Promise<ConferenceControlResult>;
}
