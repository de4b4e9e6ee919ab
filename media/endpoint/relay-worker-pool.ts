import { Worker } from 'node:worker_threads';
import { InvalidStateError, err } from '../../core/index.ts';
import type { MediaError, Result } from '../../core/index.ts';
import { splitPortRange } from './port-allocator.ts';
import type {
  RelayHostOptions,
  RelayHostStats,
  RelaySessionInfo,
  RelaySessionRequest,
} from './relay-host.ts';
import type { RelayWorkerRequest, RelayWorkerResponse } from './relay-worker-protocol.ts';

/** Settings of a RelayWorkerPool; only plain data, as it is copied to each worker. */
export interface RelayWorkerPoolOptions {
  readonly bindAddress: string;
  readonly minPort: number;
  readonly maxPort: number;
  /** Worker threads; each gets an equal contiguous share of the port pairs. */
  readonly workers: number;
  readonly quarantineMs?: number;
  readonly endpoint?: RelayHostOptions['endpoint'];
}

interface WorkerSlot {
  readonly worker: Worker;
  readonly pending: Map<number, (res: RelayWorkerResponse) => void>;
  sessions: number;
}

/*
 * Workers run the TypeScript sources through tsx as the main thread does.
 * Loader hooks registered there do not reach new threads, so each worker
 * registers tsx's hooks itself before importing its entry module.
 */
const tsxApi = import.meta.resolve('tsx/esm/api');
const workerEntry = new URL('./relay-worker.ts', import.meta.url).href;
const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(workerEntry)}); });`;

/**
 * Relay sessions sharded over worker threads (issue 5 §6): each worker owns
 * a slice of the port range and its sockets, so relay capacity can grow with
 * cores. The main thread places each new session on the worker with the
 * fewest and talks to it only through control messages.
 */
export class RelayWorkerPool {
  private readonly slots: WorkerSlot[];
  private readonly placement = new Map<string, WorkerSlot>();
  private nextId = 1;
  private isClosed = false;

  private constructor(slots: WorkerSlot[]) {
    this.slots = slots;
  }

  /** Starts the workers and waits until each is ready. */
  static async start(options: RelayWorkerPoolOptions): Promise<RelayWorkerPool> {
    const shards = splitPortRange(options.minPort, options.maxPort, options.workers);
    const slots = await Promise.all(
      shards.map(async (shard) => {
        const data: RelayHostOptions = {
          bindAddress: options.bindAddress,
          minPort: shard.minPort,
          maxPort: shard.maxPort,
          ...(options.quarantineMs === undefined ? {} : { quarantineMs: options.quarantineMs }),
          ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
        };
        const worker = new Worker(bootstrap, { eval: true, workerData: data });
        const slot: WorkerSlot = { worker, pending: new Map(), sessions: 0 };
        await new Promise<void>((resolve, reject) => {
          worker.once('error', reject);
          worker.on('message', (res: RelayWorkerResponse) => {
            if (res.id === 0) {
              worker.off('error', reject);
              resolve();
              return;
            }
            const done = slot.pending.get(res.id);
            slot.pending.delete(res.id);
            done?.(res);
          });
        });
        return slot;
      }),
    );
    return new RelayWorkerPool(slots);
  }

  /** Worker threads in the pool. */
  get size(): number {
    return this.slots.length;
  }

  /** Creates a relay session on the least loaded worker. */
  async createSession(req: RelaySessionRequest): Promise<Result<RelaySessionInfo, MediaError>> {
    if (this.isClosed) throw new InvalidStateError('RelayWorkerPool is closed');
    let slot = this.slots[0]!;
    for (const s of this.slots) if (s.sessions < slot.sessions) slot = s;
    slot.sessions++;
    const res = await this.call(slot, (id) => ({ id, op: 'create', request: req }));
    if (!res.ok) {
      slot.sessions--;
      return err(res.error);
    }
    this.placement.set(req.sessionId, slot);
    return { ok: true, value: res.value as RelaySessionInfo };
  }

  /** Deletes a session wherever it lives; unknown ids are ignored. */
  async deleteSession(sessionId: string): Promise<void> {
    const slot = this.placement.get(sessionId);
    if (slot === undefined) return;
    this.placement.delete(sessionId);
    slot.sessions--;
    await this.call(slot, (id) => ({ id, op: 'delete', sessionId }));
  }

  /** Each worker's counters, in worker order. */
  async stats(): Promise<RelayHostStats[]> {
    const all = await Promise.all(
      this.slots.map((s) => this.call(s, (id) => ({ id, op: 'stats' }))),
    );
    return all.map((res) => (res.ok ? (res.value as RelayHostStats) : emptyStats()));
  }

  /** Closes every session and stops the workers; idempotent. */
  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    await Promise.all(
      this.slots.map(async (s) => {
        await this.call(s, (id) => ({ id, op: 'close' }));
        await s.worker.terminate();
      }),
    );
  }

  private call(
    slot: WorkerSlot,
    build: (id: number) => RelayWorkerRequest,
  ): Promise<RelayWorkerResponse> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      slot.pending.set(id, resolve);
      slot.worker.postMessage(build(id));
    });
  }
}

function emptyStats(): RelayHostStats {
  return {
    sessions: 0,
    rtpReceived: 0,
    rtpSent: 0,
    malformed: 0,
    wrongSource: 0,
    late: 0,
    duplicates: 0,
    notSent: 0,
    socketErrors: 0,
    ports: { totalPairs: 0, inUse: 0, quarantined: 0, free: 0, exhausted: 0 },
  };
}
