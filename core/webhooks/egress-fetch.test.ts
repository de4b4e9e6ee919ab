import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.ts';
import { MetricsRegistry } from '../metrics.ts';
import { createEgressFetch, type EgressFetchOptions, type LookupAll } from './egress-fetch.ts';
import { EgressPolicy } from './egress-policy.ts';

/** The receiver's address; the only one the tests' policy allows. */
const ALLOWED = '127.0.0.38';

interface Hit {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

describe('createEgressFetch() issue 7', () => {
  let server: Server;
  let port = 0;
  const hits: Hit[] = [];
  const logLines: string[] = [];
  const logger = createLogger('warn', { write: (line: string) => void logLines.push(line) });

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        hits.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        if (req.url === '/redirect') {
          res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
          res.end();
        } else if (req.url === '/big') {
          res.end('x'.repeat(100_000));
        } else if (req.url === '/never') {
          // No answer: the guard's timeout must end the request.
        } else {
          res.end('fine');
        }
      });
    });
    await new Promise<void>((done) => server.listen(0, ALLOWED, done));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    hits.length = 0;
    logLines.length = 0;
  });

  function guard(over: Partial<EgressFetchOptions> = {}) {
    const metrics = new MetricsRegistry();
    const fetch = createEgressFetch({
      policy: EgressPolicy.fromAllowList([ALLOWED]),
      logger,
      metrics,
      ...over,
    });
    const refusals = (reason: string) =>
      metrics.counter('switchyard_egress_refused_total', '').get({ reason });
    return { fetch, refusals };
  }

  it('fetch() when the name resolves to the allowed address → POST sent there with the URL host', async () => {
    let lookups = 0;
    const lookup: LookupAll = async () => {
      lookups += 1;
      return [{ address: ALLOWED }];
    };
    const { fetch } = guard({ lookup });
    const res = await fetch(`http://hooks.test:${port}/in?a=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"x":1}',
    });
    expect(res).toMatchObject({ ok: true, status: 200 });
    expect(await res.text()).toBe('fine');
    expect(lookups).toBe(1);
    expect(hits).toMatchObject([
      { method: 'POST', url: '/in?a=1', body: '{"x":1}', headers: { host: `hooks.test:${port}` } },
    ]);
  });

  it('fetch() when any resolved address is private (DNS rebinding) → refused, nothing sent, counted, logged without the query', async () => {
    const lookup: LookupAll = async () => [{ address: '93.184.216.34' }, { address: '127.0.0.1' }];
    const { fetch, refusals } = guard({ lookup });
    await expect(
      fetch(`http://rebind.test:${port}/x?token=s3cret`, { method: 'GET' }),
    ).rejects.toMatchObject({ code: 'ERR_EGRESS_REFUSED', reason: 'address' });
    expect(hits).toEqual([]);
    expect(refusals('address')).toBe(1);
    expect(logLines.join('')).toContain('rebind.test');
    expect(logLines.join('')).toContain('loopback');
    expect(logLines.join('')).not.toContain('s3cret');
  });

  it.each([
    ['http://127.0.0.1:9/x', 'loopback'],
    ['http://[::1]:9/x', 'loopback'],
    ['http://[::ffff:127.0.0.1]:9/x', 'loopback'],
    ['http://169.254.169.254/latest/meta-data/', 'linkLocal'],
    ['http://10.0.0.5/x', 'private'],
    ['http://100.64.1.1/x', 'cgnat'],
    ['http://0.0.0.0:9/x', 'unspecified'],
    ['http://0x7f.1:9/x', 'loopback'],
    ['http://2130706433:9/x', 'loopback'],
  ])('fetch(%s) → refused as %s before any connection', async (url, range) => {
    const { fetch, refusals } = guard();
    await expect(fetch(url, { method: 'GET' })).rejects.toMatchObject({
      code: 'ERR_EGRESS_REFUSED',
      reason: 'address',
    });
    expect(refusals('address')).toBe(1);
    expect(logLines.join('')).toContain(range);
  });

  it.each([
    ['ftp://hooks.test/x', 'scheme'],
    ['https://user:pw@hooks.test/x', 'credentials'],
    ['::not a url', 'badUrl'],
  ])('fetch(%s) → refused (%s)', async (url, reason) => {
    const { fetch, refusals } = guard();
    await expect(fetch(url, { method: 'GET' })).rejects.toMatchObject({ reason });
    expect(refusals(reason)).toBe(1);
  });

  it('fetch() when the name does not resolve → refused (dns)', async () => {
    const lookup: LookupAll = () =>
      Promise.reject(Object.assign(new Error('nope'), { code: 'ENOTFOUND' }));
    const { fetch } = guard({ lookup });
    await expect(fetch('http://nowhere.test/x', { method: 'GET' })).rejects.toMatchObject({
      reason: 'dns',
    });
  });

  it('fetch() when the answer is a redirect → returned as is, never followed', async () => {
    const { fetch } = guard();
    const res = await fetch(`http://${ALLOWED}:${port}/redirect`, { method: 'GET' });
    expect(res).toMatchObject({ ok: false, status: 302 });
    expect(hits).toHaveLength(1);
  });

  it('fetch() when the answer is over the size cap → ERR_EGRESS_RESPONSE_TOO_LARGE', async () => {
    const { fetch } = guard({ maxResponseBytes: 1024 });
    await expect(fetch(`http://${ALLOWED}:${port}/big`, { method: 'GET' })).rejects.toMatchObject({
      code: 'ERR_EGRESS_RESPONSE_TOO_LARGE',
    });
  });

  it('fetch() when the server never answers → ERR_EGRESS_TIMEOUT after the guard timeout', async () => {
    const { fetch } = guard({ timeoutMs: 100 });
    const startedMs = performance.now();
    await expect(fetch(`http://${ALLOWED}:${port}/never`, { method: 'GET' })).rejects.toMatchObject(
      { code: 'ERR_EGRESS_TIMEOUT' },
    );
    expect(performance.now() - startedMs).toBeLessThan(2000);
  });

  it('fetch() when the caller aborts → rejects', async () => {
    const { fetch } = guard();
    const controller = new AbortController();
    const pending = fetch(`http://${ALLOWED}:${port}/never`, {
      method: 'GET',
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toBeDefined();
  });
});
