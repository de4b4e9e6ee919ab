import { err, ok } from '../../core/index.ts';
import type { MediaDtmfOptions, MediaError, Result } from '../../core/index.ts';
import { isDtmfDigit } from '../dtmf/index.ts';
import type { MediaLeg } from './media-leg.ts';

/** Plays digits in-band on a leg (the media server's playback). */
export type InbandDtmfPlayer = (
  leg: MediaLeg,
  digits: string,
  durationMs: number,
  pauseMs: number,
) => void;

/**
 * Sends digits on a leg (MediaControl.sendDtmf): as RFC 4733 events when
 * the leg negotiated telephone-event, else (or when `mode` says so) as
 * in-band tones through `playInband`.
 */
export function sendLegDtmf(
  leg: MediaLeg,
  digits: string,
  opts: MediaDtmfOptions,
  playInband: InbandDtmfPlayer,
): Result<void, MediaError> {
  const bad = [...digits].find((d) => !isDtmfDigit(d.toUpperCase()));
  if (bad !== undefined || digits.length === 0) {
    return err({ code: 'ERR_MEDIA_INVALID_STATE', detail: `"${digits}" is not a DTMF string` });
  }
  const mode = opts.mode ?? (leg.telephoneEventPt >= 0 ? 'rfc4733' : 'inband');
  const durationMs = opts.durationMs ?? 100;
  const pauseMs = opts.pauseMs ?? 60;
  if (mode === 'rfc4733') {
    if (leg.telephoneEventPt < 0) {
      const detail = 'telephone-event was not negotiated on this leg (RFC 4733 §7.1.1)';
      return err({ code: 'ERR_MEDIA_INVALID_STATE', detail });
    }
    leg.sendEvents(digits.toUpperCase(), durationMs, pauseMs);
  } else {
    playInband(leg, digits, durationMs, pauseMs);
  }
  return ok(undefined);
}
