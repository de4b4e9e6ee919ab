/*
 * The queues' runtime over the config store (app-pbx.ts builds it): one
 * live Queue per configured queue, its audio from the store's MOH classes
 * and call prompts, its members the queue's signed-in agents.
 */
import type { ApplicationCall } from './core/index.ts';
import type { ConfigStore } from './core/config-store/index.ts';
import { agentTarget } from './app-agents.ts';
import { mohSourceOfClassId } from './app-moh.ts';
import type { PbxWiring } from './app-pbx-wiring.ts';
import {
  QUEUE_DEFAULTS,
  Queue,
  resolvePromptVoiceFile,
  voiceFilePlayName,
  type QueueConfig,
  type QueueParties,
  type RecentAnswerers,
  type RingingMembers,
} from './pbx/index.ts';
import { AgentQueues } from './pbx/agents/index.ts';

/**
 * One live Queue per configured queue, made on its first caller and
 * given the stored config again whenever it changed (Q-22: callers
 * waiting keep their place).
 */
export class QueueRegistry {
  private readonly live = new Map<number, { queue: Queue; updatedAtMs: number }>();
  #agentQueues: AgentQueues | undefined;

  constructor(
    private readonly w: PbxWiring,
    private readonly parties: QueueParties | undefined,
    /** who last answered each caller (queues and ring groups write it). */
    private readonly recent: RecentAnswerers,
    /** EXT-12: agents' ringing legs, for call pickup (D85). */
    private readonly pickup: RingingMembers,
  ) {}

  /** The agents' side of every queue; an agent whose phone frees up is offered callers (D81). */
  #newAgentQueues(): AgentQueues {
    const { store, presence } = this.w;
    const agentQueues = new AgentQueues({
      store,
      sessions: this.w.agents,
      targetOf: (session) => agentTarget(store, session),
      ...(presence === undefined
        ? {}
        : { isOnCall: (t) => presence.callCount(t.teamId, t.number) > 0 }),
    });
    presence?.onIdle((teamId, number) => agentQueues.phoneFreed(teamId, number));
    return agentQueues;
  }

  get(call: ApplicationCall): Queue | undefined {
    const id = call.destination.targetId;
    const row = id === undefined ? undefined : this.w.store.queues.find(id);
    if (row === undefined || row.teamId !== call.teamId) return undefined;
    const config: QueueConfig = { ...QUEUE_DEFAULTS, ...row };
    const known = this.live.get(row.id);
    if (known !== undefined) {
      if (known.updatedAtMs !== row.updatedAt.getTime()) {
        known.queue.update(config);
        known.updatedAtMs = row.updatedAt.getTime();
      }
      return known.queue;
    }
    const { media, originator, clock, store } = this.w;
    const agentQueues = (this.#agentQueues ??= this.#newAgentQueues());
    const queue = new Queue(
      {
        media,
        originator,
        clock,
        audio: {
          // Q-5, MOH-1: the queue's class (read per caller, so an edit applies
          // to the next one), else the team's default, from a shared stream.
          moh: () =>
            mohSourceOfClassId(store, store.queues.find(row.id)?.mohClassId ?? null, row.teamId),
          promptFile: (promptId) => queuePromptFile(store, promptId),
          // Q-7 "you are number n": one prompt up to 20, digit by digit above.
          positionFiles: (n) => [
            'queue/you-are-number',
            ...(n <= 20 ? [`digits/${n}`] : [...String(n)].map((d) => `digits/${d}`)),
          ],
          digitFiles: (digits) => [...digits].map((d) => `digits/${d}`),
        },
        members: agentQueues,
        ratings: {
          // a score the store refuses is logged; the call goes on.
          record: (r) => {
            try {
              store.ratings.create({ ...r, agentNo: r.agentNo ?? null });
            } catch (err) {
              this.w.logger.error({ err, callId: r.callId }, 'storing a rating failed');
            }
          },
        },
        // D64: the member that took a call reaches its CDR (agent credit 5.4).
        recorder: this.w.recorder,
        pickup: this.pickup,
        // the member at the extension that last answered this caller.
        sticky: {
          lastMemberFor: (queueId, caller) => {
            const extensionId = this.recent.lastExtension(row.teamId, caller);
            if (extensionId === undefined) return undefined;
            return agentQueues.members(queueId).find((m) => m.target.extensionId === extensionId)
              ?.key;
          },
        },
      },
      config,
    );
    queue.on('answered', (e) => {
      const caller = queue.talkingCall(e.callId)?.call.leg.remote.number;
      const member = agentQueues.members(row.id).find((m) => m.key === e.memberKey);
      if (caller !== undefined && member !== undefined) {
        this.recent.answered(row.teamId, caller, member.target.extensionId);
      }
    });
    agentQueues.attach(queue);
    this.parties?.attach(queue);
    this.live.set(row.id, { queue, updatedAtMs: row.updatedAt.getTime() });
    this.w.onQueue?.(queue, row.teamId);
    return queue;
  }
}

/**
 * The file of a queue's call prompt (Q-17 rating): queues have no call
 * language, so the prompt's own default language, else its base file.
 */
function queuePromptFile(store: ConfigStore, promptId: number): string | undefined {
  const prompt = store.callPrompts.find(promptId);
  if (prompt === undefined) return undefined;
  const language = prompt.defaultLanguage ?? 'en';
  const fileId = resolvePromptVoiceFile(prompt, language, 'en');
  const file = fileId === undefined ? undefined : store.voiceFiles.find(fileId);
  return file === undefined ? undefined : voiceFilePlayName(file);
}
