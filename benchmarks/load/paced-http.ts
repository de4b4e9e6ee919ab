/*
 * An open-loop HTTP load generator paced like wrk2: request i is due at
 * start + i / rate, whatever happened to the requests before it, and its
 * latency is measured from that due time, so a stall in the server (or in
 * this client) shows in every request it delayed (no coordinated omission).
 *
 * Why not autocannon's overallRate alone: autocannon 8 lets each connection
 * send its share of a second as fast as it can when the second starts
 * (httpClient.js: a 1 s setInterval resets reqsMadeThisSecond), so "1 000
 * req/s over 20 connections" arrives as a burst of 1 000 requests with 20
 * in flight at the top of every second; and its coordinated-omission
 * correction records with an expected interval of ceil(1 / rate) = 1 ms
 * (a seconds value used as milliseconds), adding a synthetic sample for
 * every millisecond of every response. Both inflate the tail for reasons
 * that are not the server's. admin-api-list-load.ts reports both clients.
 */
import { fork } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Socket } from 'node:net';

/** One paced run's outcome; latencies in ms from each request's due time. */
export interface PacedResult {
  readonly requests: number;
  readonly achievedRps: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly p999Ms: number;
  readonly maxMs: number;
  readonly non2xx: number;
  readonly errors: number;
}

export interface PacedOptions {
  /** Base URL, e.g. http://127.0.0.1:8080. */
  readonly base: string;
  /** Request i asks for paths[i % paths.length]. */
  readonly paths: readonly string[];
  readonly headers: Readonly<Record<string, string>>;
  readonly rate: number;
  readonly seconds: number;
  /** Keep-alive sockets at most; requests beyond wait for a free one. */
  readonly connections: number;
}

function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const at = Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
  return Number(sorted[Math.max(0, at)]!.toFixed(2));
}

/** A keep-alive connection carrying one request at a time. */
interface Conn {
  readonly socket: Socket;
  dueAt: number;
  isBusy: boolean;
  /** Header bytes of the response so far, until the blank line. */
  head: Buffer;
  /** Body bytes still to come; -1 while the header is incomplete. */
  remaining: number;
  status: number;
}

const HEADER_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /\r\ncontent-length:\s*(\d+)/i;

/**
 * Reads `bytes` of a response into `conn`; true when the response is
 * complete. Only the header is kept: the body is counted, not copied, so
 * the client allocates almost nothing per response (its own garbage
 * collector pauses would otherwise show as server latency). The admin API
 * always sends Content-Length, which is all this parser reads.
 */
function consume(conn: Conn, bytes: Buffer): boolean {
  if (conn.remaining < 0) {
    conn.head = conn.head.length === 0 ? Buffer.from(bytes) : Buffer.concat([conn.head, bytes]);
    const headerEnd = conn.head.indexOf(HEADER_END);
    if (headerEnd === -1) return false;
    const head = conn.head.toString('latin1', 0, headerEnd);
    const bodyLength = Number(CONTENT_LENGTH.exec(head)?.[1] ?? Number.NaN);
    if (Number.isNaN(bodyLength)) throw new Error('response without Content-Length');
    conn.status = Number(head.slice(9, 12));
    conn.remaining = bodyLength - (conn.head.length - headerEnd - HEADER_END.length);
    conn.head = Buffer.alloc(0);
  } else {
    conn.remaining -= bytes.length;
  }
  if (conn.remaining > 0) return false;
  conn.remaining = -1;
  return true;
}

/**
 * Runs `rate` requests per second for `seconds`, evenly spaced, over raw
 * keep-alive sockets (node:http's client costs more per request than the
 * server under test, which would make this client the bottleneck).
 */
