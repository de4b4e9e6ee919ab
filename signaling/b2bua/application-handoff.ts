/*
 * A B2BUA call's caller handed to a PBX application (b2bua.ts): forwarded
 * when the callee does not answer, picked up while it rings, or sent on
 * by a blind transfer once answered. The new owner carries on the call's
 * CDR.
 */
import type { CallLeg, Destination } from '../../core/index.ts';
import type { ActiveCalls } from './active-calls.ts';
import type { ApplicationCalls } from './application-calls.ts';
import { B2buaCall } from './b2bua-call.ts';
import { COMPLETED_ELSEWHERE } from './outbound-leg.ts';
import type { ReferSubscription } from './refer-subscription.ts';

/**
 * The callee of `call` did not answer: leg A goes on to `destination`
 * (a forward, voicemail) and keeps its CDR. False if it cannot.
 */
export function forwardUnanswered(
  apps: ApplicationCalls,
  call: B2buaCall,
  destination: Destination | undefined,
): boolean {
  if (destination === undefined || apps.applications === undefined) return false;
  const sip = call.releaseCaller();
  if (sip === undefined) return false;
  const { parties } = call;
  const recordAs = { callId: call.id, startedAtMs: call.startedAtMs };
  apps.adopt({ sip, parties, dialled: parties.calleeNumber, recordAs, destination });
  return true;
}

/**
 * Call pickup (RingingCalls, spec EXT-12): the longest-ringing B2BUA
 * call to one of `numbers` stops ringing there and its caller's leg is
 * handed over, unanswered, still on its CDR.
 */
export function pickUpRinging(
  apps: ApplicationCalls,
  calls: ActiveCalls,
  teamId: number,
  numbers: readonly string[],
): CallLeg | undefined {
  const oldest = oldestRinging(calls, teamId, numbers);
  if (oldest === undefined) return undefined;
  // The callee's phones stop ringing as answered elsewhere (RFC 3326 §2).
  const sip = oldest.releaseCaller(COMPLETED_ELSEWHERE);
  if (sip === undefined) return undefined;
  const { parties } = oldest;
  const recordAs = { callId: oldest.id, startedAtMs: oldest.startedAtMs };
  return apps.adopt({ sip, parties, dialled: parties.calleeNumber, recordAs });
}

/** The longest-ringing B2BUA call to one of `numbers` of `teamId`, for pickup. */
export function oldestRinging(
  calls: ActiveCalls,
  teamId: number,
  numbers: readonly string[],
): B2buaCall | undefined {
  let oldest: B2buaCall | undefined;
  for (const call of calls.values()) {
    if (!(call instanceof B2buaCall) || call.state !== 'ringing') continue;
    if (call.parties.teamId !== teamId || !numbers.includes(call.parties.calleeNumber)) continue;
    if (oldest === undefined || call.startedAtMs < oldest.startedAtMs) oldest = call;
  }
  return oldest;
}

/**
 * A blind transfer to a PBX application (parking, a queue, an IVR):
 * the transferor is told it worked and released, and the caller's
 * answered leg is re-INVITEd to our media and runs the application.
 */
export function transferToApplication(
  apps: ApplicationCalls,
  call: B2buaCall,
  destination: Destination,
  subscription: ReferSubscription,
): void {
  subscription.notify(100);
  if (apps.applications === undefined || call.answeredAtMs === undefined) {
    return subscription.notify(480);
  }
  // RFC 3515 §2.4.5: the final NOTIFY goes out before we BYE the transferor.
  subscription.notify(200);
  handToApplication(apps, call, destination);
}

/**
 * The answered caller of `call` goes to `destination`, its callee (the
 * transferor) gets BYE, and the application leg carries on the CDR.
 * False when there are no applications or the call cannot let go.
 */
export function handToApplication(
  apps: ApplicationCalls,
  call: B2buaCall,
  destination: Destination,
): boolean {
  const answeredAtMs = call.answeredAtMs;
  if (apps.applications === undefined || answeredAtMs === undefined) return false;
  const sip = call.releaseAnsweredCaller();
  if (sip === undefined) return false;
  const { parties } = call;
  apps.adopt({
    sip,
    parties,
    dialled: parties.calleeNumber,
    recordAs: { callId: call.id, startedAtMs: call.startedAtMs },
    answeredAtMs,
    destination,
    referredBy: { number: parties.calleeNumber },
  });
  return true;
}
