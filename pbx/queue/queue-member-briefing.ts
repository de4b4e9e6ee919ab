/*
 * A queue call around its member (QueueCall calls these): the prompts
 * played before the bridge, the CDR's answerer (D64), and
 * the rating and hand-back once the member hung up first (Q-17, IVR-9).
 */
import type { CallLeg, HangupCause, MediaOperation } from '../../core/index.ts';
import type { QueueConfig, QueueMember } from './queue-config.ts';
import type { QueueDeps } from './queue-deps.ts';
import { collectRating } from './queue-rating.ts';

const NORMAL: HangupCause = { reason: 'normal', q850: 16 };

/** The file of a prompt id; undefined without a prompt. */
export function queuePromptFile(deps: QueueDeps, promptId: number | null): string | undefined {
  return promptId === null ? undefined : deps.audio.promptFile(promptId);
}

/**
 * D64: the call's CDR names the member that took it, and the agent of an
 * `agent:<id>` member, so that the agent earns the inbound rate (5.4).
 */
export function reportAnswerer(
  deps: QueueDeps,
  callId: string,
  key: string,
  member: QueueMember | undefined,
  answeredAtMs: number,
): void {
  const extensionId = member?.target.extensionId;
  if (extensionId === undefined) return;
  const agent = /^agent:(\d+)$/.exec(key);
  const agentId = agent === null ? undefined : Number(agent[1]);
  // CallRecorder implementations never throw (core/ports).
  deps.recorder?.answeredBy?.(callId, { extensionId, agentId, answeredAtMs });
}

/** The queue call whose member hung up first. */
export interface MemberLeftCall {
  readonly config: QueueConfig;
  readonly deps: QueueDeps;
  readonly callId: string;
  /** The caller's leg. */
  readonly leg: CallLeg;
  /** IVR-9: hand the caller back still up. */
  readonly isKeepingCaller: boolean;
  /** The member offered under `key`. */
  memberOf(key: string): QueueMember | undefined;
}

/**
 * The member hung up first and the caller is still up: the rating
 * when the queue has one, then the caller goes back to whoever
 * asked for it (IVR-9) or is hung up. Says whether it is still up.
 */
export async function afterMember(call: MemberLeftCall, key: string): Promise<boolean> {
  const { config, deps, leg } = call;
  const promptFile = queuePromptFile(deps, config.ratingPromptId);
  if (promptFile !== undefined) {
    const score = await collectRating(deps, leg, promptFile);
    if (score !== undefined) {
      const agentNo = call.memberOf(key)?.agentNo;
      deps.ratings?.record({
        teamId: config.teamId,
        queueId: config.id,
        queueNumber: config.number,
        callId: call.callId,
        memberKey: key,
        agentNo: agentNo === '' ? undefined : agentNo,
        customerNumber: leg.remote.number,
        score,
      });
    }
  }
  if (leg.state === 'terminated') return false;
  if (call.isKeepingCaller) return true;
  await leg.hangup(NORMAL);
  return false;
}

/**
 * the caller hears agentIdPromptBefore, the member's job number
 * digit by digit and agentIdPromptAfter; nothing without a job number.
 */
export function agentIdFiles(
  config: QueueConfig,
  deps: QueueDeps,
  member: QueueMember | undefined,
): Array<string | number | null> {
  const agentNo = member?.agentNo;
  if (agentNo === undefined || agentNo === '') return [];
  const before = config.agentIdPromptBefore;
  const after = config.agentIdPromptAfter;
  if (before === null && after === null) return [];
  return [before, ...deps.audio.digitFiles(agentNo), after];
}

/**
 * Plays prompts (ids) and files to `target` before the bridge (Q-15 to
 * the member alone, Q-16 to the caller alone), stopping as soon as the
 * caller or the member hangs up.
 */
export async function playBeforeBridge(
  deps: QueueDeps,
  caller: CallLeg,
  target: CallLeg,
  member: CallLeg,
  items: ReadonlyArray<string | number | null>,
  isDone: () => boolean,
): Promise<void> {
  const files = items
    .map((i) => (typeof i === 'number' ? queuePromptFile(deps, i) : (i ?? undefined)))
    .filter((f): f is string => f !== undefined);
  let isGone = false;
  let current: MediaOperation | undefined;
  const onGone = () => {
    isGone = true;
    void current?.stop();
  };
  member.on('hangup', onGone);
  caller.on('hangup', onGone);
  try {
    for (const file of files) {
      if (isGone || member.state === 'terminated' || isDone()) return;
      const played = await deps.media.play(target.media, { file });
      if (!played.ok) continue;
      current = played.value;
      if (isGone) await current.stop();
      await current.finished;
    }
  } finally {
    member.off('hangup', onGone);
    caller.off('hangup', onGone);
  }
}
