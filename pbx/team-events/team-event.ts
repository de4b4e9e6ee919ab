import type { AgentPhone, CallEnd, CallStart } from '../../core/ports/index.ts';

/** Event names of TM-11, as the `event` field of each POST. */
export type TeamEventName =
  | 'call.started'
  | 'call.ringing'
  | 'call.answered'
  | 'call.ended'
  | 'agent.offered'
  | 'agent.answered'
  | 'agent.completed'
  | 'agent.noanswer'
  | AgentSessionEventName;

/** Events of an agent's session (D63): sign-in, sign-out, pause, resume. */
export type AgentSessionEventName =
  'agent.signedIn' | 'agent.signedOut' | 'agent.paused' | 'agent.resumed';

/** One call as an event shows it; times are ISO 8601. */
export interface TeamEventCall {
  readonly callId: string;
  /** `internal`, `inbound` (from a trunk) or `outbound` (to a trunk). */
  readonly direction: CallStart['callType'];
  readonly caller: { readonly number: string; readonly name: string | null };
  readonly callee: { readonly number: string };
  readonly did: string | null;
  readonly startedAt: string;
  readonly answeredAt: string | null;
  readonly endedAt: string | null;
  /** Only on `call.ended`: the CDR outcome (spec 01 §2.8 callResult). */
  readonly disposition?: CallEnd['result'];
  readonly hangupCause?: number;
  readonly hangupSide?: CallEnd['hangupSide'];
  readonly sipStatus?: number | null;
  /** Whole seconds from start to end, and from answer to end (CDR-2). */
  readonly durationSec?: number;
  readonly billableSec?: number;
}

/** A queue member's part in a queue call (spec 02 §3.1 statistics). */
export interface TeamEventAgent {
  readonly queueId: number;
  readonly callId: string;
  /** The member, `ext:<id>` or `agent:<job number>`. */
  readonly memberKey: string;
  /** Only on `agent.noanswer`: why the member's leg ended. */
  readonly reason?: string;
}

/** An agent's session as its events show it (spec 01 §1.5). */
export interface TeamEventAgentSession {
  readonly agentId: number;
  readonly agentNo: string;
  /** The phone of the session; null on `agent.signedOut`. */
  readonly phone: AgentPhone | null;
  /** Only on `agent.paused`: why (`phone`, `auto-busy`, or the API's reason). */
  readonly pauseReason?: string;
}

/** The body of one TM-11 POST. */
export type TeamEvent =
  | {
      readonly id: string;
      readonly event: 'call.started' | 'call.ringing' | 'call.answered' | 'call.ended';
      readonly occurredAt: string;
      readonly teamId: number;
      readonly call: TeamEventCall;
    }
  | {
      readonly id: string;
      readonly event: 'agent.offered' | 'agent.answered' | 'agent.completed' | 'agent.noanswer';
      readonly occurredAt: string;
      readonly teamId: number;
      readonly agent: TeamEventAgent;
    }
  | {
      readonly id: string;
      readonly event: AgentSessionEventName;
      readonly occurredAt: string;
      readonly teamId: number;
      readonly agent: TeamEventAgentSession;
    };

/** Milliseconds since the epoch as ISO 8601, null kept. */
export function isoTime(ms: number | undefined | null): string | null {
  return ms === undefined || ms === null ? null : new Date(ms).toISOString();
}
