import type { MediaStats } from '../../core/index.ts';
import type { MediaLeg } from './media-leg.ts';
import type { RelayOffload } from './relay-offload.ts';

/**
 * A leg's periodic quality report (MediaControlEvents 'stats'). A leg
 * relayed natively has packet counts from the shard's counters but no
 * jitter, loss or MOS, as the shard does not track sequence numbers (D34).
 */
export function legStats(leg: MediaLeg, offload: RelayOffload | undefined): MediaStats {
  const isNative = offload?.isOffloaded(leg) === true;
  const rs = isNative ? undefined : leg.endpoint.receiveStats;
  const counts = offload?.counts(leg) ?? leg.endpoint.stats;
  return {
    ref: leg.ref,
    packetsReceived: counts.rtpReceived,
    packetsSent: counts.rtpSent,
    packetsLost: rs?.lost ?? 0,
    jitterMs: rs?.jitterMs ?? 0,
    ...(rs === undefined ? {} : { mos: rs.mos() }),
  };
}
