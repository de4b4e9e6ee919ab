import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** When the checkpointer runs. */
export interface WalCheckpointerOptions {
  /** A PASSIVE checkpoint at least this often while commits come in. */
  intervalMs: number;
  /** Or sooner, once the writer has made this many commits since the last. */
  commitsPerCheckpoint: number;
  /** Called with each failure (a locked file, a full disk); never thrown. */
  onError: (error: Error) => void;
  /** Called after each checkpoint with the WAL frames it found and backfilled. */
  onCheckpoint?: (walFrames: number, checkpointedFrames: number) => void;
}

/** A running checkpointer of one SQLite file in WAL mode. */
export interface WalCheckpointer {
  /** Counts one commit of the writer; every `commitsPerCheckpoint` nudges the worker. */
  noteCommit(): void;
  /** Stops the worker; its connection closes once a checkpoint in progress ends. */
  stop(): void;
}

/*
 * The worker is plain CommonJS evaluated from a string: the switch loads its
 * TypeScript through tsx's in-process hooks, which worker threads do not
 * inherit, and the driver is passed as a resolved path for the same reason.
 * A PASSIVE checkpoint takes no writer lock (https://sqlite.org/wal.html,
 * "Checkpointing"), so the main thread's commits go on meanwhile; with
 * nothing new in the WAL it returns without syncing, so the timer runs
 * whether or not calls come in.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driverPath);
// Never create the file: a worker starting after the store closed and its
// directory went would otherwise leave a fresh database behind.
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('synchronous = NORMAL');
db.pragma('wal_autocheckpoint = 0');
let isStopped = false;
function checkpoint() {
  if (isStopped) return;
  try {
    const row = db.pragma('wal_checkpoint(PASSIVE)')[0];
    if (workerData.isReporting) {
      parentPort.postMessage({ kind: 'done', log: row.log, checkpointed: row.checkpointed });
    }
  } catch (e) {
    parentPort.postMessage({ kind: 'error', message: String((e && e.message) || e) });
  }
}
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m === 'now') return checkpoint();
  isStopped = true;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

type WorkerMessage =
  { kind: 'done'; log: number; checkpointed: number } | { kind: 'error'; message: string };

/**
 * Starts a worker thread that checkpoints `path` (a database in WAL mode
 * whose writer set `wal_autocheckpoint = 0`) from its own connection. With
 * autocheckpoint on, every ~1,000 WAL pages one commit on the main thread
 * copied the WAL into the database and fsynced both (D49: 5.8 % of the
 * main thread at 120 calls/s). Each commit still reaches the WAL before it
 * returns, so a killed process loses nothing it committed (D13).
 */
export function startWalCheckpointer(
  path: string,
  options: WalCheckpointerOptions,
): WalCheckpointer {
  const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      path,
      driverPath,
      intervalMs: options.intervalMs,
      isReporting: options.onCheckpoint !== undefined,
    },
  });
  // The checkpointer never keeps the process alive; stop() ends it anyway.
  worker.unref();
  let commits = 0;
  let isStopped = false;
  worker.on('message', (m: WorkerMessage) => {
    if (m.kind === 'done') options.onCheckpoint?.(m.log, m.checkpointed);
    else if (!isStopped) options.onError(new Error(`WAL checkpoint failed: ${m.message}`));
  });
  // A worker still starting when the store closed (and its directory went)
  // may fail to open the file; after stop() that is no longer news.
  worker.on('error', (e) => {
    if (!isStopped) options.onError(e);
  });
  return {
    noteCommit() {
      if (isStopped) return;
      if (++commits < options.commitsPerCheckpoint) return;
      commits = 0;
      worker.postMessage('now');
    },
    stop() {
      if (isStopped) return;
      isStopped = true;
      worker.postMessage('stop');
    },
  };
}
