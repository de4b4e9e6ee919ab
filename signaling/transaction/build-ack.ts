import { SipRequest, type SipResponse } from '../message/index.ts';

/**
 * The ACK a client transaction sends for a 3xx–6xx (RFC 3261 §17.1.1.3):
 * same Request-URI, Call-ID, From, CSeq number and top Via as the INVITE,
 * To from the response (with its tag), the INVITE's Route headers, and
 * method ACK.
 */
export function buildAckForNon2xx(invite: SipRequest, response: SipResponse): SipRequest {
  const ack = new SipRequest('ACK', invite.requestUri, 'SIP/2.0', [], Buffer.alloc(0));
  const topVia = invite.getHeaderValues('Via')[0];
  if (topVia !== undefined) ack.addHeader('Via', topVia);
  for (const route of invite.getHeaders('Route')) ack.addHeader('Route', route);
  ack.addHeader('Max-Forwards', '70');
  ack.addHeader('From', invite.getHeader('From') ?? '');
  ack.addHeader('To', response.getHeader('To') ?? invite.getHeader('To') ?? '');
  ack.addHeader('Call-ID', invite.getHeader('Call-ID') ?? '');
  ack.addHeader('CSeq', `${invite.cseq()?.seq ?? 0} ACK`);
  ack.addHeader('Content-Length', '0');
  return ack;
}
