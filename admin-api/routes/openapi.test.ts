import { afterAll, beforeAll, expect, test } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { FakeClock, MetricsRegistry, silentLogger } from '../../core/index.ts';
import { openStore } from '../../core/config-store/index.ts';
import type { ConfigStore } from '../../core/config-store/index.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAdminApi } from '../build-admin-api.ts';

let app: FastifyInstance;
let store: ConfigStore;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'switchyard-openapi-'));
  const clock = new FakeClock();
  store = openStore({ dataDir, clock });
  app = await buildAdminApi({
    version: '0.0.0',
    startedAtMs: 0,
    clock,
    logger: silentLogger(),
    metrics: new MetricsRegistry(),
    status: () => ({ isDraining: false }),
    store,
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('OpenAPI document → lists 100 % of the routes (but swagger-ui and the document itself)', async () => {
  const all = listRoutes(app);
  expect(all).toContainEqual({ method: 'POST', url: '/api/v1/extensions/import' });
  const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
    paths: Record<string, Record<string, { security?: unknown[] }>>;
  };
  for (const route of all) {
    if (route.url.startsWith('/docs') || route.url === '/api/openapi.json') continue;
    if (route.method === 'HEAD') continue;
    const path = route.url.replace(/:(\w+)/g, '{$1}');
    expect(doc.paths[path], `${route.method} ${route.url}`).toBeDefined();
    expect(
      doc.paths[path]![route.method.toLowerCase()],
      `${route.method} ${route.url}`,
    ).toBeDefined();
  }
});

test('OpenAPI document → every /api/v1 route but login declares bearer security', async () => {
  const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
    paths: Record<string, Record<string, { security?: unknown[] }>>;
  };
  for (const [path, operations] of Object.entries(doc.paths)) {
    if (!path.startsWith('/api/v1')) continue;
    for (const [method, op] of Object.entries(operations)) {
      const isLogin = path === '/api/v1/auth/login' || path === '/api/v1/auth/agent-login';
      const expected = isLogin ? [] : [{ bearerAuth: [] }];
      expect(op.security, `${method} ${path}`).toEqual(expected);
    }
  }
});

/**
 * Every (method, url) pair fastify's router holds, read from the tree that
 * printRoutes() draws: each level indents by four columns and its segment
 * continues the parent's path.
 */
function listRoutes(instance: FastifyInstance): Array<{ method: string; url: string }> {
  const out: Array<{ method: string; url: string }> = [];
  const prefixes: string[] = [];
  for (const line of instance.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^(.*?)[├└]── (\S+) \(([A-Z, ]+)\)$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    const url = (depth > 0 ? prefixes[depth - 1]! : '') + m[2]!;
    prefixes[depth] = url;
    for (const method of m[3]!.split(', ')) out.push({ method, url });
  }
  return out;
}
