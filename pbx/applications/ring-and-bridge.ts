import type { ApplicationCall, CallLeg, HangupCause } from '../../core/index.ts';
import { bridgeLegs } from '../calls/index.ts';
import type { ApplicationContext, ApplicationOutcome } from './application-types.ts';

/**
 * The second half of dialling for an application call: the caller hears
 * ringing while `callee` (already originated) rings; when it answers, the
 * caller is answered and the two are bridged until either hangs up. A
 * callee that ends first ends the caller with its cause.
 */
export async function ringAndBridge(
  call: ApplicationCall,
  ctx: ApplicationContext,
  callee: CallLeg,
): Promise<ApplicationOutcome> {
  const { leg } = call;
  if (leg.state === 'new') await leg.ring();
  const answered = await untilAnswered(leg, callee);
  if (answered !== true) {
    if (leg.state !== 'terminated') await leg.hangup(answered);
    return { kind: 'done' };
  }
  // The caller may have an answered leg already (an IVR answered it).
  if (leg.state !== 'confirmed') {
    const r = await leg.answer();
    if (!r.ok) {
      await callee.hangup();
      return { kind: 'done' };
    }
  }
  const bridge = await bridgeLegs(ctx.media, leg, callee);
  if (!bridge.ok) {
    await Promise.all([leg.hangup({ reason: 'failed', q850: 47 }), callee.hangup()]);
    return { kind: 'done' };
  }
  await bridge.value.ended;
  return { kind: 'done' };
}

/**
 * Resolves true when `callee` answers, or with the cause when it ends
 * first; a caller hanging up cancels the callee.
 */
function untilAnswered(caller: CallLeg, callee: CallLeg): Promise<true | HangupCause> {
  return new Promise((resolve) => {
    const done = (v: true | HangupCause) => {
      callee.off('answered', onAnswered);
      callee.off('hangup', onCalleeGone);
      caller.off('hangup', onCallerGone);
      resolve(v);
    };
    const onAnswered = () => done(true);
    const onCalleeGone = (cause: HangupCause) => done(cause);
    const onCallerGone = (cause: HangupCause) => {
      void callee.hangup({ reason: 'cancelled', q850: 16 });
      done(cause);
    };
    callee.on('answered', onAnswered);
    callee.on('hangup', onCalleeGone);
    caller.on('hangup', onCallerGone);
    if (callee.state === 'confirmed') done(true);
  });
}
