import dgram from 'node:dgram';
import { MetricsRegistry, silentLogger, systemClock } from '../../core/index.ts';
import { Dialog } from '../../signaling/dialog/index.ts';
import {
  createRequest,
  createResponse,
  formatVia,
  generateBranch,
  generateTag,
  serializeSipMessage,
  type SipRequest,
  type SipResponse,
} from '../../signaling/message/index.ts';
import type { InviteServerTransaction } from '../../signaling/transaction/index.ts';
import {
  DEFAULT_TIMERS,
  TransactionLayer,
  type ServerTransaction,
} from '../../signaling/transaction/index.ts';
import { RejectLog } from '../../signaling/transport/index.ts';
import { DigestClient } from '../../signaling/user-agent/index.ts';

/** A request the phone received, with its server transaction. */
export interface Incoming {
  readonly request: SipRequest;
  readonly tx: ServerTransaction;
}

/** An outgoing INVITE: every response, and the dialog once answered. */
export interface OutgoingCall {
  invite: SipRequest;
  readonly responses: SipResponse[];
  readonly final: Promise<SipResponse>;
  dialog: Dialog | undefined;
}

/** A minimal SDP with a direction attribute (RFC 3264 §5.1). */
export function sdp(address: string, port: number, direction = 'sendrecv'): string {
  return [
    'v=0',
    `o=- 1 1 IN IP4 ${address}`,
    's=-',
    `c=IN IP4 ${address}`,
    't=0 0',
    `m=audio ${port} RTP/AVP 0`,
    'a=rtpmap:0 PCMU/8000',
    `a=${direction}`,
    '',
  ].join('\r\n');
}

/** An offer or answer with PCMU and RFC 4733 events (RFC 4733 §7.1.1). */
export function sdpWithEvents(address: string, port: number): string {
  return sdp(address, port)
    .replace('RTP/AVP 0', 'RTP/AVP 0 101')
    .replace(
      'a=rtpmap:0 PCMU/8000',
      'a=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16',
    );
}

/**
 * A scripted SIP phone on a real UDP socket, built on the project's own
 * transaction layer so that retransmissions and non-2xx ACKs are right,
 * while the test decides every response.
 */
export class SipPhone {
  readonly incoming: Incoming[] = [];
  readonly acks: SipRequest[] = [];
  private readonly socket = dgram.createSocket('udp4');
  private readonly tl: TransactionLayer;
  private readonly waiters: Array<() => void> = [];
  private readonly digest: DigestClient;
  private seq = 1;
  /**
   * Out-of-dialog OPTIONS are answered 200 at once, as phones do; false
   * hands them to the test like any request (a phone gone silent, a
   * carrier the test scripts).
   */
  answersOptions = true;

  constructor(
    readonly address: string,
    readonly user: string,
    password: string,
    private readonly switchAddress: string,
    readonly domain = 'demo.local',
    /** UDP ports of the phone and the switch; both 5060 unless given. */
    private readonly ports: { readonly port?: number; readonly switchPort?: number } = {},
  ) {
    this.digest = new DigestClient({ username: user, password });
    this.tl = new TransactionLayer(
      {
        clock: systemClock,
        timers: DEFAULT_TIMERS,
        logger: silentLogger(),
        transport: {
          send: (m, d) =>
            new Promise((resolve) =>
              this.socket.send(serializeSipMessage(m), d.port, d.address, (e) =>
                resolve(e ? { ok: false, error: e } : { ok: true }),
              ),
            ),
        },
      },
      new RejectLog(systemClock, new MetricsRegistry()),
      {
        allowedMethods: () => [
          'INVITE',
          'ACK',
          'BYE',
          'CANCEL',
          'OPTIONS',
          'NOTIFY',
          'PRACK',
          'INFO',
        ],
        supportedOptionTags: [],
        maxServerTransactions: 1000,
      },
    );
    this.tl.on('request', (request, tx) => {
      // RFC 3261 §11.2: a phone answers OPTIONS (the switch's qualify, D86).
      if (request.method === 'OPTIONS' && request.toTag() === undefined && this.answersOptions) {
        tx.respond(createResponse(request, 200));
        return;
      }
      this.push(() => this.incoming.push({ request, tx }));
    });
    this.tl.on('ack', (ack) => this.push(() => this.acks.push(ack)));
    this.socket.on('message', (data, rinfo) =>
      this.tl.receive({
        data,
        source: { protocol: 'udp', address: rinfo.address, port: rinfo.port },
        local: { protocol: 'udp', address, port: ports.port ?? 5060 },
        connectionId: undefined,
      }),
    );
  }

  get contact(): string {
    return `<sip:${this.user}@${this.address}:${this.ports.port ?? 5060}>`;
  }

