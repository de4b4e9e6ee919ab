export * from './transaction-types.ts';
export * from './transaction-key.ts';
export * from './build-ack.ts';
export * from './response-destination.ts';
export { InviteClientTransaction, type InviteClientState } from './invite-client-transaction.ts';
export {
  NonInviteClientTransaction,
  type NonInviteClientState,
  type ClientTransactionEvents,
} from './non-invite-client-transaction.ts';
export { InviteServerTransaction, type InviteServerState } from './invite-server-transaction.ts';
export {
  NonInviteServerTransaction,
  type NonInviteServerState,
  type ServerTransactionEvents,
} from './non-invite-server-transaction.ts';
export * from './transaction-layer.ts';
export * from './round-trip.ts';
