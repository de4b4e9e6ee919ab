import { err, ok } from './core/index.ts';
import type {
  AgentPresence,
  CallOriginator,
  CallRecorder,
  Clock,
  Logger,
  MediaControl,
  RouteDecision,
  RouteRequest,
} from './core/index.ts';
import type { CdrStore } from './core/cdr-store/index.ts';
import { teamRealm, type ConfigStore } from './core/config-store/index.ts';
import type { ClickToCallControl } from './admin-api/index.ts';
import { AgentOutboundGate } from './pbx/index.ts';
import type { AgentSessions } from './pbx/agents/index.ts';
import {
  ClickToCall,
  planClickToCall,
  type ClickToCallSession,
} from './pbx/click-to-call/index.ts';

/**
 * How many of an extension's newest CDRs make up an agent's contact
 * records (GRP-5). The CDR store has no index on the extension, so the
 * lookup is bounded; see D55.
 */
export const CONTACT_HISTORY_LIMIT = 5000;

/**
 * GRP-4 and GRP-5 for the dial plan: the agent signed in at the calling
 * extension, its groups' 外呼属性, and its contact records in the CDRs (a
 * call of the extension where the other party is the number).
 */
export function agentOutboundGate(
  store: ConfigStore,
  cdrs: Pick<CdrStore, 'list'>,
  presence: AgentPresence,
): AgentOutboundGate {
  return new AgentOutboundGate({
    presence,
    groups: store.agentGroups,
    history: {
      hasContact: (teamId, extensionId, numbers) => {
        const wanted = new Set(numbers);
        return cdrs
          .list({ teamId, extensionIds: [extensionId], limit: CONTACT_HISTORY_LIMIT })
          .some((r) => wanted.has(r.callerNumber) || wanted.has(r.calledNumber));
      },
    },
  });
}

/** A call as the B2BUA's call list tracks it (signaling/b2bua TrackedCall). */
interface ListedCall {
  readonly id: string;
  readonly parties: {
    readonly teamId: number;
    readonly direction: 'internal' | 'outbound' | 'inbound';
    readonly domain: string;
    readonly callerNumber: string;
    readonly calleeNumber: string;
    readonly callerExtensionId?: number | undefined;
    readonly calleeExtensionId?: number | undefined;
    readonly trunkId?: number | undefined;
  };
  readonly state: 'routing' | 'ringing' | 'answered' | 'ended';
  readonly startedAtMs: number;
  readonly answeredAtMs: number | undefined;
  readonly sipCallId: string | undefined;
  hangup(): void;
}

/** What buildClickToCall() wires together. */
export interface ClickToCallWiring {
  readonly store: ConfigStore;
  readonly media: MediaControl;
  readonly originator: CallOriginator;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly recorder: CallRecorder;
  readonly presence: AgentPresence;
  /** Wrap-up after the call (spec 05 §28.3, D96). */
  readonly sessions?: Pick<AgentSessions, 'dialEnded'>;
  /** The dial plan the SIP side uses, so leg B routes as a phone's call would. */
  readonly router: { route(request: RouteRequest): RouteDecision };
  /** GET /api/v1/calls: click-to-calls are listed and hung up there too. */
  readonly calls: { add(call: ListedCall): void; remove(call: ListedCall): void } | undefined;
}

/**
 * AGT-4 for the admin API: plans the call over the store and the agents'
 * presence, starts it on the B2BUA's originator, and lists it with the
 * B2BUA's calls until it ends.
 */
export function buildClickToCall(w: ClickToCallWiring): ClickToCallControl {
  const clickToCall = new ClickToCall({
    originator: w.originator,
    media: w.media,
    clock: w.clock,
    logger: w.logger,
    recorder: w.recorder,
  });
  const deps = { directory: w.store, presence: w.presence, router: w.router };
  return {
    call(agentId, number) {
      const agent = w.store.agents.find(agentId);
      if (agent === undefined) {
        return err({ code: 'ERR_NOT_FOUND', status: 404, message: `agent ${agentId} not found` });
      }
      const plan = planClickToCall(deps, agent, number);
      if (!plan.ok) return err(plan.error);
      const started = clickToCall.start(plan.value);
      if (!started.ok) {
        return err({ code: started.error.code, status: 503, message: started.error.detail });
      }
      const session = started.value;
      if (w.calls !== undefined) listUntilEnded(w.store, w.calls, session);
      const sessions = w.sessions;
      if (sessions !== undefined) {
        // Spec 05 §28.3: DIALING, then TALKING once the callee answers; an
        // agent who never answered its own phone never dialled (D96).
        void session.ended.then(() => {
          if (!session.isCalleeDialled) return;
          sessions.dialEnded(agentId, session.answeredAtMs === undefined ? 'failed' : 'talked');
        });
      }
      return ok({ callId: session.id, autoAnswer: plan.value.agent.autoAnswer });
    },
  };
}

function listUntilEnded(
  store: ConfigStore,
  calls: NonNullable<ClickToCallWiring['calls']>,
  session: ClickToCallSession,
): void {
  const { plan } = session;
  const team = store.teams.find(plan.teamId);
  const listed: ListedCall = {
    id: session.id,
    parties: {
      teamId: plan.teamId,
      direction: plan.record.callType,
      domain: team === undefined ? '' : teamRealm(team),
      callerNumber: plan.record.callerNumber,
      calleeNumber: plan.record.calledNumber,
      callerExtensionId: plan.record.callerExtensionId,
      calleeExtensionId: plan.record.calleeExtensionId,
      trunkId: plan.record.trunkId,
    },
    get state() {
      return session.state;
    },
    startedAtMs: session.startedAtMs,
    get answeredAtMs() {
      return session.answeredAtMs;
    },
    sipCallId: undefined,
    hangup: () => session.hangup(),
  };
  calls.add(listed);
  void session.ended.then(() => calls.remove(listed));
}
