import { TypedEmitter, type Logger } from '../../core/index.ts';
import { createResponse, type SipRequest, type SipResponse } from '../message/index.ts';
import type { ServerTransaction, TransactionLayer } from '../transaction/index.ts';
import type { InboundPacket } from '../transport/index.ts';

/** A handler for one method, given the request in its server transaction. */
export type RequestHandler = (
  request: SipRequest,
  tx: ServerTransaction,
  packet: InboundPacket,
) => void;

/** Events of the UA core. */
export type UserAgentCoreEvents = {
  /** An ACK outside any transaction: the ACK of a 2xx, for the dialog layer. */
  ack: [SipRequest, InboundPacket];
  /** A response matching no client transaction. */
  strayResponse: [SipResponse, InboundPacket];
  listenererror: [string, unknown];
};

/** What OPTIONS advertises (RFC 3261 §11.2). */
export interface Capabilities {
  accept: readonly string[];
  supported: readonly string[];
  userAgent: string;
}

/**
 * The UAS core of RFC 3261 §8.2 for the whole switch: dispatches each new
 * request to the handler of its method (registrar, B2BUA, …) and answers
 * OPTIONS itself. The set of methods with a handler is what Allow lists and
 * what the transaction layer lets through (anything else gets 405, §8.2.1).
 */
export class UserAgentCore extends TypedEmitter<UserAgentCoreEvents> {
  private readonly handlers = new Map<string, RequestHandler>();
  /**
   * While draining (shutdown), new calls are refused with 503 and
   * Retry-After (RFC 3261 §21.5.4) so the caller's proxy or phone tries
   * elsewhere; requests inside existing dialogs still go through.
   */
  isDraining = false;

  constructor(
    transactions: TransactionLayer,
    private readonly capabilities: Capabilities,
    logger: Logger,
  ) {
    super(logger);
    this.handlers.set('OPTIONS', (req, tx) => this.answerOptions(req, tx));
    transactions.on('request', (req, tx, packet) => this.dispatch(req, tx, packet));
    transactions.on('ack', (req, packet) => this.safeEmit('ack', req, packet));
    transactions.on('strayResponse', (res, packet) => this.safeEmit('strayResponse', res, packet));
  }

  /** Methods with a handler, plus ACK (always accepted, §17). */
  get allowedMethods(): string[] {
    return ['ACK', ...this.handlers.keys()];
  }

  /** Registers the handler of a method (replacing any before). */
  handle(method: string, handler: RequestHandler): void {
    this.handlers.set(method, handler);
  }

  private dispatch(request: SipRequest, tx: ServerTransaction, packet: InboundPacket): void {
    if (this.isDraining && request.method === 'INVITE' && request.toTag() === undefined) {
      tx.respond(createResponse(request, 503, { headers: [['Retry-After', '30']] }));
      return;
    }
    const handler = this.handlers.get(request.method);
    if (handler === undefined) {
      tx.respond(
        createResponse(request, 405, { headers: [['Allow', this.allowedMethods.join(', ')]] }),
      );
      return;
    }
    handler(request, tx, packet);
  }

  /** §11.2: 200 with Allow, Accept and Supported, as if for an INVITE. */
  private answerOptions(request: SipRequest, tx: ServerTransaction): void {
    tx.respond(
      createResponse(request, 200, {
        headers: [
          ['Allow', this.allowedMethods.join(', ')],
          ['Accept', this.capabilities.accept.join(', ')],
          ['Supported', this.capabilities.supported.join(', ')],
          ['Server', this.capabilities.userAgent],
        ],
      }),
    );
  }
}
