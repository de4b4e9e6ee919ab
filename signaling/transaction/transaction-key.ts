import { BRANCH_MAGIC_COOKIE, type SipRequest, type SipResponse } from '../message/index.ts';

/**
 * The key of the server transaction a request belongs to (RFC 3261
 * §17.2.3): branch, sent-by and method, with ACK mapped to INVITE. For
 * requests from RFC 2543 elements (no magic cookie) the fallback keys on
 * Request-URI, From tag, Call-ID, CSeq number and the top Via. The To tag is
 * left out so that the ACK of a non-2xx finds its INVITE (the INVITE carried
 * no To tag). `method` overrides the request's own, which is how a CANCEL
 * finds the INVITE it cancels (§9.2).
 */
export function serverTransactionKey(request: SipRequest, method?: string): string | undefined {
  const via = request.topVia();
  const cseq = request.cseq();
  if (via === undefined || cseq === undefined) return undefined;
  let m = method ?? request.method;
  if (m === 'ACK') m = 'INVITE';
  const sentBy = `${via.host.toLowerCase()}:${via.port ?? ''}`;
  const branch = via.branch;
  if (branch !== undefined && branch.startsWith(BRANCH_MAGIC_COOKIE)) {
    return `${branch}\x00${sentBy}\x00${m}`;
  }
  return [
    '2543',
    request.requestUri,
    request.fromTag() ?? '',
    request.callId() ?? '',
    String(cseq.seq),
    sentBy,
    branch ?? '',
    m,
  ].join('\x00');
}

/**
 * The key of the client transaction a response belongs to (§17.1.3): the
 * branch of the top Via and the CSeq method.
 */
export function clientTransactionKey(message: SipRequest | SipResponse): string | undefined {
  const branch = message.topVia()?.branch;
  const cseq = message.cseq();
  if (branch === undefined || cseq === undefined) return undefined;
  const method = cseq.method === 'ACK' ? 'INVITE' : cseq.method;
  return `${branch}\x00${method}`;
}