  start(): Promise<void> {
    return new Promise((r) => this.socket.bind(this.ports.port ?? 5060, this.address, () => r()));
  }

  stop(): void {
    this.tl.stop();
    this.socket.close();
  }

  /** REGISTERs with digest; resolves to the final status. */
  async register(expires = 600): Promise<number> {
    const build = () =>
      this.request('REGISTER', `sip:${this.domain}`, `<sip:${this.user}@${this.domain}>`, {
        headers: [['Expires', String(expires)]],
      });
    let response = await this.send(build());
    if (response.status === 401) {
      this.digest.handleChallenge(response.getHeaders('WWW-Authenticate'));
      const retry = build();
      retry.addHeader(
        'Authorization',
        this.digest.authorize({ method: 'REGISTER', uri: `sip:${this.domain}` })!,
      );
      response = await this.send(retry);
    }
    return response.status;
  }

  /**
   * SUBSCRIBEs to `event` of `number` (RFC 6665) with digest; resolves to
   * the final response and, on 2xx, the subscription's dialog.
   */
  async subscribe(
    number: string,
    event: string,
    expires = 600,
  ): Promise<{ response: SipResponse; dialog: Dialog | undefined }> {
    const uri = `sip:${number}@${this.domain}`;
    const fromTag = generateTag();
    const callId = `${generateTag()}@${this.address}`;
    const build = (cseq: number) =>
      this.request('SUBSCRIBE', uri, `<${uri}>`, {
        fromTag,
        callId,
        cseq,
        headers: [
          ['Event', event],
          ['Expires', String(expires)],
          ['Accept', 'application/dialog-info+xml'],
        ],
      });
    let request = build(1);
    let response = await this.send(request);
    if (response.status === 401) {
      this.digest.handleChallenge(response.getHeaders('WWW-Authenticate'));
      request = build(2);
      request.addHeader('Authorization', this.digest.authorize({ method: 'SUBSCRIBE', uri })!);
      response = await this.send(request);
    }
    const dialog = response.status < 300 ? Dialog.asUac(request, response) : undefined;
    return { response, dialog };
  }

  /**
   * Calls `number`: answers a 401 with digest unless `isAuthenticated` is
   * false, and ACKs a 2xx.
   */
  call(
    number: string,
    body: string,
    opts: {
      isAuthenticated?: boolean;
      maxForwards?: number;
      headers?: Array<[string, string]>;
      /** The Request-URI's user when it is not `number` (a carrier calling a registered contact). */
      requestUser?: string;
    } = {},
  ): OutgoingCall {
    const uri = `sip:${opts.requestUser ?? number}@${this.domain}`;
    const fromTag = generateTag();
    const callId = `${generateTag()}@${this.address}`;
    const build = (cseq: number) =>
      this.request('INVITE', uri, `<sip:${number}@${this.domain}>`, {
        fromTag,
        callId,
        cseq,
        body,
        maxForwards: opts.maxForwards,
        headers: opts.headers,
      });
    const call: OutgoingCall = {
      invite: build(1),
      responses: [],
      dialog: undefined,
      final: undefined as unknown as Promise<SipResponse>,
    };
    (call as { final: Promise<SipResponse> }).final = new Promise((resolve) => {
      const run = (invite: SipRequest, isRetry: boolean) => {
        call.invite = invite;
        const tx = this.tl.sendRequest(invite, this.server);
        tx.on('response', (r) => {
          call.responses.push(r);
          if (r.status < 200) return;
          if (r.status === 401 && !isRetry && opts.isAuthenticated !== false) {
            this.digest.handleChallenge(r.getHeaders('WWW-Authenticate'));
            const retry = build(2);
            retry.addHeader('Authorization', this.digest.authorize({ method: 'INVITE', uri })!);
            run(retry, true);
            return;
          }
          if (r.status < 300) {
            call.dialog ??= Dialog.asUac(invite, r);
            const ack = call.dialog!.createRequest('ACK', this.viaSource, {
              cseq: invite.cseq()!.seq,
            });
            this.tl.sendStateless(ack, this.server);
          }
          resolve(r);
        });
        tx.once('timeout', () => resolve(createResponse(invite, 408)));
      };
      run(call.invite, false);
    });
    return call;
  }

  /** Sends CANCEL for the call's current INVITE (§9.1). */
  cancel(call: OutgoingCall): Promise<SipResponse> {
    const inv = call.invite;
    const cancel = createRequest({
      method: 'CANCEL',
      requestUri: inv.requestUri,
      via: inv.getHeaderValues('Via')[0],
      from: inv.getHeader('From')!,
      to: inv.getHeader('To')!,
      callId: inv.callId()!,
      cseq: inv.cseq()!.seq,
    });
    return this.send(cancel);
  }

