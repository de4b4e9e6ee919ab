import type { Clock, Logger } from '../../core/index.ts';
import type { IvrFetch } from './web-service.ts';

/**
 * What IVR-8's `httpPost` hangup action sends, as JSON: the call's ids,
 * the caller, what the caller keyed in and the flow's saved variables
 * (IVR-7 "variables passed to the business layer").
 */
export interface IvrHangupNotice {
  readonly event: 'ivrHangup';
  readonly callId: string;
  readonly teamId: number;
  readonly flowId: number;
  readonly flowName: string | undefined;
  readonly callerNumber: string;
  readonly calledNumber: string;
  /** ISO 8601 times of the IVR session. */
  readonly startedAt: string;
  readonly endedAt: string;
  readonly durationMs: number;
  /** Every input the caller completed, in order. */
  readonly inputs: readonly string[];
  readonly variables: Readonly<Record<string, string>>;
}

/** How one post ended; failures are logged, never thrown. */
export type HangupPostResult =
  | { readonly kind: 'sent'; readonly status: number }
  | {
      readonly kind: 'failed';
      readonly reason: 'badUrl' | 'timeout' | 'network' | 'httpStatus';
      /** The HTTP status for `httpStatus`. */
      readonly status?: number | undefined;
    }
  | { readonly kind: 'dropped' };

/** Settings of the notifier. */
export interface IvrHangupNotifierDeps {
  readonly fetch: IvrFetch;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Posts in flight at once; more are dropped with a warning (64 unless given). */
  readonly maxInFlight?: number | undefined;
}

/** Posts in flight before new ones are dropped. */
export const DEFAULT_MAX_HANGUP_POSTS_IN_FLIGHT = 64;

/**
 * Runs IVR-8's `httpPost` hangup action: one POST per hang-up, no retry,
 * bounded by the flow's timeout, and a cap on posts in flight, so a dead
 * web service during a burst of hang-ups costs a bounded number of
 * sockets instead of a retry storm. The log names only the URL's origin:
 * paths, queries and user info often carry tokens.
 */
export class IvrHangupNotifier {
  readonly #deps: IvrHangupNotifierDeps;
  readonly #maxInFlight: number;
  #inFlight = 0;

  constructor(deps: IvrHangupNotifierDeps) {
    this.#deps = deps;
    this.#maxInFlight = deps.maxInFlight ?? DEFAULT_MAX_HANGUP_POSTS_IN_FLIGHT;
  }

  /** Posts currently waiting for an answer. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Posts `notice` to `url` once; resolves when done, never rejects. */
  async notify(url: string, timeoutMs: number, notice: IvrHangupNotice): Promise<HangupPostResult> {
    const logger = this.#deps.logger;
    const where = { callId: notice.callId, flowId: notice.flowId };
    const target = parseTarget(url);
    if (target === undefined) {
      logger.warn(where, 'IVR hangup action: hangupUrl is not an http(s) URL');
      return { kind: 'failed', reason: 'badUrl' };
    }
    if (this.#inFlight >= this.#maxInFlight) {
      logger.warn(
        { ...where, target: target.origin },
        'IVR hangup action dropped: too many posts in flight',
      );
      return { kind: 'dropped' };
    }
    this.#inFlight += 1;
    try {
      const result = await this.#post(target, timeoutMs, notice);
      if (result.kind === 'sent') {
        logger.debug({ ...where, status: result.status }, 'IVR hangup action sent');
      } else if (result.kind === 'failed') {
        logger.warn(
          { ...where, target: target.origin, reason: result.reason, status: result.status },
          'IVR hangup action failed',
        );
      }
      return result;
    } finally {
      this.#inFlight -= 1;
    }
  }

  async #post(
    target: PostTarget,
    timeoutMs: number,
    notice: IvrHangupNotice,
  ): Promise<HangupPostResult> {
    const { clock, fetch } = this.#deps;
    const controller = new AbortController();
    let timer: ReturnType<Clock['setTimeout']> | undefined;
    const timedOut = new Promise<HangupPostResult>((resolve) => {
      timer = clock.setTimeout(() => {
        controller.abort();
        resolve({ kind: 'failed', reason: 'timeout' });
      }, timeoutMs);
    });
    const answered = (async (): Promise<HangupPostResult> => {
      try {
        const response = await fetch(target.href, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...target.headers },
          body: JSON.stringify(notice),
          signal: controller.signal,
        });
        // Read the body so the connection goes back to the pool.
        await response.text().catch(() => '');
        return response.ok
          ? { kind: 'sent', status: response.status }
          : { kind: 'failed', reason: 'httpStatus', status: response.status };
      } catch {
        return { kind: 'failed', reason: 'network' };
      }
    })();
    try {
      return await Promise.race([answered, timedOut]);
    } finally {
      if (timer !== undefined) clock.clearTimeout(timer);
    }
  }
}

/** Where a post goes: the URL without user info, which becomes a header. */
interface PostTarget {
  readonly href: string;
  readonly origin: string;
  readonly headers: Record<string, string>;
}

/**
 * The post target of `url`. fetch() refuses URLs with credentials, so
 * `user:password@` is sent as Basic authorization (RFC 7617 §2).
 */
function parseTarget(url: string): PostTarget | undefined {
  if (!URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  const headers: Record<string, string> = {};
  if (parsed.username !== '' || parsed.password !== '') {
    const userPass = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`;
    headers.authorization = `Basic ${Buffer.from(userPass, 'utf8').toString('base64')}`;
    parsed.username = '';
    parsed.password = '';
  }
  return { href: parsed.href, origin: parsed.origin, headers };
}
