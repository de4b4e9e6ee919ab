/*
 * The transports a SipStack listens on: one per enabled port (UDP, TCP,
 * TLS, WS, WSS), built from its options.
 */
import type { Logger } from '../core/index.ts';
import type { SipStackOptions } from './sip-stack-options.ts';
import {
  StreamTransport,
  UdpTransport,
  WsTransport,
  loadTlsFiles,
  type SourceLimiter,
} from './transport/index.ts';

/** A transport of any protocol. */
export type AnyTransport = UdpTransport | StreamTransport | WsTransport;

/** Creates, unbound, the transports whose ports are set; TLS and WSS need `tls`. */
export function createTransports(
  o: SipStackOptions,
  common: { readonly limiter: SourceLimiter; readonly logger: Logger },
): AnyTransport[] {
  const tlsOptions = o.tls === undefined ? undefined : loadTlsFiles(o.tls);
  const wanted: AnyTransport[] = [];
  if (o.udpPort > 0) {
    wanted.push(
      new UdpTransport({
        ...common,
        address: o.bind,
        port: o.udpPort,
        maxMessageBytes: o.maxMessageBytes,
        socketBufferBytes: 8 << 20,
      }),
    );
  }
  if (o.tcpPort > 0) {
    wanted.push(
      new StreamTransport({
        ...common,
        protocol: 'tcp',
        address: o.bind,
        port: o.tcpPort,
        maxMessageBytes: o.maxMessageBytes,
        idleTimeoutMs: 600_000,
      }),
    );
  }
  if (o.tlsPort > 0 && tlsOptions !== undefined) {
    wanted.push(
      new StreamTransport({
        ...common,
        protocol: 'tls',
        address: o.bind,
        port: o.tlsPort,
        maxMessageBytes: o.maxMessageBytes,
        idleTimeoutMs: 600_000,
        tlsOptions,
      }),
    );
  }
  if (o.wsPort > 0) {
    wanted.push(
      new WsTransport({
        ...common,
        protocol: 'ws',
        address: o.bind,
        port: o.wsPort,
        maxMessageBytes: o.maxMessageBytes,
      }),
    );
  }
  if (o.wssPort > 0 && tlsOptions !== undefined) {
    wanted.push(
      new WsTransport({
        ...common,
        protocol: 'wss',
        address: o.bind,
        port: o.wssPort,
        maxMessageBytes: o.maxMessageBytes,
        tlsOptions,
      }),
    );
  }
  return wanted;
}
