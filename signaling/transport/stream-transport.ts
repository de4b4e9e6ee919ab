import net from 'node:net';
import tls from 'node:tls';
import { InvalidStateError, TypedEmitter, type Logger } from '../../core/index.ts';
import { SipStreamFramer } from '../message/index.ts';
import type { SourceLimiter } from './source-limiter.ts';
import {
  addressKey,
  type SendResult,
  type TransportAddress,
  type TransportEvents,
} from './transport-types.ts';

/** Options of a TCP or TLS listener. */
export interface StreamTransportOptions {
  protocol: 'tcp' | 'tls';
  address: string;
  port: number;
  limiter: SourceLimiter;
  logger: Logger;
  /** Largest message accepted on a stream; a bigger one closes it. */
  maxMessageBytes: number;
  /** A connection with no traffic for this long is closed. */
  idleTimeoutMs: number;
  /** For TLS: the certificate and key (PEM); replaced by setSecureContext(). */
  tlsOptions?: tls.SecureContextOptions;
  /** For outbound TLS: check the peer's certificate (default true). */
  verifyTlsPeer?: boolean;
}

interface Connection {
  id: string;
  socket: net.Socket;
  remote: TransportAddress;
}

let nextConnectionNumber = 1;

/**
 * SIP over TCP or TLS (RFC 3261 §18.3, §26.2): one server socket, a pool of
 * connections keyed by remote address so that responses and in-dialog
 * requests reuse the connection the peer opened (§18.2.2).
 */
export class StreamTransport extends TypedEmitter<TransportEvents> {
  readonly protocol: 'tcp' | 'tls';
  readonly #byId = new Map<string, Connection>();
  readonly #byRemote = new Map<string, Connection>();
  #server: net.Server | undefined;
  #local: TransportAddress | undefined;
  #isClosed = false;

  constructor(private readonly options: StreamTransportOptions) {
    super(options.logger);
    this.protocol = options.protocol;
  }

  get local(): TransportAddress {
    if (this.#local === undefined) throw new InvalidStateError(`${this.protocol} not listening`);
    return this.#local;
  }

  /** Number of open connections. */
  get connectionCount(): number {
    return this.#byId.size;
  }

  listen(): Promise<TransportAddress> {
    const onSocket = (socket: net.Socket): void => this.#accept(socket);
    const server =
      this.protocol === 'tls'
        ? tls.createServer({ ...this.options.tlsOptions }, onSocket)
        : net.createServer(onSocket);
    this.#server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.address, () => {
        server.off('error', reject);
        server.on('error', (e) => this.safeEmit('error', e));
        const a = server.address() as net.AddressInfo;
        this.#local = { protocol: this.protocol, address: a.address, port: a.port };
        resolve(this.#local);
      });
    });
  }

  /** Replaces the TLS certificate and key for new connections (no restart). */
  setSecureContext(options: tls.SecureContextOptions): void {
    if (this.#server instanceof tls.Server) this.#server.setSecureContext(options);
  }

  #accept(socket: net.Socket): void {
    const ip = socket.remoteAddress ?? '';
    const remote: TransportAddress = {
      protocol: this.protocol,
      address: ip,
      port: socket.remotePort ?? 0,
    };
    if (this.#isClosed || !this.options.limiter.openConnection(ip)) {
      this.safeEmit('drop', remote, 'too-many-connections', Buffer.alloc(0));
      socket.destroy();
      return;
    }
    this.#register(socket, remote, true);
  }

  #register(socket: net.Socket, remote: TransportAddress, isCounted: boolean): Connection {
    const id = `${this.protocol}-${nextConnectionNumber++}`;
    const conn: Connection = { id, socket, remote };
    this.#byId.set(id, conn);
    this.#byRemote.set(addressKey(remote), conn);
    socket.setNoDelay(true);
    socket.setTimeout(this.options.idleTimeoutMs, () => socket.end());
    const framer = new SipStreamFramer({ maxMessageBytes: this.options.maxMessageBytes });
    const onData = (chunk: Buffer): void => {
      for (const event of framer.push(chunk)) {
        if (event.type === 'message') {
          const verdict = this.options.limiter.check(remote.address);
          if (verdict === 'banned') {
            this.safeEmit('drop', remote, verdict, event.data);
            socket.destroy();
            return;
          }
          if (verdict !== 'ok') {
            this.safeEmit('drop', remote, verdict, event.data);
            continue;
          }
          this.safeEmit('packet', {
            data: event.data,
            source: remote,
            local: this.#local!,
            connectionId: id,
          });
        } else if (event.type === 'ping') {
          socket.write('\r\n');
          this.safeEmit('keepalive', remote);
        } else if (event.type === 'error') {
          // A stream that lost framing cannot be resynchronised: close it.
          const isTooLarge = event.error.code.includes('TOO_LARGE');
          this.safeEmit('drop', remote, isTooLarge ? 'too-large' : 'framing', Buffer.alloc(0));
          socket.destroy();
          return;
        }
      }
    };
    socket.on('data', onData);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      this.#byId.delete(id);
      if (this.#byRemote.get(addressKey(remote)) === conn)
        this.#byRemote.delete(addressKey(remote));
      if (isCounted) this.options.limiter.closeConnection(remote.address);
    });
    return conn;
  }

  /**
   * Sends on the given connection, else on any connection to the target,
   * else on a new outbound connection (RFC 3261 §18.1.1, §18.2.2).
   */
  async send(
    data: Buffer,
    target: { address: string; port: number },
    connectionId?: string,
  ): Promise<SendResult> {
    if (this.#isClosed) return { ok: false, error: new InvalidStateError('transport closed') };
    let conn = connectionId === undefined ? undefined : this.#byId.get(connectionId);
    conn ??= this.#byRemote.get(addressKey(target));
    if (conn === undefined) {
      try {
        conn = await this.#connect(target);
      } catch (error) {
        return { ok: false, error: error as Error };
      }
    }
    const socket = conn.socket;
    return new Promise((resolve) => {
      socket.write(data, (error) => resolve(error ? { ok: false, error } : { ok: true }));
    });
  }

  #connect(target: { address: string; port: number }): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const socket =
        this.protocol === 'tls'
          ? tls.connect({
              host: target.address,
              port: target.port,
              rejectUnauthorized: this.options.verifyTlsPeer ?? true,
            })
          : net.connect({ host: target.address, port: target.port });
      const event = this.protocol === 'tls' ? 'secureConnect' : 'connect';
      socket.once('error', reject);
      socket.once(event, () => {
        socket.off('error', reject);
        resolve(this.#register(socket, { protocol: this.protocol, ...target }, false));
      });
    });
  }

  async stop(): Promise<void> {
    if (this.#isClosed) return;
    this.#isClosed = true;
    for (const conn of this.#byId.values()) conn.socket.destroy();
    const server = this.#server;
    if (server !== undefined) await new Promise<void>((r) => server.close(() => r()));
  }
}
