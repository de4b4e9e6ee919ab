import type { Destination, HangupCause } from '../../core/index.ts';
import { CallerChannel } from './caller-channel.ts';
import { promptPlayName } from './ivr-actions.ts';
import type { IvrCall, IvrDeps, IvrFollowUp } from './ivr-types.ts';

/** What comes after the follow-up: another IVR, or done (hung up). */
export type IvrFollowUpOutcome =
  { readonly kind: 'done' } | { readonly kind: 'destination'; readonly destination: Destination };

const NORMAL: HangupCause = { reason: 'normal', q850: 16 };

/**
 * Plays the follow-up prompt to the caller handed back (not interruptible:
 * it is a message, not a menu), then sends it to the return IVR, or hangs
 * up when the transition names none. A caller gone meanwhile is done.
 */
export async function runIvrFollowUp(
  deps: IvrDeps,
  call: IvrCall,
  followUp: IvrFollowUp,
  language: { readonly call: string; readonly system: string },
): Promise<IvrFollowUpOutcome> {
  const channel = new CallerChannel(call.leg, deps.media, deps.clock);
  try {
    if (followUp.promptId !== undefined) {
      const file = promptPlayName(
        deps.directory,
        followUp.promptId,
        language.call,
        language.system,
      );
      if (file !== undefined && (await channel.play(file, false)) === 'hangup') {
        return { kind: 'done' };
      }
    }
    if (channel.isHungUp) return { kind: 'done' };
  } finally {
    channel.close();
  }
  if (followUp.returnToIvrId !== undefined) {
    return { kind: 'destination', destination: { type: 'ivr', targetId: followUp.returnToIvrId } };
  }
  await call.leg.hangup(NORMAL);
  return { kind: 'done' };
}
