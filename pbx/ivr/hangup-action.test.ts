import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, FakeClock } from '../../core/index.ts';
import { IvrHangupNotifier, type IvrHangupNotice } from './hangup-action.ts';
import { flush, ivrHarness, menuFlow } from './ivr-test-kit.ts';
import type { IvrFetch, IvrFetchInit } from './web-service.ts';

/** Loopback address of this brief's tests (issue 7). */
const HOST = '127.0.0.190';

interface Received {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let base: string;
const received: Received[] = [];
/** How the server answers the next request; `hang` never answers. */
let reply: number | 'hang' = 204;
const hanging: ServerResponse[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ method: req.method, url: req.url, headers: req.headers, body });
      if (reply === 'hang') hanging.push(res);
      else res.writeHead(reply).end();
    });
  });
  await new Promise<void>((done) => server.listen(0, HOST, done));
  base = `http://${HOST}:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const res of hanging) res.destroy();
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
});
beforeEach(() => {
  received.length = 0;
  reply = 204;
});

const NOTICE: IvrHangupNotice = {
  event: 'ivrHangup',
  callId: 'call-9',
  teamId: 1,
  flowId: 4,
  flowName: 'main menu',
  callerNumber: '5551234',
  calledNumber: '8001',
  startedAt: '2026-11-26T08:00:00.000Z',
  endedAt: '2026-11-26T08:00:07.000Z',
  durationMs: 7000,
  inputs: ['2'],
  variables: { vip: 'gold' },
};

function notifier(opts: { fetch?: IvrFetch; maxInFlight?: number } = {}) {
  const lines: string[] = [];
  const clock = new FakeClock();
  const logger = createLogger('debug', { write: (line: string) => void lines.push(line) });
  const n = new IvrHangupNotifier({
    fetch: opts.fetch ?? ((url, init) => fetch(url, init)),
    clock,
    logger,
    maxInFlight: opts.maxInFlight,
  });
  return { n, clock, lines };
}

describe('IvrHangupNotifier', () => {
  it('IVR-8 notify() to a local web service → one JSON POST with the call ids, caller and inputs', async () => {
    const { n } = notifier();
    expect(await n.notify(`${base}/hooks/ivr`, 5000, NOTICE)).toEqual({
      kind: 'sent',
      status: 204,
    });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ method: 'POST', url: '/hooks/ivr' });
    expect(received[0]!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(received[0]!.body)).toEqual(NOTICE);
  });

  it('IVR-8 notify() when the URL has user info and the service fails → Basic auth sent; the log names only the origin', async () => {
    reply = 500;
    const { n, lines } = notifier();
    const url = `http://hook:s3cret-pw@${HOST}:${new URL(base).port}/h?token=tok-123`;
    expect(await n.notify(url, 5000, NOTICE)).toEqual({
      kind: 'failed',
      reason: 'httpStatus',
      status: 500,
    });
    expect(received).toHaveLength(1);
    expect(received[0]!.headers.authorization).toBe(
      `Basic ${Buffer.from('hook:s3cret-pw').toString('base64')}`,
    );
    const log = lines.join('\n');
    expect(log).toContain('IVR hangup action failed');
    expect(log).toContain(base);
    expect(log).not.toContain('s3cret-pw');
    expect(log).not.toContain('tok-123');
    expect(log).not.toContain('5551234');
  });

  it('IVR-8 notify() when the service never answers → failed with timeout after timeoutMs, not retried', async () => {
    reply = 'hang';
    const { n, clock } = notifier();
    const result = n.notify(`${base}/slow`, 3000, NOTICE);
    await expect.poll(() => received.length).toBe(1);
    expect(n.inFlight).toBe(1);
    clock.tick(3000);
    expect(await result).toEqual({ kind: 'failed', reason: 'timeout' });
    expect(n.inFlight).toBe(0);
    expect(received).toHaveLength(1);
  });

  it('IVR-8 notify() when nothing listens → failed with network, never throws', async () => {
    const { n } = notifier();
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, HOST, done));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((done) => closed.close(done));
    expect(await n.notify(`http://${HOST}:${port}/`, 3000, NOTICE)).toEqual({
      kind: 'failed',
      reason: 'network',
    });
  });

  it('IVR-8 notify() when maxInFlight posts are waiting → the next is dropped, not queued', async () => {
    const calls: IvrFetchInit[] = [];
    const never: IvrFetch = (_url, init) => {
      calls.push(init);
      return new Promise(() => undefined);
    };
    const { n, clock } = notifier({ fetch: never, maxInFlight: 1 });
    const first = n.notify(`${base}/a`, 1000, NOTICE);
    expect(await n.notify(`${base}/b`, 1000, NOTICE)).toEqual({ kind: 'dropped' });
    expect(calls).toHaveLength(1);
    clock.tick(1000);
    expect(await first).toEqual({ kind: 'failed', reason: 'timeout' });
    expect(calls[0]!.signal.aborted).toBe(true);
  });

  it('IVR-8 notify() when hangupUrl is not http(s) → failed badUrl, nothing fetched', async () => {
    const { n } = notifier({ fetch: () => Promise.reject(new Error('must not fetch')) });
    expect(await n.notify('ftp://x/y', 1000, NOTICE)).toEqual({ kind: 'failed', reason: 'badUrl' });
  });
});

