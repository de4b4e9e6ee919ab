/**
 * Admin API latency through fastify's inject() (no sockets, so this is the
 * route, zod, auth and SQLite cost): CSV import of 10 000 extensions, once
 * in one request and once in ten requests of 1 000 with a progress line per
 * request, then GET /api/v1/extensions pages of 50 over those 10 000.
 * Run: node --import tsx benchmarks/admin-api.bench.ts
 * Prints JSON lines: `progress` lines, then one result line per measure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAdminApi } from '../admin-api/index.ts';
import { MetricsRegistry, SystemClock, silentLogger } from '../core/index.ts';
import { hashPasswordSync, openStore } from '../core/config-store/index.ts';

const TOTAL = 10_000;
const CHUNK = 1_000;
const PAGE = 50;
const LIST_REQUESTS = 40;
const PASSWORD = 'bench-password-1';

const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-admin-bench-'));
const clock = new SystemClock();
const store = openStore({ dataDir, clock });
const app = await buildAdminApi({
  version: 'bench',
  startedAtMs: clock.now(),
  clock,
  logger: silentLogger(),
  metrics: new MetricsRegistry(),
  status: () => ({ isDraining: false }),
  store,
  auth: { loginAttemptsPerMinute: 1_000 },
});
await app.ready();

/** A team with room for 10 000 extensions, its admin's token and an owner. */
async function seedTeam(uid: string): Promise<{ token: string; accountId: number }> {
  const team = store.teams.create({ uid, name: uid, maxExtensions: TOTAL, maxAccounts: 10 });
  store.accounts.create({
    teamId: team.id,
    username: `admin${uid}`,
    accountType: 'teamAdmin',
    passwordHash: hashPasswordSync(PASSWORD),
  });
  const owner = store.accounts.create({
    teamId: team.id,
    username: `owner${uid}`,
    accountType: 'user',
    passwordHash: hashPasswordSync(PASSWORD),
  });
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username: `admin${uid}`, password: PASSWORD, team: uid },
  });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.body}`);
  return { token: (res.json() as { token: string }).token, accountId: owner.id };
}

function csv(first: number, count: number): string {
  const lines = ['number,name,password'];
  for (let n = first; n < first + count; n++) lines.push(`${n},ext ${n},pw${n}secret`);
  return lines.join('\n');
}

async function importCsv(token: string, accountId: number, body: string): Promise<void> {
  const res = await app.inject({
    method: 'POST',
    url: `/api/v1/extensions/import?accountId=${accountId}`,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    payload: body,
  });
  if (res.statusCode !== 201) throw new Error(`import failed: ${res.statusCode} ${res.body}`);
}

function percentile(sorted: number[], p: number): number {
  return Number(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!.toFixed(2));
}

const one = await seedTeam('bulkone');
let start = performance.now();
await importCsv(one.token, one.accountId, csv(100_000, TOTAL));
console.log(
  JSON.stringify({
    name: 'admin-api import 10k extensions, one request',
    totalMs: Math.round(performance.now() - start),
    extensions: TOTAL,
  }),
);

const chunked = await seedTeam('bulkchunked');
start = performance.now();
for (let done = 0; done < TOTAL; done += CHUNK) {
  await importCsv(chunked.token, chunked.accountId, csv(200_000 + done, CHUNK));
  const elapsedMs = Math.round(performance.now() - start);
  console.log(JSON.stringify({ progress: 'import', done: done + CHUNK, total: TOTAL, elapsedMs }));
}
console.log(
  JSON.stringify({
    name: `admin-api import 10k extensions, ${TOTAL / CHUNK} requests of ${CHUNK}`,
    totalMs: Math.round(performance.now() - start),
    extensions: TOTAL,
  }),
);

// Walks the pages with the cursor, wrapping round, so deep pages count too.
const latenciesMs: number[] = [];
let cursor: string | null = null;
const listStart = performance.now();
for (let i = 0; i < LIST_REQUESTS; i++) {
  const query: string = `limit=${PAGE}${cursor === null ? '' : `&cursor=${cursor}`}`;
  const t0 = performance.now();
  const res: { statusCode: number; body: string; json(): unknown } = await app.inject({
    method: 'GET',
    url: `/api/v1/extensions?${query}`,
    headers: { authorization: `Bearer ${one.token}` },
  });
  latenciesMs.push(performance.now() - t0);
  if (res.statusCode !== 200) throw new Error(`list failed: ${res.body}`);
  cursor = (res.json() as { nextCursor: string | null }).nextCursor;
}
const listElapsedMs = performance.now() - listStart;
latenciesMs.sort((a, b) => a - b);
console.log(
  JSON.stringify({
    name: `admin-api list extensions, page of ${PAGE} of ${TOTAL}`,
    requests: LIST_REQUESTS,
    opsPerSec: Math.round((LIST_REQUESTS * 1000) / listElapsedMs),
    p50Ms: percentile(latenciesMs, 0.5),
    p95Ms: percentile(latenciesMs, 0.95),
    p99Ms: percentile(latenciesMs, 0.99),
  }),
);

await app.close();
store.close();
rmSync(dataDir, { recursive: true, force: true });
