import type { Clock } from '../../core/index.ts';
import type { SipRequest } from '../message/index.ts';
import type { TransactionLayer } from './transaction-layer.ts';
import type { Destination } from './transaction-types.ts';

/**
 * Sends `request` (an OPTIONS ping of qualify, D84/D86) and resolves with
 * its round trip in ms, or undefined when nothing answers within
 * `timeoutMs` or the transaction times out or cannot be sent. Any
 * response, even a 404 or a 405, is an answer (RFC 3261 §11.2).
 */
export function roundTrip(
  deps: { readonly clock: Clock; readonly transactions: Pick<TransactionLayer, 'sendRequest'> },
  request: SipRequest,
  destination: Destination,
  timeoutMs: number,
): Promise<number | undefined> {
  const { clock } = deps;
  const sentAt = clock.monotonicMs();
  const tx = deps.transactions.sendRequest(request, destination);
  return new Promise((resolve) => {
    const deadline = clock.setTimeout(() => done(undefined), timeoutMs);
    let isDone = false;
    const done = (rtt: number | undefined) => {
      if (isDone) return;
      isDone = true;
      clock.clearTimeout(deadline);
      resolve(rtt);
    };
    tx.on('response', () => done(Math.round(clock.monotonicMs() - sentAt)));
    tx.on('timeout', () => done(undefined));
    tx.on('transportError', () => done(undefined));
  });
}