describe('IvrSession hangup action (IVR-8)', () => {
  function recordingFetch() {
    const posts: Array<{ url: string; body: unknown }> = [];
    const fetchFn: IvrFetch = (url, init) => {
      posts.push({ url, body: JSON.parse(init.body ?? 'null') as unknown });
      return Promise.resolve({ ok: true, status: 200, text: () => Promise.resolve('') });
    };
    return { posts, fetchFn };
  }

  it('IVR-8 run() when the caller hangs up after keying 9 → the flow posts once with ids, caller, inputs and saved variables', async () => {
    const { posts, fetchFn } = recordingFetch();
    const flow = menuFlow({
      hangupAction: 'httpPost',
      hangupUrl: 'https://crm.example/ivr-hangup',
      saveVariables: ['inputcode'],
    });
    const h = ivrHarness([flow], { fetch: fetchFn });
    const outcome = h.start();
    await h.finishPlay();
    await h.press('9');
    // 9 matches no transition: the menu plays again, and the caller hangs up.
    await flush();
    h.leg.remoteHangsUp();
    expect(await outcome).toEqual({ kind: 'callerHungUp' });
    await flush();
    expect(posts).toHaveLength(1);
    expect(posts[0]!.url).toBe('https://crm.example/ivr-hangup');
    expect(posts[0]!.body).toMatchObject({
      event: 'ivrHangup',
      callId: 'call-1',
      teamId: 1,
      flowId: 1,
      flowName: 'main menu',
      callerNumber: '5551234',
      calledNumber: '8001',
      inputs: ['9'],
      variables: { inputcode: '9' },
    });
  });

  it('IVR-8 run() when the service never answers → the outcome does not wait for it', async () => {
    const fetchFn: IvrFetch = () => new Promise(() => undefined);
    const h = ivrHarness([menuFlow({ hangupAction: 'httpPost', hangupUrl: 'http://x.test/' })], {
      fetch: fetchFn,
    });
    const outcome = h.start();
    await flush();
    h.leg.remoteHangsUp();
    expect(await outcome).toEqual({ kind: 'callerHungUp' });
  });

  it.each([
    [
      'hangupAction is none',
      { hangupAction: 'none' as const, hangupUrl: 'http://x.test/' },
      'hangup',
    ],
    [
      'the caller is transferred',
      { hangupAction: 'httpPost' as const, hangupUrl: 'http://x.test/' },
      'press1',
    ],
  ])('IVR-8 run() when %s → nothing is posted', async (_what, overrides, how) => {
    const { posts, fetchFn } = recordingFetch();
    const h = ivrHarness([menuFlow(overrides)], { fetch: fetchFn });
    const outcome = h.start();
    await h.finishPlay();
    if (how === 'press1') await h.press('1');
    else h.leg.remoteHangsUp();
    await outcome;
    if (how === 'press1') h.leg.remoteHangsUp();
    await flush();
    expect(posts).toEqual([]);
  });
});
