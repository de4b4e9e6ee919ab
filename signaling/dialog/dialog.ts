import {
  createRequest,
  formatVia,
  generateBranch,
  serializeNameAddr,
  type NameAddr,
  type SipRequest,
  type SipResponse,
} from '../message/index.ts';

/** Dialog states of RFC 3261 §12 (early after a 1xx with tag, confirmed after 2xx). */
export type DialogState = 'early' | 'confirmed' | 'terminated';

/** Which side of the dialog we are. */
export type DialogRole = 'uac' | 'uas';

/** Where in-dialog requests are sent from: our transport and sent-by for Via. */
export interface ViaSource {
  transport: string;
  host: string;
  port: number;
}

/** The dialog key: Call-ID, local tag and remote tag (§12). */
export function dialogKey(callId: string, localTag: string, remoteTag: string): string {
  return `${callId}\x00${localTag}\x00${remoteTag}`;
}

function contactTarget(message: SipRequest | SipResponse): string | undefined {
  const contacts = message.contacts();
  if (contacts === undefined || contacts.isWildcard) return undefined;
  const first = contacts.contacts[0];
  return first === undefined
    ? undefined
    : serializeNameAddr({ displayName: undefined, uri: first.uri, params: new Map() }).replace(
        /^<|>$/g,
        '',
      );
}

function withTag(na: NameAddr, tag: string): string {
  const params = new Map(na.params);
  params.set('tag', tag);
  return serializeNameAddr({ ...na, params });
}

/**
 * The state of one dialog (RFC 3261 §12): identifiers, sequence numbers,
 * remote target and route set, and how to build requests within it
 * (§12.2.1.1) and check those received (§12.2.2).
 */
export class Dialog {
  state: DialogState;
  /** Our CSeq: the last one we used (§12.2.1.1 increments it). */
  localSeq: number;
  /** The peer's last CSeq; undefined until it sends one (§12.1.2). */
  remoteSeq: number | undefined;
  /** Where requests go: the peer's Contact, refreshed by target refresh requests. */
  remoteTarget: string;
  /** Route headers for our requests, in the order they are sent. */
  readonly routeSet: readonly string[];

  private constructor(
    readonly role: DialogRole,
    readonly callId: string,
    readonly localTag: string,
    readonly remoteTag: string,
    /** From (UAC) or To (UAS), without tag. */
    private readonly local: NameAddr,
    private readonly remote: NameAddr,
    init: {
      state: DialogState;
      localSeq: number;
      remoteSeq: number | undefined;
      remoteTarget: string;
      routeSet: string[];
    },
  ) {
    this.state = init.state;
    this.localSeq = init.localSeq;
    this.remoteSeq = init.remoteSeq;
    this.remoteTarget = init.remoteTarget;
    this.routeSet = init.routeSet;
  }

  get key(): string {
    return dialogKey(this.callId, this.localTag, this.remoteTag);
  }

  /**
   * The UAC side, from the request we sent and a 1xx with To tag or a 2xx
   * (§12.1.2): route set from Record-Route in reverse, remote target from
   * Contact, local sequence from the request's CSeq.
   */
  static asUac(request: SipRequest, response: SipResponse): Dialog | undefined {
    const from = request.from();
    const to = response.to();
    const localTag = request.fromTag();
    const remoteTag = response.toTag();
    const callId = request.callId();
    if (
      from === undefined ||
      to === undefined ||
      localTag === undefined ||
      remoteTag === undefined ||
      callId === undefined
    )
      return undefined;
    const routeSet = response.getHeaderValues('Record-Route').reverse();
    return new Dialog('uac', callId, localTag, remoteTag, from, to, {
      state: response.status < 200 ? 'early' : 'confirmed',
      localSeq: request.cseq()?.seq ?? 1,
      remoteSeq: undefined,
      remoteTarget: contactTarget(response) ?? request.requestUri,
      routeSet,
    });
  }

  /**
   * The UAS side, from the request and the tag we put in To (§12.1.1): route
   * set from Record-Route in order, remote sequence from the request's CSeq.
   */
  static asUas(
    request: SipRequest,
    localTag: string,
    state: DialogState = 'early',
  ): Dialog | undefined {
    const to = request.to();
    const from = request.from();
    const remoteTag = request.fromTag();
    const callId = request.callId();
    const target = contactTarget(request);
    if (
      to === undefined ||
      from === undefined ||
      remoteTag === undefined ||
      callId === undefined ||
      target === undefined
    )
      return undefined;
    return new Dialog('uas', callId, localTag, remoteTag, to, from, {
      state,
      localSeq: 0,
      remoteSeq: request.cseq()?.seq,
      remoteTarget: target,
      routeSet: request.getHeaderValues('Record-Route'),
    });
  }

  /** The local party as it appears in our requests, with our tag. */
  get localHeader(): string {
    return withTag(this.local, this.localTag);
  }

  /** The remote party as it appears in our requests, with its tag. */
  get remoteHeader(): string {
    return withTag(this.remote, this.remoteTag);
  }

  /**
   * A new request within the dialog (§12.2.1.1). ACK and CANCEL reuse the
   * CSeq number given; others take the next local sequence number.
   */
  createRequest(
    method: string,
    via: ViaSource,
    opts: {
      cseq?: number;
      contact?: string;
      headers?: Array<[string, string]>;
      body?: Buffer | string;
      contentType?: string;
    } = {},
  ): SipRequest {
    const cseq = opts.cseq ?? ++this.localSeq;
    const headers: Array<[string, string]> = this.routeSet.map((r) => ['Route', r]);
    headers.push(...(opts.headers ?? []));
    return createRequest({
      method,
      requestUri: this.remoteTarget,
      via: formatVia({
        transport: via.transport,
        host: via.host,
        port: via.port,
        branch: generateBranch(),
        rport: true,
      }),
      from: this.localHeader,
      to: this.remoteHeader,
      callId: this.callId,
      cseq,
      contact: opts.contact,
      headers,
      body: opts.body,
      contentType: opts.contentType,
    });
  }

  /**
   * Checks a request received in the dialog (§12.2.2): a CSeq lower than
   * the last one is out of order (answer 500); a target refresh request
   * (re-INVITE, UPDATE) updates the remote target from its Contact.
   */
  receiveRequest(request: SipRequest): 'ok' | 'out-of-order' {
    const seq = request.cseq()?.seq;
    if (seq === undefined) return 'out-of-order';
    if (request.method !== 'ACK' && request.method !== 'CANCEL') {
      if (this.remoteSeq !== undefined && seq <= this.remoteSeq) return 'out-of-order';
      this.remoteSeq = seq;
    }
    if (request.method === 'INVITE' || request.method === 'UPDATE') {
      this.remoteTarget = contactTarget(request) ?? this.remoteTarget;
    }
    return 'ok';
  }

  /** A 2xx to our INVITE or re-INVITE confirms the dialog and refreshes the target (§12.2.1.2). */
  receiveResponse(response: SipResponse): void {
    if (response.status >= 200 && response.status < 300) {
      this.state = 'confirmed';
      this.remoteTarget = contactTarget(response) ?? this.remoteTarget;
    }
  }

  terminate(): void {
    this.state = 'terminated';
  }
}
