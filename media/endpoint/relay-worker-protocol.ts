import type { MediaErrorCode } from '../../core/index.ts';
import type { RelaySessionRequest } from './relay-host.ts';

/** A control message from the main thread to a relay worker. */
export type RelayWorkerRequest =
  | { readonly id: number; readonly op: 'create'; readonly request: RelaySessionRequest }
  | { readonly id: number; readonly op: 'delete'; readonly sessionId: string }
  | { readonly id: number; readonly op: 'stats' }
  | { readonly id: number; readonly op: 'close' };

/** A worker's answer to the request with the same id (id 0: the worker is ready). */
export type RelayWorkerResponse =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | {
      readonly id: number;
      readonly ok: false;
      readonly error: { readonly code: MediaErrorCode; readonly detail: string };
    };
