import type { ApplicationCall, HangupCause } from '../../core/index.ts';
import { ringExtension, type RoutableExtension } from '../routing/index.ts';
import type { ApplicationContext, ApplicationOutcome } from './application-types.ts';
import { ringAndBridge } from './ring-and-bridge.ts';

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
    purpose: 'dial',
  });
  if (!placed.ok) {
    await leg.hangup({ reason: 'congestion', q850: 34 });
    return { kind: 'done' };
  }
  return ringAndBridge(call, ctx, placed.value);
}
