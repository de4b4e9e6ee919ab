import { err } from '../../core/index.ts';
import type { MediaError, MediaSessionRef } from '../../core/index.ts';

/** The failure of an operation on a leg the server does not hold. */
export function notFound(ref: MediaSessionRef): { ok: false; error: MediaError } {
  const detail = `no media for leg ${ref.legId} of call ${ref.callId}`;
  return err({ code: 'ERR_MEDIA_SESSION_NOT_FOUND', detail });
}

/** The failure of an operation before start() or after stop(). */
export function notRunning(): { ok: false; error: MediaError } {
  return err({ code: 'ERR_MEDIA_INVALID_STATE', detail: 'the media server is not running' });
}
