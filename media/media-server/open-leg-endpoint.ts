import { err } from '../../core/index.ts';
import type { Clock, Logger, MediaError, Result } from '../../core/index.ts';
import { MediaEndpoint } from '../endpoint/index.ts';
import type { PortAllocator } from '../endpoint/index.ts';

/** Tries before giving up when ports of the range are held by other processes. */
const BIND_ATTEMPTS = 8;

/** What a leg's endpoint is opened with. */
export interface LegEndpointOptions {
  readonly ports: PortAllocator;
  readonly bindAddress: string;
  readonly clock: Clock;
  readonly logger: Logger | undefined;
  readonly mediaTimeoutMs: number | undefined;
}

/**
 * Opens a leg's RTP/RTCP endpoint on the next free port pair of the range.
 * A pair that another process holds rests in quarantine and the next one
 * is tried, up to BIND_ATTEMPTS times.
 */
export async function openLegEndpoint(
  options: LegEndpointOptions,
): Promise<Result<MediaEndpoint, MediaError>> {
  const { ports, mediaTimeoutMs, logger } = options;
  let last: MediaError | undefined;
  for (let attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
    const pair = ports.allocate();
    if (!pair.ok) return pair;
    const ep = await MediaEndpoint.open({
      bindAddress: options.bindAddress,
      rtpPort: pair.value.rtpPort,
      rtcpPort: pair.value.rtcpPort,
      clock: options.clock,
      ...(mediaTimeoutMs === undefined ? {} : { mediaTimeoutMs }),
      ...(logger === undefined ? {} : { logger }),
    });
    if (ep.ok) return ep;
    ports.release(pair.value.rtpPort);
    last = ep.error;
    if (ep.error.code !== 'ERR_MEDIA_NO_PORTS') return ep;
  }
  return err(last ?? { code: 'ERR_MEDIA_NO_PORTS', detail: 'no bindable port pair' });
}
