import { ok } from '../../core/index.ts';
import type {
  Clock,
  Logger,
  MediaError,
  MediaOfferOptions,
  MediaSessionRef,
  Result,
} from '../../core/index.ts';
import type { MediaScheduler, PortAllocator } from '../endpoint/index.ts';
import { MediaLeg } from './media-leg.ts';
import type { MediaLegHooks } from './media-leg.ts';
import { openLegEndpoint } from './open-leg-endpoint.ts';

/** The legs of one call, and the SDP session id they share. */
export interface CallEntry {
  readonly legs: Map<string, MediaLeg>;
  readonly sessionId: string;
}

/** Settings of a CallTable: what a new leg's endpoint is opened with. */
export interface CallTableOptions {
  readonly ports: PortAllocator;
  readonly bindAddress: string;
  readonly clock: Clock;
  readonly logger: Logger | undefined;
  readonly scheduler: MediaScheduler;
  readonly hooks: MediaLegHooks;
  /** Silence on a leg before onTimeout, unless an offer gives its own. */
  readonly mediaTimeoutMs: number | undefined;
  /** A leg's endpoint heard nothing for `silentForMs` (MediaControl 'timeout'). */
  readonly onTimeout: (ref: MediaSessionRef, silentForMs: number) => void;
}

/**
 * The media server's session table: calls by Call-ID, each with its legs
 * by leg id. A leg is created, with its own port pair, the first time an
 * offer or answer names it, and a call is dropped once its last leg is.
 */
export class CallTable {
  private readonly options: CallTableOptions;
  private readonly calls = new Map<string, CallEntry>();

  constructor(options: CallTableOptions) {
    this.options = options;
  }

  /** Legs open now, over all calls. */
  get legCount(): number {
    let n = 0;
    for (const call of this.calls.values()) n += call.legs.size;
    return n;
  }

  /** The leg of `ref`, if it is open. */
  leg(ref: MediaSessionRef): MediaLeg | undefined {
    return this.calls.get(ref.callId)?.legs.get(ref.legId);
  }

  /** The call of `callId`, if any of its legs is open. */
  get(callId: string): CallEntry | undefined {
    return this.calls.get(callId);
  }

  /** The call of `callId`, made empty with a new session id if absent. */
  entry(callId: string): CallEntry {
    let call = this.calls.get(callId);
    if (call === undefined) {
      call = { legs: new Map(), sessionId: String(Date.now()) };
      this.calls.set(callId, call);
    }
    return call;
  }

  /** Forgets `call` when no leg of it opened, then returns `failure`. */
  dropIfEmpty<E>(callId: string, call: CallEntry, failure: E): E {
    if (call.legs.size === 0) this.calls.delete(callId);
    return failure;
  }

  /** The leg `ref` of `call`, opened on a new port pair when absent. */
  async legFor(
    call: CallEntry,
    ref: MediaSessionRef,
    opts: MediaOfferOptions,
  ): Promise<Result<MediaLeg, MediaError>> {
    const found = call.legs.get(ref.legId);
    if (found !== undefined) return ok(found);
    const { options } = this;
    const ep = await openLegEndpoint({
      ports: options.ports,
      bindAddress: options.bindAddress,
      clock: options.clock,
      logger: options.logger,
      mediaTimeoutMs: opts.mediaTimeoutMs ?? options.mediaTimeoutMs,
    });
    if (!ep.ok) return ep;
    const leg = new MediaLeg(ref, ep.value, options.scheduler, options.hooks);
    ep.value.on('timeout', ({ silentForMs }) => options.onTimeout(ref, silentForMs));
    call.legs.set(ref.legId, leg);
    return ok(leg);
  }

  /**
   * Takes leg `legId` of `callId` (every leg without it) out of the table
   * and closes each in turn; the call goes once its last leg has.
   */
  async delete(
    callId: string,
    legId: string | undefined,
    close: (leg: MediaLeg) => Promise<void>,
  ): Promise<void> {
    const call = this.calls.get(callId);
    if (call === undefined) return;
    for (const [id, leg] of [...call.legs]) {
      if (legId !== undefined && id !== legId) continue;
      call.legs.delete(id);
      await close(leg);
    }
    if (call.legs.size === 0) this.calls.delete(callId);
  }

  /** The Call-IDs of the calls open now. */
  callIds(): string[] {
    return [...this.calls.keys()];
  }

  /** Every open leg, call by call. */
  *legs(): IterableIterator<MediaLeg> {
    for (const call of this.calls.values()) yield* call.legs.values();
  }
}
