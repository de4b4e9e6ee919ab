import type { ApplicationCall, CallLeg, HangupCause } from '../../core/index.ts';
import { bridgeLegs } from '../calls/index.ts';
import type { ApplicationContext, ApplicationOutcome } from './application-types.ts';

/**
 * The second half of dialling for an application call: the caller hears
 * ringing while `callee` (already originated) rings; when it answers, the
 * caller is answered and the two are bridged until either hangs up. A
 * callee that ends first ends the caller with its cause, unless the
 * context keeps the caller (IVR-9): then a callee hanging up after the
 * answer resolves `kept` with the caller still up.
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
  const isKeepingA = ctx.isKeepingCaller === true;
  const bridge = await bridgeLegs(ctx.media, leg, callee, { isKeepingA });
  if (!bridge.ok) {
    await Promise.all([leg.hangup({ reason: 'failed', q850: 47 }), callee.hangup()]);
    return { kind: 'done' };
  }
  const end = await bridge.value.ended;
  return end.kept === undefined ? { kind: 'done' } : { kind: 'kept' };
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
