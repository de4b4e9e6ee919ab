import { serializeVia, type SipRequest, type Via } from '../message/index.ts';
import type { InboundPacket } from '../transport/index.ts';
import type { Destination } from './transaction-types.ts';

/**
 * Where responses to a request go (RFC 3261 §18.2.2, RFC 3581 §4): over a
 * stream, back on the same connection; over UDP, to the source address, and
 * to the source port when the client asked for rport, else to the Via port.
 */
export function responseDestination(via: Via, packet: InboundPacket): Destination {
  const source = packet.source;
  if (source.protocol !== 'udp') {
    return { ...source, connectionId: packet.connectionId };
  }
  if (via.rport !== undefined)
    return { protocol: 'udp', address: source.address, port: source.port };
  return { protocol: 'udp', address: source.address, port: via.port ?? 5060 };
}

function bare(host: string): string {
  return host.startsWith('[') ? host.slice(1, -1) : host;
}

/**
 * Stamps the top Via of a received request: `received` when the sent-by
 * host differs from the source address (§18.2.1), and the source port in an
 * empty `rport` (RFC 3581 §4). Responses copy the Via, so the client learns
 * its public address. Returns false when there was no top Via to stamp.
 */
export function stampTopVia(request: SipRequest, packet: InboundPacket): boolean {
  const via = request.topVia();
  if (via === undefined) return false;
  const source = packet.source;
  const needsReceived = bare(via.host).toLowerCase() !== source.address.toLowerCase();
  const needsRport = via.rport === null;
  if (!needsReceived && !needsRport) return true;
  const params = new Map(via.params);
  if (needsReceived) params.set('received', source.address);
  if (needsRport) params.set('rport', String(source.port));
  const stamped: Via = {
    ...via,
    params,
    received: needsReceived ? source.address : via.received,
    rport: needsRport ? source.port : via.rport,
  };
  request.removeTopValue('Via');
  request.addHeader('Via', serializeVia(stamped), 'top');
  return true;
}
