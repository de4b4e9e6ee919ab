import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { FakeClock, MetricsRegistry, silentLogger } from '../core/index.ts';
import { buildAdminApi } from './build-admin-api.ts';

describe('buildAdminApi()', () => {
  const clock = new FakeClock();
  const metrics = new MetricsRegistry();
  let isDraining = false;
  let app: FastifyInstance;

  beforeAll(async () => {
    metrics.counter('switchyard_test_total', 'A test counter').inc({ kind: 'a"b' }, 2);
    app = await buildAdminApi({
      version: '9.9.9',
      startedAtMs: clock.now(),
      clock,
      logger: silentLogger(),
      metrics,
      status: () => ({ isDraining }),
    });
    await app.ready();
  });
  afterAll(async () => app.close());

  test('GET /health → 200 with status, version and uptime', async () => {
    clock.tick(61_000);
    const res = await app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', version: '9.9.9', uptimeSec: 61 });
  });

  test('GET /health when draining → 503 with status draining', async () => {
    isDraining = true;
    const res = await app.inject({ method: 'GET', url: '/health' });
    isDraining = false;
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ status: 'draining' });
  });

  test('GET /metrics → Prometheus text with escaped labels', async () => {
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain; version=0.0.4');
    expect(res.body).toContain('# TYPE switchyard_test_total counter');
    expect(res.body).toContain('switchyard_test_total{kind="a\\"b"} 2');
  });

  test('GET /api/openapi.json → an OpenAPI 3.1 document listing the routes', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/health', '/metrics']));
  });

  test('GET /docs → the Swagger UI page', async () => {
    const res = await app.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('swagger');
  });

  test('GET /nowhere → 404 in the API error shape', async () => {
    const res = await app.inject({ method: 'GET', url: '/nowhere?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      code: 'ERR_NOT_FOUND',
      message: 'no route GET /nowhere',
      issues: [],
    });
  });
});
