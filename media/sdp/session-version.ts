import { serializeSdp } from './serialize-sdp.ts';
import type { SessionDescription } from './session-description.ts';

/**
 * Sets the `o=` version of a description we are about to send again in the
 * same session. RFC 3264 §8: "When issuing an offer that modifies the
 * session, the "o=" line of the new SDP MUST be identical to that in the
 * previous SDP, except that the version in the origin field MUST increment
 * by one from the previous SDP." An unchanged description keeps the
 * previous version, so a re-sent answer is recognisably the same.
 */
export function reviseSessionVersion(
  previous: SessionDescription | undefined,
  next: SessionDescription,
): SessionDescription {
  if (previous === undefined) return next;
  const origin = { ...previous.origin };
  const sameVersion = { ...next, origin };
  const isChanged = serializeSdp(sameVersion) !== serializeSdp(previous);
  if (!isChanged) return sameVersion;
  return { ...next, origin: { ...origin, sessionVersion: origin.sessionVersion + 1n } };
}
