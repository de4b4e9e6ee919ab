import type { Clock, TimerHandle } from '../../core/index.ts';
import type { SipRequest } from '../message/index.ts';

/** RFC 4028 §4: Min-SE may not be lower than 90 seconds. */
export const MIN_SESSION_EXPIRES_S = 90;

/** Who refreshes the session (RFC 4028 §4, the refresher parameter). */
export type Refresher = 'uac' | 'uas';

/** A Session-Expires header value (RFC 4028 §4). */
export interface SessionExpires {
  readonly deltaS: number;
  readonly refresher: Refresher | undefined;
}

/**
 * Parses Session-Expires: `delta-seconds *(;se-params)`. Undefined when
 * absent, 'invalid' when the delta is not a positive integer.
 */
export function parseSessionExpires(
  value: string | undefined,
): SessionExpires | 'invalid' | undefined {
  if (value === undefined) return undefined;
  const [delta, ...params] = value.split(';').map((p) => p.trim());
  if (delta === undefined || !/^\d{1,10}$/.test(delta)) return 'invalid';
  const deltaS = Number(delta);
  if (deltaS <= 0) return 'invalid';
  let refresher: Refresher | undefined;
  for (const p of params) {
    const m = /^refresher\s*=\s*(uac|uas)$/i.exec(p);
    if (m !== null) refresher = m[1]!.toLowerCase() as Refresher;
  }
  return { deltaS, refresher };
}

/** Whether the request lists option tag `tag` in Supported or Require. */
function hasOptionTag(request: SipRequest, tag: string): boolean {
  return [...request.getHeaderValues('Supported'), ...request.getHeaderValues('Require')].some(
    (v) => v.trim().toLowerCase() === tag,
  );
}

/**
 * The session timer a UAS grants in its 2xx to an INVITE with
 * Session-Expires (RFC 4028 §9): the requested interval, and the refresher
 * the UAC chose, else the UAC when it supports timers, else us. A UAC
 * without timer support cannot be made the refresher.
 */
export function negotiateSessionTimer(
  request: SipRequest,
): { deltaS: number; refresher: Refresher; headers: Array<[string, string]> } | undefined {
  const se = parseSessionExpires(request.getHeader('Session-Expires'));
  if (se === undefined || se === 'invalid') return undefined;
  const isSupported = hasOptionTag(request, 'timer');
  const refresher: Refresher = isSupported ? (se.refresher ?? 'uac') : 'uas';
  const headers: Array<[string, string]> = [
    ['Session-Expires', `${se.deltaS};refresher=${refresher}`],
  ];
  // §9: with the UAC as refresher the 2xx must carry Require: timer.
  if (refresher === 'uac') headers.push(['Require', 'timer']);
  return { deltaS: se.deltaS, refresher, headers };
}

/**
 * One side of a session timer (RFC 4028 §10): as refresher it asks for a
 * refresh at half the interval; otherwise it reports expiry when no
 * refresh came within the interval minus min(32 s, interval / 3).
 */
export class SessionTimer {
  private handle: TimerHandle | undefined;

  constructor(
    private readonly clock: Clock,
    readonly deltaS: number,
    readonly isRefresher: boolean,
    private readonly onRefresh: () => void,
    private readonly onExpire: () => void,
  ) {}

  /** Starts (or restarts, after a refresh) the interval. */
  refreshed(): void {
    this.stop();
    const ms = this.deltaS * 1000;
    this.handle = this.isRefresher
      ? this.clock.setTimeout(() => this.onRefresh(), ms / 2)
      : this.clock.setTimeout(() => this.onExpire(), ms - Math.min(32_000, ms / 3));
  }

  stop(): void {
    if (this.handle !== undefined) this.clock.clearTimeout(this.handle);
    this.handle = undefined;
  }
}
