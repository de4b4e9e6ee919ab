import type { Clock, Logger, TimerHandle } from '../../core/index.ts';
import { randomToken } from '../../core/index.ts';
import type { ViaSource } from '../dialog/index.ts';
import {
  createRequest,
  formatVia,
  generateBranch,
  generateTag,
  isSipUri,
  type SipResponse,
} from '../message/index.ts';
import type { ClientTransaction, Destination, TransactionLayer } from '../transaction/index.ts';
import type { TargetResolver, TransportProtocol } from '../transport/index.ts';
import { DigestClient } from '../user-agent/index.ts';

/** A registration trunk as the client needs it (spec 01 TRK-2). */
export interface RegistrationTrunk {
  readonly trunkId: number;
  readonly host: string;
  readonly port: number;
  readonly transport: 'udp' | 'tcp' | 'tls';
  readonly username: string;
  readonly password: string;
}

/** Timing of the client; the defaults suit carriers. */
export interface TrunkRegistrationOptions {
  /** The Expires we ask for. */
  readonly expiresSec: number;
  /** Refresh at this share of the granted Expires. */
  readonly refreshRatio: number;
  /** First retry delay after a failure; doubled per failure up to the cap. */
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /** How long shutdown waits for the unREGISTER's response. */
  readonly unregisterTimeoutMs: number;
}

/** The defaults: an hour asked for, refreshed at 80 %, retries 5 s to 5 min. */
export const DEFAULT_TRUNK_REGISTRATION_OPTIONS: TrunkRegistrationOptions = {
  expiresSec: 3600,
  refreshRatio: 0.8,
  retryBaseMs: 5000,
  retryMaxMs: 300_000,
  unregisterTimeoutMs: 2000,
};

/** What a registration needs from the stack. */
export interface TrunkRegistrationDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly transactions: Pick<TransactionLayer, 'sendRequest'>;
  readonly resolver: Pick<TargetResolver, 'resolve'>;
  readonly viaSource: (protocol: TransportProtocol) => ViaSource | undefined;
}

/** Where a trunk's registration stands, for the admin API. */
export interface TrunkRegistrationStatus {
  readonly trunkId: number;
  readonly state: 'registering' | 'registered' | 'failed' | 'stopped';
  /** The Expires the registrar granted, while registered. */
  readonly expiresSec: number | undefined;
  /** Wall-clock ms of the last 2xx. */
  readonly registeredAt: number | undefined;
  readonly lastError: string | undefined;
  readonly failureCount: number;
}

/**
 * Keeps one registration trunk registered with its carrier (RFC 3261
 * §10.2): REGISTER with the trunk's credentials, answering 401/407 once
 * per nonce (§22.2), refreshed before the granted expiry and retried with
 * exponential back-off after a failure. stop() removes the binding.
 */
export class TrunkRegistration {
  private readonly digest: DigestClient;
  private readonly callId = `${randomToken(16)}@switchyard`;
  private readonly fromTag = generateTag();
  private cseq = 0;
  private timer: TimerHandle | undefined;
  private requestedExpiresSec: number;
  private current: TrunkRegistrationStatus;
  private isStopped = false;

  constructor(
    private readonly trunk: RegistrationTrunk,
    private readonly deps: TrunkRegistrationDeps,
    private readonly options: TrunkRegistrationOptions = DEFAULT_TRUNK_REGISTRATION_OPTIONS,
  ) {
    this.digest = new DigestClient({ username: trunk.username, password: trunk.password });
    this.requestedExpiresSec = options.expiresSec;
    this.current = {
      trunkId: trunk.trunkId,
      state: 'registering',
      expiresSec: undefined,
      registeredAt: undefined,
      lastError: undefined,
      failureCount: 0,
    };
  }

  get status(): TrunkRegistrationStatus {
    return this.current;
  }

  start(): void {
    void this.register(this.requestedExpiresSec);
  }

