import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import type tls from 'node:tls';
import { WebSocketServer, type WebSocket } from 'ws';
import { InvalidStateError, TypedEmitter, type Logger } from '../../core/index.ts';
import type { SourceLimiter } from './source-limiter.ts';
import type { SendResult, TransportAddress, TransportEvents } from './transport-types.ts';

/** Options of a SIP-over-WebSocket listener. */
export interface WsTransportOptions {
  protocol: 'ws' | 'wss';
  address: string;
  port: number;
  maxMessageBytes: number;
  limiter: SourceLimiter;
  logger: Logger;
  tlsOptions?: tls.SecureContextOptions;
}

interface WsConnection {
  id: string;
  socket: WebSocket;
  remote: TransportAddress;
}

let nextWsNumber = 1;

/**
 * SIP over WebSocket (RFC 7118). Each WebSocket message carries exactly one
 * SIP message (§5.2), so no Content-Length framing is needed. The server
 * only accepts the `sip` subprotocol (§4.1). Browsers cannot accept
 * connections, so responses and requests always go back on the connection
 * the client opened.
 */
export class WsTransport extends TypedEmitter<TransportEvents> {
  readonly protocol: 'ws' | 'wss';
  readonly #connections = new Map<string, WsConnection>();
  #server: http.Server | https.Server | undefined;
  #wss: WebSocketServer | undefined;
  #local: TransportAddress | undefined;
  #isClosed = false;

  constructor(private readonly options: WsTransportOptions) {
    super(options.logger);
    this.protocol = options.protocol;
  }

  get local(): TransportAddress {
    if (this.#local === undefined) throw new InvalidStateError(`${this.protocol} not listening`);
    return this.#local;
  }

  get connectionCount(): number {
    return this.#connections.size;
  }

  listen(): Promise<TransportAddress> {
    const server =
      this.protocol === 'wss'
        ? https.createServer({ ...this.options.tlsOptions })
        : http.createServer();
    server.on('request', (_req, res) => {
      res.writeHead(426, { Connection: 'close', Upgrade: 'websocket' }).end();
    });
    const wss = new WebSocketServer({
      server,
      maxPayload: this.options.maxMessageBytes,
      handleProtocols: (protocols) => (protocols.has('sip') ? 'sip' : false),
      verifyClient: (info, done) => {
        const ip = info.req.socket.remoteAddress ?? '';
        const offered = String(info.req.headers['sec-websocket-protocol'] ?? '');
        if (!offered.split(',').some((p) => p.trim() === 'sip')) return done(false, 400);
        if (this.#isClosed || !this.options.limiter.openConnection(ip)) return done(false, 503);
        done(true);
      },
    });
    wss.on('connection', (socket, req) => this.#accept(socket, req.socket));
    this.#server = server;
    this.#wss = wss;
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

  setSecureContext(options: tls.SecureContextOptions): void {
    if (this.#server instanceof https.Server) this.#server.setSecureContext(options);
  }

  #accept(socket: WebSocket, raw: net.Socket): void {
    const remote: TransportAddress = {
      protocol: this.protocol,
      address: raw.remoteAddress ?? '',
      port: raw.remotePort ?? 0,
    };
    const id = `${this.protocol}-${nextWsNumber++}`;
    this.#connections.set(id, { id, socket, remote });
    socket.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
      const buf = Buffer.isBuffer(data)
        ? data
        : Array.isArray(data)
          ? Buffer.concat(data)
          : Buffer.from(data);
      const verdict = this.options.limiter.check(remote.address);
      if (verdict !== 'ok') {
        this.safeEmit('drop', remote, verdict, buf);
        if (verdict === 'banned') socket.terminate();
        return;
      }
      this.safeEmit('packet', { data: buf, source: remote, local: this.#local!, connectionId: id });
    });
    socket.on('error', () => socket.terminate());
    socket.on('close', () => {
      this.#connections.delete(id);
      this.options.limiter.closeConnection(remote.address);
    });
  }

  /** Sends on the connection the peer opened; there is no other way to reach it. */
  send(
    data: Buffer,
    target: { address: string; port: number },
    connectionId?: string,
  ): Promise<SendResult> {
    let conn = connectionId === undefined ? undefined : this.#connections.get(connectionId);
    if (conn === undefined) {
      for (const c of this.#connections.values()) {
        if (c.remote.address === target.address && c.remote.port === target.port) conn = c;
      }
    }
    if (conn === undefined || this.#isClosed) {
      return Promise.resolve({
        ok: false,
        error: new InvalidStateError(
          `no ${this.protocol} connection to ${target.address}:${target.port}`,
        ),
      });
    }
    const socket = conn.socket;
    return new Promise((resolve) => {
      socket.send(data, { binary: false }, (error) =>
        resolve(error ? { ok: false, error } : { ok: true }),
      );
    });
  }

  async stop(): Promise<void> {
    if (this.#isClosed) return;
    this.#isClosed = true;
    for (const c of this.#connections.values()) c.socket.terminate();
    const wss = this.#wss;
    if (wss !== undefined) await new Promise<void>((r) => wss.close(() => r()));
    const server = this.#server;
    if (server !== undefined) await new Promise<void>((r) => server.close(() => r()));
  }
}
