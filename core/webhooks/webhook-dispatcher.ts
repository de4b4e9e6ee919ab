import type { Clock, TimerHandle } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { Metric, MetricsRegistry } from '../metrics.ts';
import { EgressRefusedError, type EgressFetch } from './egress-fetch.ts';
import { loggableUrl } from './egress-policy.ts';
import { SIGNATURE_HEADER, signWebhook } from './webhook-signature.ts';

/** One POST to make. */
export interface WebhookDelivery {
  readonly url: string;
  /** The JSON body, signed as sent. */
  readonly body: string;
  /** The HMAC key; the body is signed with it at each attempt. */
  readonly secret: string;
  /** Extra headers, e.g. the team realm. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** Settings of a dispatcher; every field has a default. */
export interface WebhookDispatcherOptions {
  readonly fetch: EgressFetch;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics?: MetricsRegistry | undefined;
  /** Deliveries waiting per key (team); the oldest is dropped past it. */
  readonly maxQueuedPerKey?: number | undefined;
  /** Requests in flight across all keys. */
  readonly maxConcurrent?: number | undefined;
  /** Waits before each retry; its length is the number of retries. */
  readonly retryDelaysMs?: readonly number[] | undefined;
  /** Time allowed for one attempt. */
  readonly attemptTimeoutMs?: number | undefined;
}

/** Deliveries kept per team while its receiver is slow or down. */
export const DEFAULT_MAX_QUEUED_PER_KEY = 200;
/** Requests in flight at once, for all teams together. */
export const DEFAULT_MAX_CONCURRENT = 4;
/** Three retries, 1 s, 5 s and 25 s after the failures. */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [1000, 5000, 25_000];
/** Time allowed for one attempt. */
export const DEFAULT_ATTEMPT_TIMEOUT_MS = 5000;

/** How one attempt ended. */
type AttemptOutcome = 'delivered' | 'retry' | 'failed';

interface Pending {
  readonly delivery: WebhookDelivery;
  attempt: number;
}

interface KeyQueue {
  readonly items: Pending[];
  /** A request of this key is in flight or waiting to be retried. */
  isBusy: boolean;
}

/**
 * Delivers webhooks off the call path (TM-11, D47). Each key (a team) has
 * a bounded queue sent in order, one request at a time, so a team's events
 * arrive in the order they happened; keys share a cap on requests in
 * flight. A full queue drops its oldest delivery and counts it, so a dead
 * receiver costs bounded memory. 5xx, 408, 429, timeouts and network
 * errors are retried after growing waits; other answers and refusals of
 * the egress guard are final. enqueue() never blocks and never throws.
 */
export class WebhookDispatcher {
  readonly #options: WebhookDispatcherOptions;
  readonly #maxQueued: number;
  readonly #maxConcurrent: number;
  readonly #retryDelaysMs: readonly number[];
  readonly #timeoutMs: number;
  readonly #queues = new Map<string, KeyQueue>();
  /** Keys with work and nothing in flight, in arrival order. */
  readonly #ready: string[] = [];
  readonly #timers = new Set<TimerHandle>();
  readonly #controllers = new Set<AbortController>();
  readonly #inFlight = new Set<Promise<void>>();
  /** drain() callers, told when nothing is queued, waiting or in flight. */
  readonly #idleWaiters = new Set<() => void>();
  readonly #outcomes: Metric | undefined;
  #active = 0;
  #isClosed = false;
  readonly counts = { delivered: 0, failed: 0, dropped: 0, retried: 0 };

  constructor(options: WebhookDispatcherOptions) {
    this.#options = options;
    this.#maxQueued = options.maxQueuedPerKey ?? DEFAULT_MAX_QUEUED_PER_KEY;
    this.#maxConcurrent = options.maxConcurrent ?? DEFAULT_MAX_CONCURRENT;
    this.#retryDelaysMs = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    this.#timeoutMs = options.attemptTimeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS;
    this.#outcomes = options.metrics?.counter(
      'switchyard_webhook_deliveries_total',
      'Webhook deliveries by outcome (delivered, failed, dropped, retried)',
    );
  }

  /** Requests in flight now. */
  get active(): number {
    return this.#active;
  }

