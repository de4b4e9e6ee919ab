import type { AgentGroup } from '../../core/config-store/index.ts';

/**
 * How an agent's part in a queue call ended: `talked` after an answered
 * call, `no-answer` when the phone rang out or was declined, `other` when
 * it was busy, failed, or the caller left first.
 */
export type QueueCallEnd = 'talked' | 'no-answer' | 'other';

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
}

/**
 * GRP-6 and GRP-7 for one agent after one queue call, from the settings of
 * the agent group that binds the agent to that queue (spec §1.6): an agent
 * in several groups takes each call's rules from the group of its queue.
 */
export class WrapUpPolicy {
  constructor(private readonly store: { agentGroups: { list(teamId?: number): AgentGroup[] } }) {}

  after(session: WrapUpSession, queueId: number, end: QueueCallEnd): AfterQueueCall {
    const group = this.#groupOf(session, queueId);
    if (group === undefined) return { kind: 'idle' };
    // GRP-7: letting an offered queue call ring out pauses the agent.
    if (end === 'no-answer' && group.autoPauseOnNoAnswer) return { kind: 'pause' };
    const mode =
      group.wrapUpMode === 'selfSelect'
        ? (session.wrapUpChoice ?? 'afterAnswered')
        : group.wrapUpMode;
    const isWrapUp =
      (mode === 'afterRinging' && end === 'no-answer') ||
      (mode === 'afterAnswered' && end === 'talked');
    return isWrapUp ? { kind: 'wrapUp', autoEndSec: group.wrapUpAutoEndSec } : { kind: 'idle' };
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