async function runHere(opts: PacedOptions): Promise<PacedResult> {
  const url = new URL(opts.base);
  const total = Math.round(opts.rate * opts.seconds);
  const intervalMs = 1000 / opts.rate;
  const headerLines = Object.entries(opts.headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  const requestCache = new Map<string, Buffer>();
  const requestFor = (i: number): Buffer => {
    const path = opts.paths[i % opts.paths.length]!;
    let buf = requestCache.get(path);
    if (buf === undefined) {
      buf = Buffer.from(`GET ${path} HTTP/1.1\r\nhost: ${url.host}\r\n${headerLines}\r\n`);
      requestCache.set(path, buf);
    }
    return buf;
  };
  const latencies = new Float64Array(total);
  let measured = 0;
  let non2xx = 0;
  let errors = 0;
  let sent = 0;
  let done = 0;
  const waiting: number[] = [];
  let start = 0;

  const conns: Conn[] = [];
  // Set before the sockets connect; their reads call it.
  let onResponse: (conn: Conn) => void = () => {};
  for (let i = 0; i < opts.connections; i++) {
    // onread reads into one buffer per socket, reused for every read.
    const readBuffer = Buffer.alloc(64 * 1024);
    const conn: Conn = {
      socket: undefined as unknown as Socket,
      dueAt: 0,
      isBusy: false,
      head: Buffer.alloc(0),
      remaining: -1,
      status: 0,
    };
    const socket = connect({
      host: url.hostname,
      port: Number(url.port),
      onread: {
        buffer: readBuffer,
        callback: (nread: number, buf: Uint8Array) => {
          if (consume(conn, Buffer.from(buf.buffer, buf.byteOffset, nread))) onResponse(conn);
          return true;
        },
      },
    });
    (conn as { socket: Socket }).socket = socket;
    socket.setNoDelay(true);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    conns.push(conn);
  }

  await new Promise<void>((resolve) => {
    const dispatch = (conn: Conn, i: number): void => {
      conn.isBusy = true;
      conn.dueAt = start + i * intervalMs;
      conn.socket.write(requestFor(i));
    };
    const finishOne = (conn: Conn): void => {
      done++;
      conn.isBusy = false;
      const next = waiting.shift();
      if (next !== undefined) dispatch(conn, next);
      if (done === total) resolve();
    };
    onResponse = (conn) => {
      latencies[measured++] = performance.now() - conn.dueAt;
      if (conn.status < 200 || conn.status >= 300) non2xx++;
      finishOne(conn);
    };
    for (const conn of conns) {
      conn.socket.on('error', () => {
        errors++;
        if (conn.isBusy) finishOne(conn);
      });
    }
    start = performance.now();
    // A 1 ms tick sends every request that has come due; a timer per
    // request would cost more than the request.
    const tick = setInterval(() => {
      const due = Math.min(total, Math.floor((performance.now() - start) / intervalMs) + 1);
      while (sent < due) {
        const i = sent++;
        const free = conns.find((c) => !c.isBusy);
        if (free === undefined) waiting.push(i);
        else dispatch(free, i);
      }
      if (sent === total) clearInterval(tick);
    }, 1);
  });
  const elapsedS = (performance.now() - start) / 1000;
  for (const conn of conns) conn.socket.destroy();
  const sorted = Array.from(latencies.subarray(0, measured)).sort((a, b) => a - b);
  return {
    requests: total,
    achievedRps: Math.round(total / elapsedS),
    p50Ms: percentile(sorted, 0.5),
    p90Ms: percentile(sorted, 0.9),
    p99Ms: percentile(sorted, 0.99),
    p999Ms: percentile(sorted, 0.999),
    maxMs: percentile(sorted, 1),
    non2xx,
    errors,
  };
}

/**
 * Runs the paced load in a child process of its own. In the benchmark's
 * process (autocannon, tsx, the whole module graph) V8 ran an incremental
 * mark-compact about every second with 16 ms steps, which stalled the
 * client and showed as server latency; a process holding only this file
 * has a heap of a few MB.
 */
export function pacedRun(opts: PacedOptions): Promise<PacedResult> {
  const child = fork(fileURLToPath(import.meta.url), ['--paced-child'], {
    execArgv: process.execArgv,
  });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => {
      resolve(m as PacedResult);
      child.disconnect();
    });
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`paced client exited with ${code}`));
    });
    child.send(opts);
  });
}

if (process.argv.includes('--paced-child')) {
  process.once('message', (opts) => {
    void runHere(opts as PacedOptions).then((result) => process.send?.(result));
  });
}
