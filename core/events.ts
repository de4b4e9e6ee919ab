import { EventEmitter } from 'node:events';
import type { Logger } from './logger.ts';

/** A map from event name to the tuple of its arguments. */
export type EventMap = Record<string, unknown[]>;

/**
 * An EventEmitter whose events are typed per class (mediasoup's
 * `TransportEvents`). Listeners are called through safeEmit: one that throws
 * is logged and reported on 'listenererror', and the emitter goes on
 * (STYLE §4.5).
 */
export class TypedEmitter<E extends EventMap> {
  readonly #emitter = new EventEmitter({ captureRejections: false });
  readonly #logger: Logger | undefined;

  constructor(logger?: Logger) {
    this.#logger = logger;
    this.#emitter.setMaxListeners(0);
  }

  on<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): this {
    this.#emitter.on(event, listener as (...args: unknown[]) => void);
    return this;
  }

  once<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): this {
    this.#emitter.once(event, listener as (...args: unknown[]) => void);
    return this;
  }

  off<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): this {
    this.#emitter.off(event, listener as (...args: unknown[]) => void);
    return this;
  }

  listenerCount<K extends keyof E & string>(event: K): number {
    return this.#emitter.listenerCount(event);
  }

  removeAllListeners(): void {
    this.#emitter.removeAllListeners();
  }

  /**
   * Calls each listener of `event`; a listener that throws does not stop the
   * others. Returns false if any listener threw.
   */
  safeEmit<K extends keyof E & string>(event: K, ...args: E[K]): boolean {
    let isClean = true;
    for (const listener of this.#emitter.rawListeners(event)) {
      try {
        (listener as (...a: unknown[]) => void).apply(this, args);
      } catch (error) {
        isClean = false;
        this.#logger?.error({ err: error, event }, 'event listener threw');
        if (event !== 'listenererror' && this.#emitter.listenerCount('listenererror') > 0) {
          this.#emitter.emit('listenererror', event, error);
        }
      }
    }
    return isClean;
  }
}
