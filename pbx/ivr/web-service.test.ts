import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock, silentLogger, systemClock } from '../../core/index.ts';
import { EgressPolicy, createEgressFetch } from '../../core/webhooks/index.ts';
import {
  callWebService,
  defaultIvrFetch,
  parseWebServiceValues,
  type IvrFetch,
  type WebServiceRequest,
} from './web-service.ts';

const request = (over: Partial<WebServiceRequest> = {}): WebServiceRequest => ({
  url: 'http://crm.example/q',
  httpMethod: 'GET',
  params: [['account', '12 34']],
  timeoutMs: 1_000,
  ...over,
});

const answering =
  (body: string, status = 200): IvrFetch =>
  () =>
    Promise.resolve({ ok: status < 300, status, text: () => Promise.resolve(body) });

describe('parseWebServiceValues()', () => {
  it.each([
    ['1', ['1']],
    ['  gold , Ann \n', ['gold', 'Ann']],
    ['1|2|3', ['1', '2', '3']],
    ['a\r\nb', ['a', 'b']],
    ['["2", 3, true, null]', ['2', '3', 'true', '']],
    ['{"level":"gold","n":1}', ['gold', '1']],
    ['"quoted"', ['quoted']],
    ['{broken', ['{broken']],
    ['', []],
    ['   ', []],
  ])('parseWebServiceValues(%j) → %j', (body, expected) => {
    expect(parseWebServiceValues(body)).toEqual(expected);
  });
});

describe('callWebService()', () => {
  it('callWebService() when the service answers → returns its values', async () => {
    const r = await callWebService(answering('1,x'), new FakeClock(), request());
    expect(r).toEqual({ ok: true, value: ['1', 'x'] });
  });

  it('callWebService() when the status is not 2xx → ERR_IVR_WS_HTTP_STATUS', async () => {
    const r = await callWebService(answering('no', 503), new FakeClock(), request());
    expect(!r.ok && r.error.code).toBe('ERR_IVR_WS_HTTP_STATUS');
  });

  it('callWebService() when the body is empty → ERR_IVR_WS_EMPTY', async () => {
    const r = await callWebService(answering(''), new FakeClock(), request());
    expect(!r.ok && r.error.code).toBe('ERR_IVR_WS_EMPTY');
  });

  it('callWebService() when fetch rejects → ERR_IVR_WS_NETWORK with the cause', async () => {
    const boom = new Error('ECONNREFUSED');
    const r = await callWebService(() => Promise.reject(boom), new FakeClock(), request());
    expect(!r.ok && r.error).toMatchObject({ code: 'ERR_IVR_WS_NETWORK', cause: boom });
  });

  it.each(['not a url', 'ftp://x/y'])(
    'callWebService() when the URL is %j → ERR_IVR_WS_BAD_URL without a request',
    async (url) => {
      let isCalled = false;
      const fetchFn: IvrFetch = () => {
        isCalled = true;
        return new Promise(() => {});
      };
      const r = await callWebService(fetchFn, new FakeClock(), request({ url }));
      expect(!r.ok && r.error.code).toBe('ERR_IVR_WS_BAD_URL');
      expect(isCalled).toBe(false);
    },
  );

  it('callWebService() when the timeout passes on the clock → aborts and ERR_IVR_WS_TIMEOUT', async () => {
    const clock = new FakeClock();
    let signal: AbortSignal | undefined;
    const pending = callWebService(
      (_u, init) => {
        signal = init.signal;
        return new Promise(() => {});
      },
      clock,
      request(),
    );
    clock.tick(1_000);
    const r = await pending;
    expect(!r.ok && r.error.code).toBe('ERR_IVR_WS_TIMEOUT');
    expect(signal?.aborted).toBe(true);
  });

  it('callWebService() when the caller aborts → ERR_IVR_WS_ABORTED and no timer left', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const pending = callWebService(
      () => new Promise(() => {}),
      clock,
      request({ signal: controller.signal }),
    );
    controller.abort();
    const r = await pending;
    expect(!r.ok && r.error.code).toBe('ERR_IVR_WS_ABORTED');
    expect(clock.pendingCount).toBe(0);
  });
});

describe('callWebService() with the egress guard over HTTP', () => {
  // The operator allows this loopback address (--webhook-allow, D47).
  const guardedFetch = createEgressFetch({
    policy: EgressPolicy.fromAllowList(['127.0.8.50']),
    logger: silentLogger(),
  });
  let server: Server;
  let base = '';
  const seen: Array<{ method: string; url: string; body: string }> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', body });
        if (req.url?.startsWith('/slow') === true) {
          setTimeout(() => res.end('late'), 1_000);
          return;
        }
        res.setHeader('content-type', 'text/plain');
        res.end(req.method === 'POST' ? `posted,${body}` : 'gold,Ann');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.8.50', resolve));
    base = `http://127.0.8.50:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('callWebService() GET → sends the variables in the query and reads the values', async () => {
    const r = await callWebService(
      guardedFetch,
      systemClock,
      request({
        url: `${base}/lookup?k=v`,
        params: [
          ['method', 'vip'],
          ['account', '12 34'],
        ],
      }),
    );
    expect(r).toEqual({ ok: true, value: ['gold', 'Ann'] });
    expect(seen.at(-1)).toMatchObject({
      method: 'GET',
      url: '/lookup?k=v&method=vip&account=12+34',
    });
  });

  it('callWebService() POST → sends the variables as a form body', async () => {
    const r = await callWebService(
      guardedFetch,
      systemClock,
      request({ url: `${base}/lookup`, httpMethod: 'POST' }),
    );
    expect(r).toEqual({ ok: true, value: ['posted', 'account=12+34'] });
  });

  it('callWebService() when the server is slower than the timeout → ERR_IVR_WS_TIMEOUT', async () => {
    const startedMs = performance.now();
    const r = await callWebService(
      guardedFetch,
      systemClock,
      request({ url: `${base}/slow`, timeoutMs: 100 }),
    );
    expect(!r.ok && r.error.code).toBe('ERR_IVR_WS_TIMEOUT');
    expect(performance.now() - startedMs).toBeLessThan(900);
  });

  it('callWebService() with defaultIvrFetch to a loopback host → ERR_IVR_WS_NETWORK, nothing sent (issue 7)', async () => {
    const before = seen.length;
    const r = await callWebService(
      defaultIvrFetch,
      systemClock,
      request({ url: `${base}/lookup` }),
    );
    expect(!r.ok && r.error.code).toBe('ERR_IVR_WS_NETWORK');
    expect(!r.ok && (r.error.cause as { code?: string }).code).toBe('ERR_EGRESS_REFUSED');
    expect(seen.length).toBe(before);
  });
});
