import { parentPort, workerData } from 'node:worker_threads';
import { RelayHost } from './relay-host.ts';
import type { RelayHostOptions } from './relay-host.ts';
import type { RelayWorkerRequest, RelayWorkerResponse } from './relay-worker-protocol.ts';

/*
 * The entry point of one relay worker thread (see RelayWorkerPool). The
 * worker owns its shard of the port range and every socket on it, so the
 * packets of its sessions never cross threads; the main thread only sends
 * control messages.
 */
const host = new RelayHost(workerData as RelayHostOptions);
const port = parentPort;

async function handle(req: RelayWorkerRequest): Promise<RelayWorkerResponse> {
  switch (req.op) {
    case 'create': {
      const result = await host.createSession(req.request);
      return result.ok
        ? { id: req.id, ok: true, value: result.value }
        : {
            id: req.id,
            ok: false,
            error: { code: result.error.code, detail: result.error.detail },
          };
    }
    case 'delete':
      host.deleteSession(req.sessionId);
      return { id: req.id, ok: true, value: undefined };
    case 'stats':
      return { id: req.id, ok: true, value: host.stats() };
    case 'close':
      host.close();
      return { id: req.id, ok: true, value: undefined };
  }
}

port?.on('message', (req: RelayWorkerRequest) => {
  handle(req).then(
    (res) => port.postMessage(res),
    (cause: unknown) =>
      port.postMessage({
        id: req.id,
        ok: false,
        error: { code: 'ERR_MEDIA_INTERNAL', detail: String(cause) },
      } satisfies RelayWorkerResponse),
  );
});
port?.postMessage({ id: 0, ok: true, value: 'ready' } satisfies RelayWorkerResponse);
