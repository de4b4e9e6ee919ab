import { createRequire } from 'node:module';
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';

/*
 * The API's searches of cdr.db run here, on a worker thread with its own
 * read-only connection (D108), so that a search scanning a million records
 * or an export of 100,000 never holds the switch's main thread, where the
 * calls are. WAL lets that connection read while the main thread commits,
 * and it sees every commit made before the query starts
 * (https://sqlite.org/wal.html, "Concurrency").
 *
 * As with the checkpointer (wal-checkpointer.ts), the worker is plain
 * CommonJS evaluated from a string, and the driver is passed as a resolved
 * path: worker threads do not inherit tsx's in-process hooks. It takes SQL
 * text and parameters, so the queries themselves are built by drizzle on
 * the main thread and exist once.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driverPath);
const db = new Database(workerData.path, { readonly: true, fileMustExist: true });
// Rows go back in parts of CHUNK on the data port, each announced by a
// null on parentPort; see pull() on the main thread.
const CHUNK = 1000;
const data = workerData.dataPort;
function send(reply) {
  data.postMessage(reply);
  parentPort.postMessage(null);
}
// Prepared statements by SQL text; the API builds few distinct ones.
let statements = new Map();
parentPort.on('message', (m) => {
  if (m === 'stop') {
    db.close();
    data.close();
    parentPort.close();
    return;
  }
  try {
    let statement = statements.get(m.sql);
    if (statement === undefined) {
      if (statements.size >= 256) statements = new Map();
      statement = db.prepare(m.sql);
      statements.set(m.sql, statement);
    }
    let rows = [];
    for (const row of statement.raw(m.isRaw).iterate(m.params)) {
      rows.push(row);
      if (rows.length === CHUNK) {
        send({ id: m.id, rows, isPart: true });
        rows = [];
      }
    }
    send({ id: m.id, rows });
  } catch (e) {
    send({ id: m.id, error: String((e && e.message) || e) });
  }
});
`;

type Reply = { id: number; rows: unknown[]; isPart?: true } | { id: number; error: string };

interface Pending {
  /** The parts received so far, each mapped as it came. */
  parts: unknown[][];
  mapRow(row: never): unknown;
  resolve(rows: unknown[]): void;
  reject(error: Error): void;
}

/** The reader thread of one database file. */
export interface CdrReader {
  /** The rows of `sql`, each an array in the order of its result columns, mapped by `mapRow`. */
  rows<T>(sql: string, params: readonly unknown[], mapRow: (row: unknown[]) => T): Promise<T[]>;
  /** The rows of `sql` as objects keyed by result column name. */
  objects(sql: string, params: readonly unknown[]): Promise<Array<Record<string, unknown>>>;
  /** Ends the thread; queries still waiting are rejected. */
  stop(): void;
}

/**
 * A reader of `path` (a database in WAL mode). The thread starts at the
 * first query, keeps the process alive only while a query is waiting, and
 * starts again at the next query if it died.
 */
export function startCdrReader(path: string): CdrReader {
  const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
  const pending = new Map<number, Pending>();
  let worker: Worker | undefined;
  let nextId = 1;
  let isStopped = false;

  const failAll = (error: Error): void => {
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  };
  const handle = (reply: Reply): void => {
    const waiting = pending.get(reply.id);
    if (waiting === undefined) return;
    if ('rows' in reply && reply.isPart === true) {
      waiting.parts.push(reply.rows.map((row) => waiting.mapRow(row as never)));
      return;
    }
    pending.delete(reply.id);
    if (pending.size === 0) worker?.unref();
    if ('error' in reply) waiting.reject(new Error(`CDR query failed: ${reply.error}`));
    else {
      const last = reply.rows.map((row) => waiting.mapRow(row as never));
      waiting.resolve(waiting.parts.length === 0 ? last : [...waiting.parts, last].flat());
    }
  };
  const started = (): Worker => {
    if (worker !== undefined) return worker;
    /*
     * Node hands a port's queued messages to their listener in one turn of
     * the event loop, so the 100 parts of an export, queued while the main
     * thread was busy, would stop it for 300 ms. The parts wait on a port
     * nobody listens to instead; each is announced on the worker's own
     * port, and read one per turn (setImmediate) with receiveMessageOnPort.
     */
    const { port1: dataPort, port2: workerPort } = new MessageChannel();
    let announced = 0;
    let isPulling = false;
    const pull = (): void => {
      const received = receiveMessageOnPort(dataPort);
      if (received !== undefined) {
        announced--;
        handle(received.message as Reply);
      }
      if (announced > 0 && received !== undefined) setImmediate(pull);
      else isPulling = false;
    };
    const thread = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { path, driverPath, dataPort: workerPort },
      transferList: [workerPort],
    });
    thread.on('message', () => {
      announced++;
      if (isPulling) return;
      isPulling = true;
      setImmediate(pull);
    });
    const ended = (error: Error): void => {
      if (worker === thread) worker = undefined;
      dataPort.close();
      failAll(error);
    };
    thread.on('error', ended);
    thread.on('exit', () => ended(new Error('the CDR reader thread ended')));
    worker = thread;
    return thread;
  };
  const query = (
    sql: string,
    params: readonly unknown[],
    isRaw: boolean,
    mapRow: (row: never) => unknown,
  ): Promise<unknown[]> => {
    if (isStopped) return Promise.reject(new Error('the CDR store is closed'));
    const thread = started();
    const id = nextId++;
    if (pending.size === 0) thread.ref();
    return new Promise((resolve, reject) => {
      pending.set(id, { parts: [], mapRow, resolve, reject });
      thread.postMessage({ id, sql, params, isRaw });
    });
  };
  return {
    rows: <T>(sql: string, params: readonly unknown[], mapRow: (row: unknown[]) => T) =>
      query(sql, params, true, mapRow) as Promise<T[]>,
    objects: (sql, params) =>
      query(sql, params, false, (row) => row) as Promise<Array<Record<string, unknown>>>,
    stop() {
      if (isStopped) return;
      isStopped = true;
      failAll(new Error('the CDR store is closed'));
      worker?.postMessage('stop');
      worker?.unref();
    },
  };
}
