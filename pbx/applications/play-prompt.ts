import type { ApplicationCall, HangupCause } from '../../core/index.ts';
import type { ApplicationContext, ApplicationOutcome } from './application-types.ts';

const NORMAL: HangupCause = { reason: 'normal', q850: 16 };
const NO_PROMPT: HangupCause = { reason: 'unavailable', q850: 41, text: 'no such prompt' };

/**
 * The `prompt` destination (呼入语音, spec 02 §0.5: queue and IVR
 * failovers, IVR transitions): the caller is answered if it was not,
 * hears the call prompt of `targetId` once through, in the call's
 * language (`fileOf` resolves it to a playable file), and then goes back
 * to the IVR that asked for it (IVR-9's follow-up) or the call ends, as
 * Asterisk's Playback() followed by Hangup(). A prompt that is gone or has
 * no file ends the call as unroutable.
 */
export async function playPromptDestination(
  call: ApplicationCall,
  ctx: ApplicationContext,
  fileOf: (promptId: number) => string | undefined,
): Promise<ApplicationOutcome> {
  const leg = call.leg;
  const id = call.destination.targetId;
  const file = id === undefined ? undefined : fileOf(id);
  if (file === undefined) {
    ctx.logger.warn({ callId: call.callId, promptId: id }, 'prompt destination has no file');
    await leg.hangup(NO_PROMPT);
    return { kind: 'done' };
  }
  return playOnceThenLeave(call, ctx, file);
}

/**
 * Answers the caller if it was not, plays `file` once through (or until
 * the caller hangs up), then hands the caller back (IVR-9's follow-up
 * waits, `kept`) or ends the call normally: the tail of the destinations
 * that only tell the caller something (prompt, callback).
 */
export async function playOnceThenLeave(
  call: ApplicationCall,
  ctx: ApplicationContext,
  file: string,
): Promise<ApplicationOutcome> {
  const leg = call.leg;
  if (leg.state !== 'confirmed' && !(await leg.answer()).ok) return { kind: 'done' };
  const started = await ctx.media.play(leg.media, { file });
  if (started.ok) {
    const ended = new Promise<void>((resolve) => leg.once('hangup', () => resolve()));
    await Promise.race([started.value.finished, ended]);
    await started.value.stop();
  } else {
    ctx.logger.warn({ callId: call.callId, file, error: started.error }, 'file not played');
  }
  if (leg.state === 'terminated') return { kind: 'done' };
  if (ctx.isKeepingCaller === true) return { kind: 'kept' };
  await leg.hangup(NORMAL);
  return { kind: 'done' };
}