  /** Deliveries waiting, all keys together. */
  get queued(): number {
    let n = 0;
    for (const q of this.#queues.values()) n += q.items.length;
    return n;
  }

  /** Queues `delivery` under `key`; ignored once closed. */
  enqueue(key: string, delivery: WebhookDelivery): void {
    if (this.#isClosed) return;
    let queue = this.#queues.get(key);
    if (queue === undefined) {
      queue = { items: [], isBusy: false };
      this.#queues.set(key, queue);
    }
    queue.items.push({ delivery, attempt: 0 });
    if (queue.items.length > this.#maxQueued) {
      queue.items.shift();
      this.#count('dropped');
      this.#options.logger.warn({ key }, 'webhook queue full: oldest event dropped');
    }
    if (!queue.isBusy && !this.#ready.includes(key)) this.#ready.push(key);
    this.#pump();
  }

  /** Nothing queued, in flight or waiting to be retried. */
  get isIdle(): boolean {
    return this.#queues.size === 0 && this.#active === 0 && this.#timers.size === 0;
  }

  /**
   * Keeps delivering, retries included, until every queue is empty or
   * `timeoutMs` has passed, whichever comes first; new deliveries are
   * still taken. Shutdown calls it before close() so that the events of
   * the last calls (their `call.ended`) reach the receiver (D58).
   */
  drain(timeoutMs: number): Promise<void> {
    if (this.#isClosed || this.isIdle) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        this.#options.clock.clearTimeout(timer);
        this.#idleWaiters.delete(done);
        resolve();
      };
      const timer = this.#options.clock.setTimeout(done, timeoutMs);
      this.#idleWaiters.add(done);
    });
  }

  /**
   * Stops delivering: waiting deliveries and retries are dropped, requests
   * in flight are aborted. Resolves when they have settled; idempotent.
   */
  async close(): Promise<void> {
    this.#isClosed = true;
    for (const timer of this.#timers) this.#options.clock.clearTimeout(timer);
    this.#timers.clear();
    for (const controller of this.#controllers) controller.abort();
    this.#queues.clear();
    this.#ready.length = 0;
    for (const done of [...this.#idleWaiters]) done();
    await Promise.allSettled([...this.#inFlight]);
  }

  #pump(): void {
    while (!this.#isClosed && this.#active < this.#maxConcurrent && this.#ready.length > 0) {
      const key = this.#ready.shift()!;
      const queue = this.#queues.get(key);
      const pending = queue?.items.shift();
      if (queue === undefined || pending === undefined) continue;
      queue.isBusy = true;
      this.#active += 1;
      const run = this.#attempt(pending).then((outcome) => {
        this.#active -= 1;
        this.#inFlight.delete(run);
        this.#settle(key, queue, pending, outcome);
      });
      this.#inFlight.add(run);
    }
  }

  #settle(key: string, queue: KeyQueue, pending: Pending, outcome: AttemptOutcome): void {
    if (this.#isClosed) return;
    const delay = this.#retryDelaysMs[pending.attempt];
    if (outcome === 'retry' && delay !== undefined) {
      // The key stays busy while it waits, so later events do not overtake.
      this.#count('retried');
      pending.attempt += 1;
      const timer = this.#options.clock.setTimeout(() => {
        this.#timers.delete(timer);
        queue.items.unshift(pending);
        this.#release(key, queue);
      }, delay);
      this.#timers.add(timer);
      this.#pump();
      return;
    }
    this.#count(outcome === 'delivered' ? 'delivered' : 'failed');
    this.#release(key, queue);
  }

  #release(key: string, queue: KeyQueue): void {
    queue.isBusy = false;
    if (queue.items.length === 0) this.#queues.delete(key);
    else this.#ready.push(key);
    this.#pump();
    if (this.isIdle) for (const done of [...this.#idleWaiters]) done();
  }

  async #attempt(pending: Pending): Promise<AttemptOutcome> {
    const { clock, logger, fetch } = this.#options;
    const { delivery } = pending;
    const target = URL.canParse(delivery.url) ? loggableUrl(new URL(delivery.url)) : '?';
    const controller = new AbortController();
    this.#controllers.add(controller);
    // The abort also settles the attempt when a fetcher ignores its signal.
    const aborted = new Promise<never>((_resolve, reject) => {
      controller.signal.addEventListener('abort', () => reject(new Error('aborted')));
    });
    const timer = clock.setTimeout(() => controller.abort(), this.#timeoutMs);
    const signature = signWebhook(delivery.body, delivery.secret, clock.now() / 1000);
    try {
      const sent = fetch(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Switchyard-Webhook',
          ...delivery.headers,
          [SIGNATURE_HEADER]: signature,
        },
        body: delivery.body,
        signal: controller.signal,
      });
      const response = await Promise.race([sent, aborted]);
      if (response.ok) return 'delivered';
      const status = response.status;
      const isTransient = status >= 500 || status === 408 || status === 429;
      logger.warn({ target, status, attempt: pending.attempt }, 'webhook answered with an error');
      return isTransient ? 'retry' : 'failed';
    } catch (cause) {
      // The guard already logged and counted its refusal; it is final.
      if (cause instanceof EgressRefusedError) return 'failed';
      const code = (cause as { code?: unknown }).code;
      logger.warn(
        { target, attempt: pending.attempt, code, isTimeout: controller.signal.aborted },
        'webhook delivery failed',
      );
      return 'retry';
    } finally {
      clock.clearTimeout(timer);
      this.#controllers.delete(controller);
    }
  }

  #count(outcome: keyof WebhookDispatcher['counts']): void {
    this.counts[outcome] += 1;
    this.#outcomes?.inc({ outcome });
  }
}
