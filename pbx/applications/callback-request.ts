import type { ApplicationCall, HangupCause } from '../../core/index.ts';
import type { ApplicationContext, ApplicationOutcome } from './application-types.ts';
import { playOnceThenLeave } from './play-prompt.ts';

/** What the caller hears once the request is recorded. */
export const CALLBACK_REQUESTED_SOUND = 'callback/requested';

const NO_NUMBER: HangupCause = {
  reason: 'unavailable',
  q850: 41,
  text: 'no number to call back',
};

/** Records a request; false when the number cannot be called back. */
export type CallbackRecorder = (request: {
  readonly teamId: number;
  readonly callerNumber: string;
  readonly calledNumber: string;
  readonly callId: string;
}) => boolean;

/**
 * The `callback` destination (要求回访, IVR-10: "create a callback request
 * for the caller's number"): the caller's number is recorded as a request
 * for the team to work through (GET /callback-requests), the caller is
 * answered if it was not and told so once, then goes back to the IVR that
 * asked for it (IVR-9's follow-up) or the call ends. A caller without a
 * number to call back (anonymous, withheld) is hung up on, nothing stored.
 */
export async function callbackRequestDestination(
  call: ApplicationCall,
  ctx: ApplicationContext,
  record: CallbackRecorder,
): Promise<ApplicationOutcome> {
  const leg = call.leg;
  const callerNumber = leg.remote.isPrivate === true ? '' : leg.remote.number;
  const isRecorded = record({
    teamId: call.teamId,
    callerNumber,
    calledNumber: call.dialled,
    callId: call.callId,
  });
  if (!isRecorded) {
    ctx.logger.info({ callId: call.callId }, 'callback request without a number to call');
    await leg.hangup(NO_NUMBER);
    return { kind: 'done' };
  }
  return playOnceThenLeave(call, ctx, CALLBACK_REQUESTED_SOUND);
}
