import type { Clock, Logger } from '../../core/index.ts';
import type { SipMessage } from '../message/index.ts';
import type { SendResult, TransportProtocol } from '../transport/index.ts';

/**
 * The timer values of RFC 3261 §17.1.1.1 and Table 4: T1 is the RTT
 * estimate, T2 the cap on non-INVITE retransmission intervals, T4 the
 * longest time a message stays in the network.
 */
export interface TimerSettings {
  t1Ms: number;
  t2Ms: number;
  t4Ms: number;
  /**
   * How long an INVITE server transaction waits for the TU's first
   * response before it sends 100 Trying itself (RFC 3261 §17.2.1, Figure 7:
   * "send 100 if TU won't in 200ms"); 0 sends it at once. 200 when absent.
   */
  tryingDelayMs?: number;
}

/** RFC 3261 defaults: T1 500 ms, T2 4 s, T4 5 s; 100 Trying after 200 ms. */
export const DEFAULT_TIMERS: TimerSettings = {
  t1Ms: 500,
  t2Ms: 4000,
  t4Ms: 5000,
  tryingDelayMs: 200,
};

/** Where a transaction sends: a transport and a remote address (§18). */
export interface Destination {
  readonly protocol: TransportProtocol;
  readonly address: string;
  readonly port: number;
  /** For stream transports: reuse this connection (§18.2.2). */
  readonly connectionId?: string | undefined;
}

/** True for transports with their own retransmission (§17.1.1.2: timers A, G off). */
export function isReliable(protocol: TransportProtocol): boolean {
  return protocol !== 'udp';
}

/** The transport as the transaction layer sees it. */
export interface TransactionTransport {
  send(message: SipMessage, destination: Destination): Promise<SendResult>;
  /**
   * Sends a message already serialised, so that a transaction can keep
   * the bytes it may have to send again instead of the message (D105).
   * Optional: without it transactions keep the message.
   */
  sendBytes?(data: Buffer, destination: Destination): Promise<SendResult>;
}

/** A transaction, as its last timer sees it: terminate() is a no-op once it ended. */
export interface Terminable {
  terminate(): void;
}

/** Transactions' last timers, queued (Expiries in expiries.ts). */
export interface LastTimers {
  /** Calls `target.terminate()` once `delayMs` have passed. */
  add(target: Terminable, delayMs: number): void;
}

/** What every transaction needs from its surroundings. */
export interface TransactionContext {
  clock: Clock;
  timers: TimerSettings;
  transport: TransactionTransport;
  logger: Logger;
  /**
   * Where transactions queue their last timer (D, I, J, K, L, M); each
   * arms a timer of its own when absent. The transaction layer sets it.
   */
  expiries?: LastTimers;
}