  /** Sends a request in a dialog and resolves to its final response (ACKing a 2xx). */
  async inDialog(
    dialog: Dialog,
    method: string,
    body?: string,
    contentType = 'application/sdp',
  ): Promise<SipResponse> {
    const request = dialog.createRequest(method, this.viaSource, {
      contact: this.contact,
      body,
      contentType: body === undefined ? undefined : contentType,
    });
    const response = await this.send(request);
    if (method === 'INVITE' && response.status >= 200 && response.status < 300) {
      const ack = dialog.createRequest('ACK', this.viaSource, { cseq: request.cseq()!.seq });
      this.tl.sendStateless(ack, this.server);
    }
    return response;
  }

  /** Sends REFER in a dialog (RFC 3515 §2.4.1) and resolves to its final response. */
  refer(dialog: Dialog, referTo: string): Promise<SipResponse> {
    const request = dialog.createRequest('REFER', this.viaSource, {
      contact: this.contact,
      headers: [['Refer-To', referTo]],
    });
    return this.send(request);
  }

  /** Waits for the next request of `method` not yet taken. */
  async next(method: string, timeoutMs = 3000): Promise<Incoming> {
    const found = await this.waitFor(() => {
      const i = this.incoming.findIndex((x) => x.request.method === method);
      return i < 0 ? undefined : this.incoming.splice(i, 1)[0];
    }, timeoutMs);
    if (found === undefined) throw new Error(`${this.user}: no ${method} within ${timeoutMs} ms`);
    return found;
  }

  /** Answers an incoming INVITE: returns the UAS dialog. */
  answer(inc: Incoming, body: string, status = 200, tag = generateTag()): Dialog | undefined {
    const response = createResponse(inc.request, status, {
      toTag: tag,
      headers: status < 300 ? [['Contact', this.contact]] : [],
      body: status < 300 ? body : undefined,
      contentType: status < 300 ? 'application/sdp' : undefined,
    });
    (inc.tx as InviteServerTransaction).respond(response);
    return status >= 200 && status < 300 ? Dialog.asUas(inc.request, tag, 'confirmed') : undefined;
  }

  /** Sends a reliable provisional response (RFC 3262 §3) with `rseq`. */
  reliable(inc: Incoming, status: number, toTag: string, rseq: number): void {
    const response = createResponse(inc.request, status, {
      toTag,
      headers: [
        ['Contact', this.contact],
        ['Require', '100rel'],
        ['RSeq', String(rseq)],
      ],
    });
    inc.tx.respond(response);
  }

  /** Responds to any incoming request. */
  respond(inc: Incoming, status: number, toTag?: string): void {
    inc.tx.respond(createResponse(inc.request, status, { toTag }));
  }

  /** Polls `probe` until it gives a value or the time is up. */
  async waitFor<T>(probe: () => T | undefined, timeoutMs = 3000): Promise<T | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = probe();
      if (v !== undefined) return v;
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      await new Promise<void>((r) => {
        const t = setTimeout(r, Math.min(left, 50));
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  private get server() {
    const port = this.ports.switchPort ?? 5060;
    return { protocol: 'udp' as const, address: this.switchAddress, port };
  }

  private get viaSource() {
    return { transport: 'UDP', host: this.address, port: this.ports.port ?? 5060 };
  }

  private push(fn: () => void): void {
    fn();
    for (const w of this.waiters.splice(0)) w();
  }

  private request(
    method: string,
    uri: string,
    to: string,
    o: {
      fromTag?: string;
      callId?: string;
      cseq?: number;
      body?: string;
      maxForwards?: number;
      headers?: Array<[string, string]>;
    } = {},
  ): SipRequest {
    return createRequest({
      method,
      requestUri: uri,
      via: formatVia({ ...this.viaSource, branch: generateBranch(), rport: true }),
      from: `<sip:${this.user}@${this.domain}>;tag=${o.fromTag ?? generateTag()}`,
      to,
      callId: o.callId ?? `${generateTag()}@${this.address}`,
      cseq: o.cseq ?? this.seq++,
      maxForwards: o.maxForwards,
      contact: this.contact,
      headers: o.headers,
      body: o.body,
      contentType: o.body === undefined ? undefined : 'application/sdp',
    });
  }

  private send(request: SipRequest): Promise<SipResponse> {
    return new Promise((resolve) => {
      const tx = this.tl.sendRequest(request, this.server);
      tx.on('response', (r) => r.status >= 200 && resolve(r));
      tx.once('timeout', () => resolve(createResponse(request, 408)));
    });
  }
}
