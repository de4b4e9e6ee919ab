/*
 * Admin API load (issue 7): a page of 50 of a team's 10 000 extensions at
 * 1 000 req/s, over real sockets, with autocannon.
 *
 * The API runs in a child process on a real SQLite file (so that the load
 * generator does not share its event loop). The parent bulk-imports 10 000
 * extensions through POST /api/v1/extensions/import in ten requests of
 * 1 000, printing a progress line after each, then runs autocannon for
 * `seconds` (default 10) at 1 000 req/s: once for the first page and once
 * for a page deep in the list (with a cursor). Prints JSON lines; with
 * --write also writes benchmarks/results/<date>-admin-api-load.json with
 * the machine noted. A third run walks every page with the list-page cache
 * off (each request reads SQLite), and a fourth asks 包含 searches (D101,
 * D110) with it off. Each run is made twice: by autocannon
 * (its overallRate sends bursts, see paced-http.ts) and by paced-http.ts,
 * evenly spaced requests timed from their due time; a 3 s warm-up comes
 * first. Each run also reports the API's own side (`server`): fastify's
 * time from each request's arrival to its response, and the event loop's
 * delay, so a tail that the load generator adds (it shares the cores) can
 * be told from the server's. With --pin (Linux, taskset) autocannon runs on CPU 0
 * and the API on CPU 1, so that they stop competing for one core; with
 * --write the pinned results go into the same file, under `pinned`. With
 * ADMIN_LOAD_CPU_PROF=<dir> the API process runs under `node --cpu-prof`
 * and leaves its profile in <dir> when it exits.
 *
 * Usage: node --import tsx benchmarks/load/admin-api-list-load.ts [seconds] [--write] [--pin]
 */
import { execFileSync, fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { pacedRun } from './paced-http.ts';

const TOTAL = 10_000;
const CHUNK = 1_000;
const PAGE = 50;
const RATE = 1_000;
const WARMUP_SECONDS = 3;
const PASSWORD = 'bench-password-1';

/** The part of autocannon 8's result that we read. */
interface AutocannonResult {
  latency: { p50: number; p90: number; p99: number; max: number; average: number };
  requests: { average: number; total: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

/** The child: the admin API on a SQLite file, listening on 127.0.0.1. */
async function serve(dataDir: string): Promise<void> {
  const { buildAdminApi } = await import('../../admin-api/index.ts');
  const { MetricsRegistry, SystemClock, silentLogger } = await import('../../core/index.ts');
  const { hashPasswordSync, openStore } = await import('../../core/config-store/index.ts');
  const clock = new SystemClock();
  const store = openStore({ dataDir, clock });
  const team = store.teams.create({ uid: 'load', name: 'load', maxExtensions: TOTAL });
  const hash = hashPasswordSync(PASSWORD);
  store.accounts.create({
    teamId: team.id,
    username: 'adminload',
    accountType: 'teamAdmin',
    passwordHash: hash,
  });
  const owner = store.accounts.create({
    teamId: team.id,
    username: 'ownerload',
    accountType: 'user',
    passwordHash: hash,
  });
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
  // The API's own view of each request (fastify's elapsedTime, from the
  // request's arrival to its response handed to the socket) and of its
  // event loop's delays, so that a client-side tail (the load generator
  // shares the 2 cores) can be told from the server's.
  let handledMs: number[] = [];
  app.addHook('onResponse', (_request, reply, done) => {
    handledMs.push(reply.elapsedTime);
    done();
  });
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  // `{ cache: false }` makes every list request read SQLite (the change
  // stamp moves on each read), to measure the API without its page cache.
  let isCacheOff = false;
  let uncachedStamp = 0;
  const storedStamp = store.changeStamp.bind(store);
  store.changeStamp = () => (isCacheOff ? --uncachedStamp : storedStamp());
  process.on('message', (message) => {
    if (typeof message === 'object' && message !== null && 'cache' in message) {
      isCacheOff = message.cache === false;
    }
    const sample: ServerSample = {
      cpu: process.cpuUsage(),
      handled: summarize(handledMs),
      loopDelayP99Ms: Number((loopDelay.percentile(99) / 1e6).toFixed(2)),
      loopDelayMaxMs: Number((loopDelay.max / 1e6).toFixed(2)),
    };
    handledMs = [];
    loopDelay.reset();
    process.send?.(sample);
  });
  process.send?.({ address, accountId: owner.id });
  process.on('disconnect', () => {
    void app.close().then(() => store.close());
  });
}

function csv(first: number, count: number): string {
  const lines = ['number,name,password'];
  for (let n = first; n < first + count; n++) lines.push(`${n},ext ${n},pw${n}secret`);
  return lines.join('\n');
}

async function startServer(
  dataDir: string,
): Promise<{ child: ChildProcess; address: string; accountId: number }> {
  const profileDir = process.env['ADMIN_LOAD_CPU_PROF'];
  const execArgv = profileDir
    ? [...process.execArgv, '--cpu-prof', `--cpu-prof-dir=${profileDir}`]
    : process.execArgv;
  const child = fork(fileURLToPath(import.meta.url), ['--serve', dataDir], { execArgv });
  const ready = await new Promise<{ address: string; accountId: number }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { address: string; accountId: number }));
    child.once('exit', (code) => reject(new Error(`API process exited with ${code}`)));
  });
  return { child, ...ready };
}

