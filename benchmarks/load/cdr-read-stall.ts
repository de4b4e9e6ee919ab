/**
 * How long the API's call-record reads stop the switch's main thread (D108):
 * a cdr.db of `--records` records in 50 teams (made once per `--dir`), the
 * admin API on a real socket of 127.0.0.1, and a 1 ms timer in the same
 * process whose longest gap is the longest stop. Three requests as the
 * superadmin: a rare `callerNumberContains` over all teams (a scan), an
 * export of about 100,000 records, and the first page. The test client runs
 * in the same process, so its reading of the export counts in the stop too.
 *
 * Usage: node --import tsx benchmarks/load/cdr-read-stall.ts [--records N] [--dir DIR]
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { buildTestApi } from '../../admin-api/test-api.ts';
import { openCdrStore } from '../../core/cdr-store/index.ts';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const records = Number(flag('--records') ?? 1_000_000);
const dir = flag('--dir') ?? mkdtempSync(join(os.tmpdir(), 'sy-cdr-stall-'));
const start = Date.UTC(2026, 9, 1);

if (!existsSync(join(dir, 'cdr.db'))) {
  mkdirSync(dir, { recursive: true });
  openCdrStore(dir).close();
  const db = new Database(join(dir, 'cdr.db'));
  const insert = db.prepare(
    `INSERT INTO cdrs (call_id, team_id, call_type, caller_number, called_number, started_at_ms,
       total_duration_sec, billable_duration_sec, result, ended_at_ms)
     VALUES (?, ?, 'outbound', ?, ?, ?, 60, 55, 'answered', ?)`,
  );
  db.transaction(() => {
    for (let i = 0; i < records; i++) {
      // About 400 calls/s, several in the same millisecond.
      const at = start + Math.floor(i * 2.5) - (i % 3);
      const caller = `1${(i * 31) % 1_000_000}`;
      insert.run(`c${i}@bench`, 1 + (i % 50), caller, `9${(i * 17) % 10_000_000}`, at, at + 60_000);
    }
  })();
  db.close();
}

const cdrs = openCdrStore(dir);
const api = await buildTestApi(undefined, { cdrs });
const base = await api.app.listen({ port: 0, host: '127.0.0.1' });
let last = performance.now();
let longest = 0;
const timer = setInterval(() => {
  const now = performance.now();
  longest = Math.max(longest, now - last);
  last = now;
}, 1);

const get = async (path: string) => {
  const res = await fetch(base + path, { headers: { authorization: `Bearer ${api.superToken}` } });
  return { status: res.status, bytes: (await res.text()).length };
};
const results = [];
// 2.4 s of calls at 2.5 ms each: a little under the export's limit of 100,000 rows.
const until = new Date(start + Math.min(records, 96_000) * 2.5).toISOString();
for (const [name, path, runs] of [
  ['rare callerNumberContains, all teams', '/api/v1/cdrs?callerNumberContains=99999', 3],
  ['export', `/api/v1/cdrs/export?since=${new Date(start).toISOString()}&until=${until}`, 2],
  ['first page, all teams', '/api/v1/cdrs', 20],
] as const) {
  await get(path);
  await new Promise((resolve) => setTimeout(resolve, 50));
  longest = 0;
  last = performance.now();
  const t0 = performance.now();
  let res = { status: 0, bytes: 0 };
  for (let i = 0; i < runs; i++) res = await get(path);
  longest = Math.max(longest, performance.now() - last);
  results.push({
    name,
    status: res.status,
    bytes: res.bytes,
    msPerRequest: Math.round((performance.now() - t0) / runs),
    longestMainThreadStopMs: Math.round(longest),
  });
}
clearInterval(timer);
await api.close();
cdrs.close();
console.log(
  JSON.stringify(
    { name: 'cdr read stall', records, cpu: os.cpus()[0]?.model, cores: os.cpus().length, results },
    null,
    1,
  ),
);
