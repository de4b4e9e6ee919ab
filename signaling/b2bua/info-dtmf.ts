import { createResponse, type SipRequest } from '../message/index.ts';
import type { ServerTransaction } from '../transaction/index.ts';
import type { B2buaContext } from './b2bua-context.ts';
import type { DialogEntry } from './sip-call-leg.ts';

/**
 * Reads the key of an INFO body by its content type (application/dtmf-relay,
 * application/dtmf); undefined when the type is not a DTMF one or the body
 * holds no key. The parsers live in media/dtmf; app.ts wires them in.
 */
export type InfoDtmfParser = (
  contentType: string,
  body: string,
) => { readonly digit: string; readonly durationMs: number } | undefined;

/** Content types of DTMF in INFO that the parser reads (for 415's Accept). */
export const INFO_DTMF_TYPES = 'application/dtmf-relay, application/dtmf';

/** What INFO handling needs from the B2BUA. */
export interface InfoDeps {
  readonly ctx: B2buaContext;
  readonly parse: InfoDtmfParser;
  /** The call and leg a request's dialog belongs to. */
  findDialog(request: SipRequest): DialogEntry | undefined;
  /** A key from the party of `entry`'s leg. */
  digit(entry: DialogEntry, digit: string, durationMs: number): void;
}

/**
 * An INFO in a call's dialog (RFC 6086, legacy usage without Info-Package):
 * DTMF as phones send it in `dtmf-relay` mode. The key is answered 200 and
 * handed on; any other body gets 415 naming what we read (§5.2.3 allows a
 * legacy INFO to be refused by its body's type).
 */
export function receiveInfo(deps: InfoDeps, request: SipRequest, tx: ServerTransaction): void {
  const headers: Array<[string, string]> = [['User-Agent', deps.ctx.options.serverName]];
  const entry = deps.findDialog(request);
  // RFC 3261 §12.2.2: a request for a dialog we do not know gets 481.
  if (entry === undefined) return tx.respond(createResponse(request, 481, { headers }));
  if (entry.leg.dialog?.receiveRequest(request) === 'out-of-order') {
    return tx.respond(createResponse(request, 500, { headers }));
  }
  const contentType = (request.getHeader('Content-Type') ?? '').split(';')[0]!.trim();
  const key = deps.parse(contentType.toLowerCase(), request.body.toString('utf8'));
  if (key === undefined) {
    return tx.respond(
      createResponse(request, 415, { headers: [...headers, ['Accept', INFO_DTMF_TYPES]] }),
    );
  }
  tx.respond(createResponse(request, 200, { headers }));
  deps.digit(entry, key.digit, key.durationMs);
}