async function login(base: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'adminload', password: PASSWORD, team: 'load' }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** Bulk import in ten requests, with a progress line after each. */
async function importAll(base: string, token: string, accountId: number): Promise<number> {
  const start = performance.now();
  for (let done = 0; done < TOTAL; done += CHUNK) {
    const res = await fetch(`${base}/api/v1/extensions/import?accountId=${accountId}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      body: csv(100_000 + done, CHUNK),
    });
    if (res.status !== 201) throw new Error(`import failed: ${res.status} ${await res.text()}`);
    const elapsedMs = Math.round(performance.now() - start);
    console.log(
      JSON.stringify({ progress: 'import', done: done + CHUNK, total: TOTAL, elapsedMs }),
    );
  }
  return Math.round(performance.now() - start);
}

/** The cursor after `rows` rows, walked through the API. */
async function cursorAfter(base: string, token: string, rows: number): Promise<string> {
  let cursor = '';
  for (let seen = 0; seen < rows; seen += 500) {
    const res = await fetch(`${base}/api/v1/extensions?limit=500${cursor && `&cursor=${cursor}`}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    cursor = ((await res.json()) as { nextCursor: string }).nextCursor;
  }
  return cursor;
}

/** Percentiles of the API's request times, in ms. */
interface HandledSummary {
  requests: number;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
}

/** What the API process reports when asked: since the previous ask. */
interface ServerSample {
  cpu: NodeJS.CpuUsage;
  handled: HandledSummary;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

function summarize(times: number[]): HandledSummary {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number): number =>
    sorted.length === 0
      ? 0
      : Number(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!.toFixed(2));
  return {
    requests: sorted.length,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    p999Ms: at(0.999),
    maxMs: at(1),
  };
}

/**
 * Asks the API process for its CPU time so far (user + system, in ms) and
 * its request times and event-loop delay since the previous ask.
 */
function serverSample(child: ChildProcess): Promise<ServerSample & { cpuMs: number }> {
  return new Promise((resolve) => {
    child.once('message', (m) => {
      const sample = m as ServerSample;
      resolve({ ...sample, cpuMs: (sample.cpu.user + sample.cpu.system) / 1000 });
    });
    child.send('sample');
  });
}

/** The server's side of one run, without its CPU counters. */
function serverSide(sample: ServerSample): Omit<ServerSample, 'cpu'> {
  const { handled, loopDelayP99Ms, loopDelayMaxMs } = sample;
  return { handled, loopDelayP99Ms, loopDelayMaxMs };
}

/** Every page's path, walked with the cursor. */
async function allPages(base: string, token: string): Promise<string[]> {
  const paths: string[] = [];
  let cursor = '';
  for (;;) {
    const path = `/api/v1/extensions?limit=${PAGE}${cursor && `&cursor=${cursor}`}`;
    paths.push(path);
    const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
    const next = ((await res.json()) as { nextCursor: string | null }).nextCursor;
    if (next === null) return paths;
    cursor = next;
  }
}

/**
 * autocannon's connections (`--connections N`, default 20). Its
 * overallRate gives each connection rate/N per second, sent back to back:
 * with 20, requests queue 20 deep at the top of each second; with 1 or 2
 * they go one after another, which is how one busy API client behaves.
 */
const connectionsAt = process.argv.indexOf('--connections');
const AUTOCANNON_CONNECTIONS =
  connectionsAt === -1 ? 20 : Math.max(1, Number(process.argv[connectionsAt + 1]));

/** Tells the API process whether list pages may come from its cache. */
async function setCache(child: ChildProcess, isOn: boolean): Promise<void> {
  await new Promise((resolve) => {
    child.once('message', resolve);
    child.send({ cache: isOn });
  });
}

async function run(
  child: ChildProcess,
  name: string,
  url: string,
  token: string,
  seconds: number,
  paths?: readonly string[],
) {
  const cpuBeforeMs = (await serverSample(child)).cpuMs;
  let next = 0;
  const result = await autocannon({
    url,
    headers: { authorization: `Bearer ${token}` },
    connections: AUTOCANNON_CONNECTIONS,
    overallRate: RATE,
    duration: seconds,
    ...(paths === undefined
      ? {}
      : {
          requests: [
            {
              setupRequest: (request: Record<string, unknown>) => ({
                ...request,
                path: paths[next++ % paths.length],
              }),
            },
          ],
        }),
  });
  const afterAutocannon = await serverSample(child);
  const cpuMs = afterAutocannon.cpuMs - cpuBeforeMs;
  const target = new URL(url);
  const paced = await pacedRun({
    base: target.origin,
    paths: paths ?? [`${target.pathname}${target.search}`],
    headers: { authorization: `Bearer ${token}` },
    rate: RATE,
    seconds,
    connections: 20,
  });
  const afterPaced = await serverSample(child);
  const line = {
    name,
    targetRps: RATE,
    achievedRps: Math.round(result.requests.average),
    requests: result.requests.total,
    p50Ms: result.latency.p50,
    p90Ms: result.latency.p90,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    // What the machine's load does not change much: the API's own CPU per
    // request. Below 1 ms, one idle core serves 1 000 req/s.
    serverCpuMsPerRequest: Number((cpuMs / Math.max(1, result.requests.total)).toFixed(3)),
    // The same load evenly paced (paced-http.ts): what a steady 1 000 req/s
    // sees, latency from each request's due time.
    paced,
    // The same two runs seen from the API: its request times and its event
    // loop's delay (a stall there delays every request behind it).
    server: { autocannon: serverSide(afterAutocannon), paced: serverSide(afterPaced) },
  };
  console.log(JSON.stringify(line));
  return line;
}

/** Pins every thread of process `pid` to CPU `cpu` (taskset -a -p -c). */
function pin(pid: number, cpu: number): void {
  execFileSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { stdio: 'ignore' });
}

