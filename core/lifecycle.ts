import { InvalidStateError } from './errors.ts';

/** States of a Lifecycle, in order. */
export type LifecycleState = 'idle' | 'starting' | 'running' | 'stopping' | 'stopped';

/** Anything that can be stopped, as a child of a Lifecycle. */
export interface Stoppable {
  stop(): Promise<void>;
}

/**
 * Start/stop bookkeeping for long-lived services. start() and stop() are
 * idempotent (a second call returns the first call's promise), and stop()
 * stops the children in reverse order of adoption before the owner's own
 * teardown (mediasoup's close() cascade).
 */
export class Lifecycle implements Stoppable {
  #state: LifecycleState = 'idle';
  #startPromise: Promise<void> | undefined;
  #stopPromise: Promise<void> | undefined;
  readonly #children: Stoppable[] = [];
  readonly #onStart: () => Promise<void>;
  readonly #onStop: () => Promise<void>;

  constructor(hooks: { onStart?: () => Promise<void>; onStop?: () => Promise<void> } = {}) {
    this.#onStart = hooks.onStart ?? (async () => {});
    this.#onStop = hooks.onStop ?? (async () => {});
  }

  get state(): LifecycleState {
    return this.#state;
  }

  get isRunning(): boolean {
    return this.#state === 'running';
  }

  /** Registers a child that stop() will stop first. */
  adopt<T extends Stoppable>(child: T): T {
    if (this.#state === 'stopping' || this.#state === 'stopped') {
      throw new InvalidStateError('cannot adopt a child after stop()');
    }
    this.#children.push(child);
    return child;
  }

  start(): Promise<void> {
    if (this.#stopPromise) return Promise.reject(new InvalidStateError('start() after stop()'));
    this.#startPromise ??= (async () => {
      this.#state = 'starting';
      await this.#onStart();
      this.#state = 'running';
    })();
    return this.#startPromise;
  }

  stop(): Promise<void> {
    this.#stopPromise ??= (async () => {
      if (this.#startPromise) await this.#startPromise.catch(() => undefined);
      this.#state = 'stopping';
      const errors: unknown[] = [];
      for (const child of [...this.#children].reverse()) {
        await child.stop().catch((e: unknown) => errors.push(e));
      }
      await this.#onStop().catch((e: unknown) => errors.push(e));
      this.#state = 'stopped';
      if (errors.length === 1) throw errors[0];
      if (errors.length > 1) throw new AggregateError(errors, 'errors while stopping');
    })();
    return this.#stopPromise;
  }
}
