import { isUnspecifiedAddress } from './address.ts';
import { getConnection, getDirection, hasAttribute } from './attributes.ts';
import type { MediaDirection } from './attributes.ts';
import type { SdpMediaDescription, SessionDescription } from './session-description.ts';

/**
 * Returns true if a media line is held the RFC 2543 way, with a `c=` of
 * 0.0.0.0 (RFC 3264 §8.4). With ICE the same address only means "no default
 * candidate yet" (RFC 8839 §4.2.1, port 9 with 0.0.0.0), so it is no hold.
 */
export function isOldStyleHold(session: SessionDescription, media: SdpMediaDescription): boolean {
  const connection = getConnection(media, session);
  if (connection === undefined || !isUnspecifiedAddress(connection.address)) return false;
  return (
    !hasAttribute(media.attributes, 'ice-ufrag') && !hasAttribute(session.attributes, 'ice-ufrag')
  );
}

/**
 * The direction a side asked for, counting an old-style hold as a side
 * that will not receive.
 */
export function effectiveDirection(
  session: SessionDescription,
  m: SdpMediaDescription,
): MediaDirection {
  const direction = getDirection(m, session);
  if (!isOldStyleHold(session, m)) return direction;
  return direction === 'sendrecv' || direction === 'sendonly' ? 'sendonly' : 'inactive';
}
