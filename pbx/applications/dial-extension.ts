import type { ApplicationCall, CallLeg, HangupCause } from '../../core/index.ts';
import { bridgeLegs } from '../calls/index.ts';
import { ringExtension, type RoutableExtension } from '../routing/index.ts';
import type { ApplicationContext, ApplicationOutcome } from './application-types.ts';

/** The extensions a destination of type extension may name. */
export interface ExtensionDialDirectory {
  readonly extensions: { find(id: number): RoutableExtension | undefined };
}

/**
 * A destination of type extension (spec 02 §0.5): the caller hears
 * ringing while the extension rings; when it answers, the caller is
 * answered and the two are bridged until either hangs up. An extension
 * that is busy, does not answer or takes no calls ends the call with that
 * cause (a failover, when the context has one, is the caller's job).
 */
export async function dialExtension(
  call: ApplicationCall,
  ctx: ApplicationContext,
  directory: ExtensionDialDirectory,
): Promise<ApplicationOutcome> {
  const { leg } = call;
  const id = call.destination.targetId;
  const decision = ringExtension(
    id === undefined ? undefined : directory.extensions.find(id),
    call.teamId,
  );
  if (decision.kind !== 'extensions') {
    const cause: HangupCause =
      decision.kind === 'unavailable' && decision.reason === 'dnd'
        ? { reason: 'busy', q850: 17 }
        : { reason: 'unavailable', q850: 20 };
    await leg.hangup(cause);
    return { kind: 'done' };
  }
  const target = decision.targets[0]!;
  const placed = ctx.originator.originate({
    teamId: call.teamId,
    target: { kind: 'extension', extension: target },
    caller: leg.remote,
    ringTimeoutMs: target.ringTimeoutMs,
    parentCallId: call.callId,
  });
  if (!placed.ok) {
    await leg.hangup({ reason: 'congestion', q850: 34 });
    return { kind: 'done' };
  }
  const callee = placed.value;
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
