import type { Clock, Logger } from '../../core/index.ts';
import type { CodecRegistry } from '../codecs/index.ts';
import type { MohPlaylistLookup, MusicOnHold } from '../player/index.ts';

/** Settings of a MediaServer. */
export interface MediaServerOptions {
  /** The address our RTP sockets bind to. */
  readonly bindAddress: string;
  /** The address written into SDP (a public or NAT address); bindAddress unless given. */
  readonly advertisedAddress?: string;
  /** The RTP port range; each leg takes one even/odd pair. */
  readonly minPort: number;
  readonly maxPort: number;
  /** Rest of a released port pair before reuse; 10 000 unless given. */
  readonly quarantineMs?: number;
  /** Where recordings go; repaired at start() (crash leftovers) when given. */
  readonly recordingsDir?: string;
  /** Where play() looks for relative file names. */
  readonly soundsDir?: string;
  /** Music on hold for the held side of a call; absent: hold is only relayed. */
  readonly musicOnHold?: MusicOnHold;
  /**
   * Music-on-hold classes from the configuration, for play({ moh }) and,
   * without `musicOnHold`, for the held side of a call.
   */
  readonly mohPlaylists?: MohPlaylistLookup;
  /** The class a held leg hears; `default` unless given. */
  readonly mohClass?: string;
  /** Codecs added to every relayed offer so the far side may pick one we transcode to. */
  readonly transcodeCodecs?: readonly string[];
  /** Country of the call-progress tones (ISO 3166 alpha-2); ITU unless given. */
  readonly toneCountry?: string;
  /** Silence on a leg before 'timeout'; 60 000 unless given per offer. */
  readonly mediaTimeoutMs?: number;
  /** How often 'stats' is emitted per leg; 5000 unless given (0: never). */
  readonly statsIntervalMs?: number;
  /**
   * Relay plain call legs in native shard threads (issue 5, D34); off
   * unless given. Without the addon built, logs once and relays in JS.
   */
  readonly nativeRelay?:
    | { readonly shards: number; readonly addonPath?: string; readonly kernelForward?: boolean }
    | false;
  readonly codecs?: CodecRegistry;
  readonly clock?: Clock;
  readonly logger?: Logger;
}
