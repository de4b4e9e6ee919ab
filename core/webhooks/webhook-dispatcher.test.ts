import { describe, expect, it } from 'vitest';
import { FakeClock } from '../fake-clock.ts';
import { silentLogger } from '../logger.ts';
import { MetricsRegistry } from '../metrics.ts';
import {
  EgressRefusedError,
  type EgressFetch,
  type EgressRequestInit,
  type EgressResponse,
} from './egress-fetch.ts';
import { WebhookDispatcher, type WebhookDispatcherOptions } from './webhook-dispatcher.ts';
import { signWebhook, verifyWebhookSignature } from './webhook-signature.ts';

interface Call {
  readonly url: string;
  readonly init: EgressRequestInit;
  resolve(status: number): void;
  reject(error: unknown): void;
}

/** A fetch whose answers the test gives, one call at a time. */
function scriptedFetch() {
  const calls: Call[] = [];
  const fetch: EgressFetch = (url, init) =>
    new Promise<EgressResponse>((resolve, reject) => {
      init.signal?.addEventListener('abort', () => reject(new Error('aborted')));
      calls.push({
        url,
        init,
        resolve: (status) =>
          resolve({ ok: status >= 200 && status < 300, status, text: async () => '' }),
        reject,
      });
    });
  return { fetch, calls };
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

function dispatcher(over: Partial<WebhookDispatcherOptions> = {}) {
  const clock = new FakeClock(Date.UTC(2026, 10, 26, 12, 0, 0));
  const { fetch, calls } = scriptedFetch();
  const metrics = new MetricsRegistry();
  const d = new WebhookDispatcher({ fetch, clock, logger: silentLogger(), metrics, ...over });
  return { d, clock, calls, metrics };
}

const delivery = (body: string) => ({
  url: 'https://hooks.example/events',
  body,
  secret: 'k3y',
  headers: { 'x-switchyard-realm': 'demo.local' },
});

describe('WebhookDispatcher TM-11', () => {
  it('enqueue() → one POST with the body, the realm and a Stripe-style signature over t.body', async () => {
    const { d, clock, calls } = dispatcher();
    d.enqueue('1', delivery('{"n":1}'));
    expect(calls).toHaveLength(1);
    const headers = calls[0]!.init.headers!;
    expect(calls[0]!.init).toMatchObject({ method: 'POST', body: '{"n":1}' });
    expect(headers['x-switchyard-realm']).toBe('demo.local');
    const t = Math.floor(clock.now() / 1000);
    expect(headers['x-switchyard-signature']).toBe(signWebhook('{"n":1}', 'k3y', t));
    expect(verifyWebhookSignature(headers['x-switchyard-signature']!, '{"n":1}', 'k3y', t)).toEqual(
      { isValid: true },
    );
    calls[0]!.resolve(204);
    await flush();
    expect(d.counts).toMatchObject({ delivered: 1, failed: 0 });
    expect(d.active).toBe(0);
  });

  it('a 503 → retried after the first back-off, re-signed; then 200 → delivered', async () => {
    const { d, clock, calls, metrics } = dispatcher({ retryDelaysMs: [1000, 5000] });
    d.enqueue('1', delivery('a'));
    calls[0]!.resolve(503);
    await flush();
    clock.tick(999);
    expect(calls).toHaveLength(1);
    clock.tick(1);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.init.headers!['x-switchyard-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    calls[1]!.resolve(200);
    await flush();
    expect(d.counts).toMatchObject({ delivered: 1, retried: 1, failed: 0 });
    const outcomes = metrics.counter('switchyard_webhook_deliveries_total', '');
    expect(outcomes.get({ outcome: 'retried' })).toBe(1);
  });

  it('a 400 → failed at once, no retry', async () => {
    const { d, clock, calls } = dispatcher();
    d.enqueue('1', delivery('a'));
    calls[0]!.resolve(400);
    await flush();
    clock.runAll();
    expect(calls).toHaveLength(1);
    expect(d.counts).toMatchObject({ failed: 1, retried: 0 });
  });

  it('an egress refusal → failed at once, no retry', async () => {
    const { d, clock, calls } = dispatcher();
    d.enqueue('1', delivery('a'));
    calls[0]!.reject(new EgressRefusedError('address', 'loopback'));
    await flush();
    clock.runAll();
    expect(calls).toHaveLength(1);
    expect(d.counts.failed).toBe(1);
  });

  it('5xx every time → 1 + retries attempts, then failed; the next event of the team follows', async () => {
    const { d, clock, calls } = dispatcher({ retryDelaysMs: [10, 20] });
    d.enqueue('1', delivery('first'));
    d.enqueue('1', delivery('second'));
    for (let i = 0; i < 3; i++) {
      expect(calls.map((c) => c.init.body)).toEqual(new Array(i + 1).fill('first'));
      calls[i]!.resolve(500);
      await flush();
      clock.tick(20);
    }
    expect(d.counts).toMatchObject({ failed: 1, retried: 2 });
    expect(calls.at(-1)!.init.body).toBe('second');
  });

  it('no answer within attemptTimeoutMs → aborted and retried', async () => {
    const { d, clock, calls } = dispatcher({ attemptTimeoutMs: 100, retryDelaysMs: [50] });
    d.enqueue('1', delivery('a'));
    clock.tick(100);
    await flush();
    expect(calls[0]!.init.signal!.aborted).toBe(true);
    clock.tick(50);
    expect(calls).toHaveLength(2);
    calls[1]!.resolve(200);
    await flush();
    expect(d.counts).toMatchObject({ delivered: 1, retried: 1 });
  });

  it('a full team queue → the oldest waiting event is dropped and counted', async () => {
    const { d, calls } = dispatcher({ maxQueuedPerKey: 2 });
    for (const body of ['1', '2', '3', '4', '5']) d.enqueue('7', delivery(body));
    // '1' is in flight; '2' and '3' were dropped for '4' and '5'.
    expect(d.counts.dropped).toBe(2);
    expect(d.queued).toBe(2);
    for (let i = 0; i < 3; i++) {
      calls[i]!.resolve(200);
      await flush();
    }
    expect(calls.map((c) => c.init.body)).toEqual(['1', '4', '5']);
  });

  it('maxConcurrent 2 with three teams → two requests in flight, the third after one ends', async () => {
    const { d, calls } = dispatcher({ maxConcurrent: 2 });
    d.enqueue('1', delivery('a'));
    d.enqueue('2', delivery('b'));
    d.enqueue('3', delivery('c'));
    expect(calls).toHaveLength(2);
    expect(d.active).toBe(2);
    calls[0]!.resolve(200);
    await flush();
    expect(calls.map((c) => c.init.body)).toEqual(['a', 'b', 'c']);
  });

  it('one team waiting on a retry → other teams are still delivered', async () => {
    const { d, calls } = dispatcher({ maxConcurrent: 1 });
    d.enqueue('1', delivery('a'));
    calls[0]!.resolve(503);
    await flush();
    d.enqueue('2', delivery('b'));
    expect(calls.map((c) => c.init.body)).toEqual(['a', 'b']);
  });

  it('close() → aborts in flight, cancels retries, ignores later events; idempotent', async () => {
    const { d, clock, calls } = dispatcher({ retryDelaysMs: [1000] });
    d.enqueue('1', delivery('a'));
    d.enqueue('2', delivery('b'));
    calls[1]!.resolve(503);
    await flush();
    await d.close();
    expect(calls[0]!.init.signal!.aborted).toBe(true);
    expect(clock.pendingCount).toBe(0);
    d.enqueue('1', delivery('c'));
    clock.runAll();
    expect(calls).toHaveLength(2);
    await d.close();
  });
});

describe('verifyWebhookSignature()', () => {
  const body = '{"event":"call.started"}';
  const header = signWebhook(body, 'k3y', 1_000_000);

  it('verifyWebhookSignature() when the body was changed → mismatch', () => {
    expect(verifyWebhookSignature(header, `${body} `, 'k3y', 1_000_000)).toEqual({
      isValid: false,
      reason: 'mismatch',
    });
  });

  it('verifyWebhookSignature() when t is older than the tolerance → stale (replay)', () => {
    expect(verifyWebhookSignature(header, body, 'k3y', 1_000_301)).toEqual({
      isValid: false,
      reason: 'stale',
    });
  });

  it.each(['', 't=1', 'v1=ab', 't=x,v1=00', `t=1,v1=${'g'.repeat(64)}`])(
    'verifyWebhookSignature(%j) → malformed, no throw',
    (bad) => {
      expect(verifyWebhookSignature(bad, body, 'k3y', 1)).toEqual({
        isValid: false,
        reason: 'malformed',
      });
    },
  );
});

describe('WebhookDispatcher.drain() at shutdown (D58)', () => {
  /** Whether `promise` has settled, after the microtasks ran. */
  async function isSettled(promise: Promise<void>): Promise<boolean> {
    let settled = false;
    void promise.then(() => (settled = true));
    await flush();
    return settled;
  }

  it('drain() when idle → resolves at once', async () => {
    const { d } = dispatcher();
    expect(await isSettled(d.drain(1000))).toBe(true);
  });

  it('drain() with three queued events → all three delivered, then it resolves', async () => {
    const { d, calls } = dispatcher();
    for (const n of [1, 2, 3]) d.enqueue('7', delivery(`{"n":${n}}`));
    const drained = d.drain(10_000);
    for (const n of [0, 1, 2]) {
      expect(await isSettled(drained)).toBe(false);
      calls[n]!.resolve(204);
      await flush();
    }
    expect(await isSettled(drained)).toBe(true);
    expect(d.counts).toMatchObject({ delivered: 3, dropped: 0 });
  });

  it('drain() with a 503 first → the retry is still made within the grace', async () => {
    const { d, clock, calls } = dispatcher();
    d.enqueue('7', delivery('{"n":1}'));
    const drained = d.drain(10_000);
    calls[0]!.resolve(503);
    await flush();
    clock.tick(1000);
    expect(calls).toHaveLength(2);
    calls[1]!.resolve(200);
    await flush();
    expect(await isSettled(drained)).toBe(true);
    expect(d.counts).toMatchObject({ delivered: 1, retried: 1 });
  });

  it('drain() when the receiver hangs → resolves at the timeout; close() then drops the rest', async () => {
    const { d, clock, calls } = dispatcher({ attemptTimeoutMs: 60_000 });
    d.enqueue('7', delivery('{"n":1}'));
    d.enqueue('7', delivery('{"n":2}'));
    const drained = d.drain(2000);
    clock.tick(1999);
    expect(await isSettled(drained)).toBe(false);
    clock.tick(1);
    expect(await isSettled(drained)).toBe(true);
    await d.close();
    expect(calls).toHaveLength(1);
    expect(d.isIdle).toBe(true);
  });
});
