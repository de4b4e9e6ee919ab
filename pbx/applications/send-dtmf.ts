import type { ApplicationCall, HangupCause } from '../../core/index.ts';
import type { ApplicationContext, ApplicationOutcome } from './application-types.ts';

/** What MediaControl.sendDtmf() spends per key: 100 ms of key, 60 ms of gap. */
const KEY_MS = 160;
/** Time for the last packets (the end of the last event sent thrice) to leave. */
const SETTLE_MS = 200;
const DTMF_DIGITS = /^[0-9A-D*#]+$/i;

const NORMAL: HangupCause = { reason: 'normal', q850: 16 };
const NOT_DIGITS: HangupCause = { reason: 'unavailable', q850: 41, text: 'no DTMF digits to send' };

/**
 * The `sendDtmf` destination (spec 02 §0.5, IVR-10 发送 DTMF): the caller
 * is answered if it is not yet, and the digits of its `targetValue` are
 * sent on the caller's channel the way its party takes keys (RFC 4733
 * events, tones, or SIP INFO, D88). Then, as Asterisk's SendDTMF() runs
 * on to the rest of the dialplan, the caller goes back to the IVR that
 * asked for it (IVR-9's follow-up) or the call ends. `wait` pauses while
 * the keys go out.
 */
export async function sendDtmfDestination(
  call: ApplicationCall,
  ctx: ApplicationContext,
  wait: (ms: number) => Promise<void>,
): Promise<ApplicationOutcome> {
  const digits = call.destination.targetValue ?? '';
  const leg = call.leg;
  if (!DTMF_DIGITS.test(digits)) {
    ctx.logger.warn({ callId: call.callId, digits }, 'sendDtmf destination without digits');
    await leg.hangup(NOT_DIGITS);
    return { kind: 'done' };
  }
  if (leg.state !== 'confirmed' && !(await leg.answer()).ok) return { kind: 'done' };
  const sent = await leg.sendDtmf(digits);
  if (sent.ok) await wait(digits.length * KEY_MS + SETTLE_MS);
  else ctx.logger.warn({ callId: call.callId, error: sent.error }, 'DTMF not sent');
  if (leg.state === 'terminated') return { kind: 'done' };
  if (ctx.isKeepingCaller === true) return { kind: 'kept' };
  await leg.hangup(NORMAL);
  return { kind: 'done' };
}
