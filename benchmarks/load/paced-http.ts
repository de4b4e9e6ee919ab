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
import { connect } from 'node:net';
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
  /** Path of request i (cycled by the caller as it likes). */
  readonly path: (i: number) => string;
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
  pending: Buffer;
}

const HEADER_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /\r\ncontent-length:\s*(\d+)/i;

/**
 * Length of the first complete response in `data` and its status, or
 * undefined while it is incomplete. The admin API always sends
 * Content-Length (fastify does for strings and buffers), which is all this
 * parser reads.
 */
function completeResponse(data: Buffer): { length: number; status: number } | undefined {
  const headerEnd = data.indexOf(HEADER_END);
  if (headerEnd === -1) return undefined;
  const head = data.toString('latin1', 0, headerEnd);
  const bodyLength = Number(CONTENT_LENGTH.exec(head)?.[1] ?? Number.NaN);
  if (Number.isNaN(bodyLength)) throw new Error('response without Content-Length');
  const length = headerEnd + HEADER_END.length + bodyLength;
  if (data.length < length) return undefined;
  return { length, status: Number(head.slice(9, 12)) };
}

/**
 * Runs `rate` requests per second for `seconds`, evenly spaced, over raw
 * keep-alive sockets (node:http's client costs more per request than the
 * server under test, which would make this client the bottleneck).
 */
export async function pacedRun(opts: PacedOptions): Promise<PacedResult> {
  const url = new URL(opts.base);
  const total = Math.round(opts.rate * opts.seconds);
  const intervalMs = 1000 / opts.rate;
  const headerLines = Object.entries(opts.headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  const requestCache = new Map<string, Buffer>();
  const requestFor = (i: number): Buffer => {
    const path = opts.path(i);
    let buf = requestCache.get(path);
    if (buf === undefined) {
      buf = Buffer.from(`GET ${path} HTTP/1.1\r\nhost: ${url.host}\r\n${headerLines}\r\n`);
      requestCache.set(path, buf);
    }
    return buf;
  };
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  let sent = 0;
  let done = 0;
  const waiting: number[] = [];
  let start = 0;

  const conns = await Promise.all(
    Array.from(
      { length: opts.connections },
      () =>
        new Promise<Conn>((resolve, reject) => {
          const socket = connect({ host: url.hostname, port: Number(url.port) });
          socket.setNoDelay(true);
          socket.once('connect', () =>
            resolve({ socket, dueAt: 0, isBusy: false, pending: Buffer.alloc(0) }),
          );
          socket.once('error', reject);
        }),
    ),
  );

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
    for (const conn of conns) {
      conn.socket.on('data', (chunk: Buffer) => {
        conn.pending = conn.pending.length === 0 ? chunk : Buffer.concat([conn.pending, chunk]);
        const response = completeResponse(conn.pending);
        if (response === undefined) return;
        latencies.push(performance.now() - conn.dueAt);
        if (response.status < 200 || response.status >= 300) non2xx++;
        conn.pending = conn.pending.subarray(response.length);
        finishOne(conn);
      });
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
  latencies.sort((a, b) => a - b);
  return {
    requests: total,
    achievedRps: Math.round(total / elapsedS),
    p50Ms: percentile(latencies, 0.5),
    p90Ms: percentile(latencies, 0.9),
    p99Ms: percentile(latencies, 0.99),
    p999Ms: percentile(latencies, 0.999),
    maxMs: percentile(latencies, 1),
    non2xx,
    errors,
  };
}