/**
 * Writes the results file. A pinned run goes under `pinned` in the file
 * of the day, next to the unpinned results, which it leaves as they are.
 */
function writeResults(file: string, out: Record<string, unknown>, isPinned: boolean): void {
  let doc = out;
  if (isPinned) {
    const existing: Record<string, unknown> = existsSync(file)
      ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>)
      : { date: out['date'] };
    doc = { ...existing, pinned: out };
  }
  writeFileSync(file, `${JSON.stringify(doc, null, 1)}\n`);
}

async function main(): Promise<void> {
  const seconds = Number(
    process.argv.find((a, i) => /^\d+$/.test(a) && process.argv[i - 1] !== '--connections') ?? 10,
  );
  const isPinned = process.argv.includes('--pin');
  const loadBefore = Number(os.loadavg()[0]!.toFixed(2));
  const dataDir = mkdtempSync(join(os.tmpdir(), 'switchyard-admin-load-'));
  const { child, address, accountId } = await startServer(dataDir);
  if (isPinned) {
    pin(process.pid, 0);
    pin(child.pid!, 1);
  }
  try {
    const token = await login(address);
    const importMs = await importAll(address, token, accountId);
    const bulk = {
      name: `bulk import ${TOTAL} extensions, ${TOTAL / CHUNK} requests`,
      totalMs: importMs,
    };
    console.log(JSON.stringify(bulk));
    const list = `${address}/api/v1/extensions?limit=${PAGE}`;
    // Warm-up, not reported: the first requests compile the route and the
    // serializers (V8 tiers up), which a server that has run for a while
    // has long done.
    await pacedRun({
      base: address,
      paths: [`/api/v1/extensions?limit=${PAGE}`],
      headers: { authorization: `Bearer ${token}` },
      rate: RATE,
      seconds: WARMUP_SECONDS,
      connections: 20,
    });
    const first = await run(
      child,
      `list page of ${PAGE} of ${TOTAL}, no cursor`,
      list,
      token,
      seconds,
    );
    const cursor = await cursorAfter(address, token, TOTAL / 2);
    const deep = await run(
      child,
      `list page of ${PAGE} of ${TOTAL}, cursor after row ${TOTAL / 2}`,
      `${list}&cursor=${cursor}`,
      token,
      seconds,
    );
    const paths = await allPages(address, token);
    await setCache(child, false);
    const uncached = await run(
      child,
      `list pages of ${PAGE} of ${TOTAL}, all ${paths.length} pages in turn, page cache off`,
      list,
      token,
      seconds,
      paths,
    );
    // The search panel's 包含 (D101): a three-digit text matches fewer than a
    // page of the numbers, so a LIKE '%…%' alone scanned all 10 000 rows; the
    // trigram index (D110) finds them without.
    const searches = Array.from(
      { length: 100 },
      (_, i) => `/api/v1/extensions?limit=${PAGE}&internalNumberContains=${100 + ((i * 37) % 900)}`,
    );
    const searched = await run(
      child,
      `search pages of ${PAGE} of ${TOTAL} by internalNumberContains (3 digits, 100 texts), page cache off`,
      list,
      token,
      seconds,
      searches,
    );
    await setCache(child, true);
    if (process.argv.includes('--write')) {
      const cpu = /Model name:\s*(.+)/.exec(execFileSync('lscpu', { encoding: 'utf8' }))?.[1];
      const date = new Date().toISOString().slice(0, 10);
      const out = {
        date,
        command: `node --import tsx benchmarks/load/admin-api-list-load.ts ${seconds} --write${isPinned ? ' --pin' : ''}`,
        machine: {
          cpu: cpu?.trim(),
          cores: os.cpus().length,
          memoryGiB: Math.round(os.totalmem() / 2 ** 30),
          node: process.version,
          loadAverage1m: loadBefore,
          loadAverage1mAfter: Number(os.loadavg()[0]!.toFixed(2)),
          note: isPinned
            ? 'autocannon pinned to CPU 0 and the API (child process) to CPU 1 with taskset; other work still runs: see loadAverage1m'
            : 'autocannon and the API (child process) share the cores with other work: see loadAverage1m',
        },
        method: `API on a SQLite file in a child process; a ${WARMUP_SECONDS} s warm-up (not reported); then per run autocannon 8, ${AUTOCANNON_CONNECTIONS} connections, overallRate ${RATE} for ${seconds} s (autocannon sends each second's share as a burst at the top of the second and its coordinated-omission correction adds a sample per ms of each response, see paced-http.ts), then the same requests evenly paced at ${RATE} req/s over up to 20 keep-alive connections for ${seconds} s with latency from each request's due time (\`paced\`); GET /api/v1/extensions as the team admin. The first two runs ask one page over and over, so after the first request it comes from the list-page cache (valid until any configuration write); the third walks all pages with the cache off, so every request reads SQLite; the fourth asks 100 internalNumberContains searches (3 digits: the trigram index, D110, narrows the rows LIKE checks) with the cache off. \`server\` is the API's own view of each client's run: fastify's reply.elapsedTime per request (arrival to response written) and monitorEventLoopDelay at 1 ms resolution`,
        results: [bulk, first, deep, uncached, searched],
      };
      const file = fileURLToPath(
        new URL(`../results/${date}-admin-api-load.json`, import.meta.url),
      );
      writeResults(file, out, isPinned);
      console.log(JSON.stringify({ wrote: file }));
    }
  } finally {
    child.disconnect();
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const serveAt = process.argv.indexOf('--serve');
if (serveAt !== -1) await serve(process.argv[serveAt + 1]!);
else await main();
