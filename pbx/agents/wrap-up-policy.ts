import type { AgentGroup } from '../../core/config-store/index.ts';

/**
 * How an agent's part in a queue call ended: `talked` after an answered
 * call, `no-answer` when the phone rang out or was declined, `other` when
 * it was busy, failed, or the caller left first.
 */
export type QueueCallEnd = 'talked' | 'no-answer' | 'other';

/**
 * How an agent's click-to-call ended (spec 05 §28.3): `talked` once the
 * callee answered, `failed` when the callee was dialled and never answered.
 */
export type DialEnd = 'talked' | 'failed';

/** What the agent does next. */
export type AfterQueueCall =
  | { readonly kind: 'idle' }
  | { readonly kind: 'pause' }
  | { readonly kind: 'wrapUp'; readonly autoEndSec: number };

/** The session fields the policy reads. */
export interface WrapUpSession {
  readonly agentId: number;
  readonly teamId: number;
  readonly wrapUpChoice: 'afterRinging' | 'afterAnswered' | null;
  /** The groups the agent signed in to (GRP-2), in sign-in order. */
  readonly groupIds: readonly number[];
}

/**
 * GRP-6 and GRP-7 for one agent after one queue call, from the settings of
 * the agent group that binds the agent to that queue (spec §1.6): an agent
 * in several groups takes each call's rules from the group of its queue.
 * 振铃话后 (afterRinging) is wrap-up after any call that rang the agent's
 * phone, answered or not: the manual's agent chapter says "as long as the
 * agent's phone rang, whether or not the call was connected, on hanging up
 * the agent enters wrap-up" (spec 05 §28.3, spec 04 B-3; D96).
 */
export class WrapUpPolicy {
  constructor(private readonly store: { agentGroups: { list(teamId?: number): AgentGroup[] } }) {}

  after(session: WrapUpSession, queueId: number, end: QueueCallEnd): AfterQueueCall {
    const group = this.#groupOf(session, queueId);
    if (group === undefined) return { kind: 'idle' };
    // GRP-7: letting an offered queue call ring out pauses the agent.
    if (end === 'no-answer' && group.autoPauseOnNoAnswer) return { kind: 'pause' };
    return isWrapUp(modeOf(group, session), end === 'talked', end === 'no-answer')
      ? { kind: 'wrapUp', autoEndSec: group.wrapUpAutoEndSec }
      : { kind: 'idle' };
  }

  /**
   * Spec 05 §28.3 after the agent's click-to-call (DIALING, then TALKING
   * if the callee answered): wrap-up by the first of the agent's signed-in
   * groups whose mode asks for it, the API naming no group for the call
   * (as D55 takes auto-answer from any group). A failed dial wraps up only
   * under 振铃话后; GRP-7's auto-pause is for offered queue calls only.
   */
  afterDial(session: WrapUpSession, end: DialEnd): AfterQueueCall {
    const groups = this.store.agentGroups.list(session.teamId);
    for (const id of session.groupIds) {
      const group = groups.find((g) => g.id === id);
      if (group === undefined) continue;
      if (isWrapUp(modeOf(group, session), end === 'talked', end === 'failed')) {
        return { kind: 'wrapUp', autoEndSec: group.wrapUpAutoEndSec };
      }
    }
    return { kind: 'idle' };
  }

  /**
   * The auto end of a wrap-up found at start, when its queue is no longer
   * known: the first of the agent's groups with wrap-up and an auto end.
   */
  autoEndSec(agentId: number, teamId: number | undefined): number {
    const group = this.store.agentGroups
      .list(teamId)
      .find(
        (g) =>
          g.wrapUpMode !== 'off' &&
          g.wrapUpAutoEndSec > 0 &&
          g.members.some((m) => m.agentId === agentId),
      );
    return group?.wrapUpAutoEndSec ?? 0;
  }

  #groupOf(session: WrapUpSession, queueId: number): AgentGroup | undefined {
    return this.store.agentGroups
      .list(session.teamId)
      .find((g) => g.queueId === queueId && g.members.some((m) => m.agentId === session.agentId));
  }
}

/** The group's wrap-up mode for the session: 自选 (selfSelect) takes the agent's choice. */
function modeOf(group: AgentGroup, session: WrapUpSession): AgentGroup['wrapUpMode'] {
  return group.wrapUpMode === 'selfSelect'
    ? (session.wrapUpChoice ?? 'afterAnswered')
    : group.wrapUpMode;
}

/** GRP-6: 应答话后 after an answered call; 振铃话后 after one that rang, answered or not. */
function isWrapUp(mode: AgentGroup['wrapUpMode'], isAnswered: boolean, hasRung: boolean): boolean {
  if (mode === 'afterAnswered') return isAnswered;
  if (mode === 'afterRinging') return isAnswered || hasRung;
  return false;
}
