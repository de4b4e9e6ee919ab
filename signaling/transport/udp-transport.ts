import dgram from 'node:dgram';
import { lookup as dnsLookup, type LookupOneOptions } from 'node:dns';
import { isIP, isIPv6 } from 'node:net';
import { InvalidStateError, TypedEmitter, type Logger } from '../../core/index.ts';
import type { SourceLimiter } from './source-limiter.ts';
import type { SendResult, TransportAddress, TransportEvents } from './transport-types.ts';

/** Options of a UDP listener. */
export interface UdpTransportOptions {
  address: string;
  port: number;
  /** Largest datagram accepted; RFC 3261 §18.1.1 sizes UDP for 65 535. */
  maxMessageBytes: number;
  /** Socket buffer sizes: large, so bursts from load generators are absorbed. */
  socketBufferBytes: number;
  limiter: SourceLimiter;
  logger: Logger;
}

/**
 * SIP over UDP (RFC 3261 §18). Each datagram is one message; the transport
 * does no parsing, it only limits and forwards bytes.
 */
export class UdpTransport extends TypedEmitter<TransportEvents> {
  readonly protocol = 'udp' as const;
  #socket: dgram.Socket | undefined;
  #local: TransportAddress | undefined;
  #isClosed = false;

  constructor(private readonly options: UdpTransportOptions) {
    super(options.logger);
  }

  /** The bound address; valid after listen(). */
  get local(): TransportAddress {
    if (this.#local === undefined) throw new InvalidStateError('UDP transport not listening');
    return this.#local;
  }

  listen(): Promise<TransportAddress> {
    const socket = dgram.createSocket({
      type: isIPv6(this.options.address) ? 'udp6' : 'udp4',
      reuseAddr: false,
      lookup: literalFirstLookup,
      recvBufferSize: this.options.socketBufferBytes,
      sendBufferSize: this.options.socketBufferBytes,
    });
    this.#socket = socket;
    return new Promise((resolve, reject) => {
      const onError = (e: Error): void => reject(e);
      socket.once('error', onError);
      socket.bind(this.options.port, this.options.address, () => {
        socket.off('error', onError);
        socket.on('error', (e) => this.safeEmit('error', e));
        socket.on('message', (data, rinfo) => this.#onMessage(data, rinfo));
        const a = socket.address();
        this.#local = { protocol: 'udp', address: a.address, port: a.port };
        resolve(this.#local);
      });
    });
  }

  #onMessage(data: Buffer, rinfo: dgram.RemoteInfo): void {
    const source: TransportAddress = { protocol: 'udp', address: rinfo.address, port: rinfo.port };
    const verdict = this.options.limiter.check(rinfo.address);
    if (verdict !== 'ok') {
      this.safeEmit('drop', source, verdict, data);
      return;
    }
    if (data.length > this.options.maxMessageBytes) {
      this.safeEmit('drop', source, 'too-large', data);
      return;
    }
    // A datagram of only CRLFs is a keepalive some UAs send over UDP too.
    if (isOnlyCrlf(data)) {
      this.safeEmit('keepalive', source);
      return;
    }
    this.safeEmit('packet', { data, source, local: this.#local!, connectionId: undefined });
  }

  /** Sends one datagram; errors are returned, not thrown (§18.4). */
  send(data: Buffer, target: { address: string; port: number }): Promise<SendResult> {
    const socket = this.#socket;
    if (socket === undefined || this.#isClosed) {
      return Promise.resolve({ ok: false, error: new InvalidStateError('UDP transport closed') });
    }
    return new Promise((resolve) => {
      socket.send(data, target.port, target.address, (error) => {
        resolve(error ? { ok: false, error } : { ok: true });
      });
    });
  }

  async stop(): Promise<void> {
    if (this.#isClosed) return;
    this.#isClosed = true;
    const socket = this.#socket;
    if (socket !== undefined) await new Promise<void>((r) => socket.close(() => r()));
  }
}

/**
 * The socket's lookup: an IP literal is answered at once. Node's default
 * runs every datagram's target through dns.lookup(), which answers even a
 * literal one tick later; SIP targets are already addresses (the resolver
 * applied RFC 3263, responses go to the Via's received/rport), so that
 * was a queued callback per sent message. A name still goes to DNS.
 */
export function literalFirstLookup(
  hostname: string,
  options: LookupOneOptions,
  callback: (error: NodeJS.ErrnoException | null, address: string, family: number) => void,
): void {
  const family = isIP(hostname);
  if (family !== 0) callback(null, hostname, family);
  else dnsLookup(hostname, options, callback);
}

/** True when the buffer holds only CR and LF bytes. */
export function isOnlyCrlf(data: Buffer): boolean {
  if (data.length === 0) return true;
  for (let i = 0; i < data.length; i++) {
    const b = data[i];
    if (b !== 0x0d && b !== 0x0a) return false;
  }
  return true;
}