  /**
   * Ends refreshing; when registered, sends REGISTER with Expires 0 to
   * remove the binding (§10.2.2) and resolves on its final response.
   */
  async stop(): Promise<void> {
    if (this.isStopped) return;
    this.isStopped = true;
    this.clearTimer();
    const wasRegistered = this.current.state === 'registered';
    this.current = { ...this.current, state: 'stopped', expiresSec: undefined };
    if (!wasRegistered) return;
    // Timer F would hold shutdown for 64*T1; the binding expires anyway.
    let timer: TimerHandle | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = this.deps.clock.setTimeout(resolve, this.options.unregisterTimeoutMs);
    });
    await Promise.race([this.exchange(0).catch(() => undefined), deadline]);
    if (timer !== undefined) this.deps.clock.clearTimeout(timer);
  }

  private async register(expiresSec: number): Promise<void> {
    let outcome: SipResponse | string;
    try {
      outcome = await this.exchange(expiresSec);
    } catch (error) {
      outcome = error instanceof Error ? error.message : String(error);
    }
    if (this.isStopped) return;
    if (typeof outcome === 'string') return this.fail(outcome);
    if (outcome.status === 423) {
      // §10.3 step 7: Interval Too Brief carries the least we may ask for.
      const minExpires = Number(outcome.getHeader('Min-Expires'));
      if (Number.isInteger(minExpires) && minExpires > this.requestedExpiresSec) {
        this.requestedExpiresSec = minExpires;
        return this.register(minExpires);
      }
    }
    if (outcome.status < 200 || outcome.status >= 300) {
      return this.fail(`${outcome.status} ${outcome.reason}`);
    }
    const granted = grantedExpiresSec(outcome, this.trunk.username, this.requestedExpiresSec);
    this.current = {
      ...this.current,
      state: 'registered',
      expiresSec: granted,
      registeredAt: this.deps.clock.now(),
      lastError: undefined,
      failureCount: 0,
    };
    const refreshMs = Math.max(1000, granted * 1000 * this.options.refreshRatio);
    this.schedule(refreshMs);
  }

  private fail(reason: string): void {
    const failureCount = this.current.failureCount + 1;
    this.current = {
      ...this.current,
      state: 'failed',
      expiresSec: undefined,
      lastError: reason,
      failureCount,
    };
    this.deps.logger.warn({ trunkId: this.trunk.trunkId, reason }, 'trunk registration failed');
    const backoffMs = this.options.retryBaseMs * 2 ** Math.min(failureCount - 1, 20);
    this.schedule(Math.min(this.options.retryMaxMs, backoffMs));
  }

  private schedule(delayMs: number): void {
    this.clearTimer();
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = undefined;
      void this.register(this.requestedExpiresSec);
    }, delayMs);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.deps.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /**
   * One REGISTER and, for a 401/407, one answer to the challenge; resolves
   * with the final response or throws with why there is none.
   */
  private async exchange(expiresSec: number): Promise<SipResponse> {
    const { host, port, transport } = this.trunk;
    const resolved = await this.deps.resolver.resolve({ host, port, transport });
    const destination = resolved[0];
    if (destination === undefined) throw new Error(`no address for ${host}`);
    const via = this.deps.viaSource(destination.protocol);
    if (via === undefined) throw new Error(`no ${destination.protocol} transport`);
    let response = await this.send(destination, via, expiresSec, undefined);
    if (response.status === 401 || response.status === 407) {
      const header = response.status === 401 ? 'WWW-Authenticate' : 'Proxy-Authenticate';
      const challenge = this.digest.handleChallenge(response.getHeaders(header));
      if (!challenge.ok) return response;
      response = await this.send(destination, via, expiresSec, response.status);
    }
    return response;
  }

  private send(
    destination: Destination,
    via: ViaSource,
    expiresSec: number,
    challengedBy: 401 | 407 | undefined,
  ): Promise<SipResponse> {
    const { host, username } = this.trunk;
    const requestUri = `sip:${host}`;
    const aor = `<sip:${username}@${host}>`;
    const headers: Array<[string, string]> = [['Expires', String(expiresSec)]];
    const credentials = this.digest.authorize({ method: 'REGISTER', uri: requestUri });
    if (credentials !== undefined) {
      headers.push([challengedBy === 407 ? 'Proxy-Authorization' : 'Authorization', credentials]);
    }
    this.cseq++;
    const request = createRequest({
      method: 'REGISTER',
      requestUri,
      via: formatVia({ ...via, branch: generateBranch(), rport: true }),
      from: `${aor};tag=${this.fromTag}`,
      to: aor,
      // §10.2: the same Call-ID for every REGISTER to this registrar, and a
      // CSeq one higher each time.
      callId: this.callId,
      cseq: this.cseq,
      contact: `<sip:${username}@${via.host}:${via.port};transport=${via.transport.toLowerCase()}>`,
      headers,
    });
    return awaitFinal(this.deps.transactions.sendRequest(request, destination));
  }
}

/** The final response of a client transaction; a timeout or send error throws. */
function awaitFinal(tx: ClientTransaction): Promise<SipResponse> {
  return new Promise((resolve, reject) => {
    tx.on('response', (response) => {
      if (response.status >= 200) resolve(response);
    });
    // §8.1.3.1: a timeout is treated as 408 and a transport error as 503.
    tx.on('timeout', () => reject(new Error('408 Request Timeout')));
    tx.on('transportError', (error) => reject(new Error(`503 ${error.message}`)));
  });
}

/**
 * §10.2.4: the expiry of our binding is the expires parameter of our
 * Contact among those the registrar lists, else the Expires header, else
 * what we asked for.
 */
function grantedExpiresSec(response: SipResponse, user: string, requestedSec: number): number {
  const list = response.contacts();
  const contacts = list === undefined || list.isWildcard ? [] : list.contacts;
  const ours = contacts.find((c) => isSipUri(c.uri) && c.uri.user === user) ?? contacts[0];
  const value = ours?.expires ?? response.expires() ?? requestedSec;
  return value > 0 ? value : requestedSec;
}
