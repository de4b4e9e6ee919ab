/*
 * A B2BUA call's life as its CDR sees it (b2bua.ts): start, ringing,
 * answer and end, reported to the recorder (spec 01 §2.8).
 */
import type { CallRecorder, Clock } from '../../core/index.ts';
import { isSipUri } from '../message/index.ts';
import type { B2buaCall } from './b2bua-call.ts';
import { callEnd } from './call-outcome.ts';

/** Reports `call` to `recorder` now and as it rings, answers and ends. */
export function recordCall(recorder: CallRecorder, clock: Clock, call: B2buaCall): void {
  const { teamId, direction, callerNumber, calleeNumber } = call.parties;
  const { callerExtensionId, calleeExtensionId, trunkId } = call.parties;
  const uri = call.a.request.uri();
  recorder.started({
    callId: call.id,
    teamId,
    callType: direction,
    callerNumber,
    callerName: call.a.request.from()?.displayName,
    calledNumber: calleeNumber,
    did: direction === 'inbound' && uri !== undefined && isSipUri(uri) ? uri.user : undefined,
    extensionId: callerExtensionId ?? calleeExtensionId,
    callerExtensionId,
    calleeExtensionId,
    trunkId,
    startedAtMs: call.startedAtMs,
  });
  call.once('ringing', () => recorder.ringing?.(call.id, clock.now()));
  call.on('answered', () =>
    recorder.answered(call.id, call.answeredAtMs ?? clock.now(), undefined, call.trunkId),
  );
  call.once('ended', (outcome) => {
    // A handed-over caller carries the record on under its new owner.
    if (outcome.isHandedOver !== true) {
      recorder.ended(call.id, callEnd(outcome, clock.now()));
    }
  });
}
