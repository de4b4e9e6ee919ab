import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock, DigestAlgorithm } from '../../../core/index.ts';
import { ValidationError, systemClock } from '../../../core/index.ts';
import { serializeChallenge } from './digest-challenge.ts';
import type { DigestCredentials } from './digest-credentials.ts';
import { parseDigestCredentials } from './digest-credentials.ts';
import { DigestNonceCodec } from './digest-nonce.ts';
import type { DigestQop } from './digest-response.ts';
import { computeDigestResponse, digestHexLength, toDigestAlgorithm } from './digest-response.ts';
import type { DigestFailureReason, DigestVerifyResult } from './digest-verify-result.ts';
import { NonceCountTracker } from './nonce-count-tracker.ts';

/** Options of DigestServer. */
export interface DigestServerOptions {
  readonly clock?: Clock;
  /**
   * The nonce HMAC key, at least 32 bytes. Give every worker the same one so
   * that any of them accepts the nonces of the others; random when absent.
   */
  readonly secret?: Uint8Array;
  /** How long a nonce stays fresh; 300 000 ms by default. */
  readonly nonceLifetimeMs?: number;
  /** Bound of the nonce-count map; 10 000 by default. */
  readonly maxTrackedNonces?: number;
  /** Algorithms we challenge with and accept; SHA-256 and MD5 by default. */
  readonly algorithms?: readonly DigestAlgorithm[];
  /** qop-options offered; ['auth'] by default. */
  readonly qop?: readonly DigestQop[];
  /** Accept the RFC 2069 form without qop, nc or cnonce; false by default. */
  readonly isRfc2069Allowed?: boolean;
}

/** What DigestServer.challenge() builds. */
export interface DigestChallengeRequest {
  readonly realm: string;
  /** Set after verify() returned 'stale' (RFC 7616 §3.3). */
  readonly stale?: boolean;
  /** A subset of the server's algorithms; all of them when absent. */
  readonly algorithms?: readonly DigestAlgorithm[];
  readonly opaque?: string;
}

/** Looks up the stored HA1 (hex) of a user, or undefined when there is none. */
export type Ha1Lookup = (
  username: string,
  realm: string,
  algorithm: DigestAlgorithm,
) => string | undefined;

/** A request to check. */
export interface DigestVerifyRequest {
  readonly method: string;
  /** The realm the request must authenticate in (the domain served). */
  readonly realm: string;
  /** The Authorization or Proxy-Authorization value, raw or parsed. */
  readonly credentials: DigestCredentials | string;
  /**
   * Synchronous by design: a store that answers asynchronously is queried
   * beforehand with the parsed credentials and wrapped in a closure.
   */
  readonly ha1: Ha1Lookup;
  /** When given, the digest-uri must equal it (RFC 2617 §3.2.2.5). */
  readonly requestUri?: string;
  /** The body, needed only when qop=auth-int is offered. */
  readonly entityBody?: string | Uint8Array;
}

const HEX = /^[0-9a-fA-F]+$/;
const FAILURES = Object.fromEntries(
  (
    [
      'unknown-user',
      'bad-response',
      'stale',
      'replay',
      'bad-realm',
      'malformed',
      'bad-uri',
    ] as const
  ).map((reason) => [reason, Object.freeze({ ok: false as const, reason })]),
) as Record<DigestFailureReason, DigestVerifyResult>;

/**
 * The UAS and proxy side of Digest authentication (RFC 3261 §22.4,
 * RFC 7616, RFC 8760). Nonces are stateless and signed; only the
 * nonce-counts of recently used nonces are kept, in a bounded map.
 */
export class DigestServer {
  readonly #codec: DigestNonceCodec;
  readonly #tracker: NonceCountTracker;
  readonly #algorithms: readonly DigestAlgorithm[];
  readonly #qop: readonly DigestQop[];
  readonly #isRfc2069Allowed: boolean;
  readonly #dummyHa1: Readonly<Record<DigestAlgorithm, string>>;

  constructor(options: DigestServerOptions = {}) {
    const secret = options.secret ?? randomBytes(32);
    if (secret.length < 32) {
      throw new ValidationError('secret', `the nonce secret has ${secret.length} bytes, need 32`);
    }
    const lifetimeMs = options.nonceLifetimeMs ?? 300_000;
    if (!(lifetimeMs > 0)) {
      throw new ValidationError('nonceLifetimeMs', `nonce lifetime ${lifetimeMs} ms is not > 0`);
    }
    const algorithms = options.algorithms ?? ['SHA-256', 'MD5'];
    if (algorithms.length === 0) throw new ValidationError('algorithms', 'no digest algorithm');
    this.#algorithms = orderOfPreference(algorithms);
    this.#qop = options.qop ?? ['auth'];
    this.#isRfc2069Allowed = options.isRfc2069Allowed ?? false;
    this.#codec = new DigestNonceCodec({
      secret,
      lifetimeMs,
      clock: options.clock ?? systemClock,
    });
    this.#tracker = new NonceCountTracker(options.maxTrackedNonces ?? 10_000);
    // A random HA1 stands in for a missing user so that the same hashing
    // happens whether or not the user exists.
    this.#dummyHa1 = {
      MD5: randomBytes(16).toString('hex'),
      'SHA-256': randomBytes(32).toString('hex'),
    };
  }

  /**
   * Builds the WWW-Authenticate (or Proxy-Authenticate) values, one per
   * algorithm, most preferred first: RFC 8760 §2.3 has a UAS list them in
   * the order it would prefer them used, and SHA-256 goes before MD5.
   */
  challenge(request: DigestChallengeRequest): string[] {
    const algorithms = request.algorithms ?? this.#algorithms;
    for (const a of algorithms) {
      if (!this.#algorithms.includes(a)) {
        throw new ValidationError('algorithms', `${a} is not enabled on this server`);
      }
    }
    const nonce = this.#codec.issue(request.realm);
    return orderOfPreference(algorithms).map((algorithm) =>
      serializeChallenge({
        realm: request.realm,
        nonce,
        opaque: request.opaque,
        stale: request.stale ?? false,
        algorithm,
        qopOptions: this.#qop,
        extensions: [],
      }),
    );
  }

  /**
   * Checks credentials. The same hash work is done for a user that does not
   * exist, and responses are compared with timingSafeEqual, so neither the
   * reply nor its timing tells a wrong password from an unknown user.
   */
  verify(request: DigestVerifyRequest): DigestVerifyResult {
    let credentials = request.credentials;
    if (typeof credentials === 'string') {
      const parsed = parseDigestCredentials(credentials);
      if (!parsed.ok) return FAILURES.malformed;
      credentials = parsed.value;
    }
    const algorithm = toDigestAlgorithm(credentials.algorithm);
    if (algorithm !== 'MD5' && algorithm !== 'SHA-256') return FAILURES.malformed;
    if (!this.#algorithms.includes(algorithm)) return FAILURES.malformed;
    let qop: DigestQop | undefined;
    let nc = 0;
    if (credentials.qop === undefined) {
      if (!this.#isRfc2069Allowed) return FAILURES.malformed;
    } else {
      qop = this.#qop.find((q) => q === credentials.qop);
      if (qop === undefined || credentials.cnonce === undefined) return FAILURES.malformed;
      nc = parseNonceCount(credentials.nc);
      if (nc === 0) return FAILURES.malformed;
    }
    if (credentials.realm !== request.realm) return FAILURES['bad-realm'];
    if (request.requestUri !== undefined && credentials.uri !== request.requestUri) {
      return FAILURES['bad-uri'];
    }

    const nonceCheck = this.#codec.check(credentials.nonce, credentials.realm);
    const stored = request.ha1(credentials.username, credentials.realm, algorithm);
    const isKnownUser =
      stored !== undefined && stored.length === digestHexLength(algorithm) && HEX.test(stored);
    const expected = computeDigestResponse({
      algorithm,
      ha1: isKnownUser ? stored.toLowerCase() : this.#dummyHa1[algorithm],
      nonce: credentials.nonce,
      method: request.method,
      uri: credentials.uri,
      qop,
      nc: credentials.nc,
      cnonce: credentials.cnonce,
      entityBody: request.entityBody,
    });
    const given = Buffer.from(credentials.response.toLowerCase(), 'latin1');
    const wanted = Buffer.from(expected, 'latin1');
    // The length of `given` is the peer's own choice, so testing it first
    // leaks nothing.
    const isMatch = given.length === wanted.length && timingSafeEqual(given, wanted);

    if (!isKnownUser) return FAILURES['unknown-user'];
    if (!isMatch) return FAILURES['bad-response'];
    // The response is right, so the peer knows the password: a nonce we no
    // longer accept only needs refreshing (RFC 7616 §3.3 stale).
    if (nonceCheck.status !== 'valid') return FAILURES.stale;
    if (qop !== undefined) {
      const verdict = this.#tracker.record(credentials.nonce, nonceCheck.issuedAtMs, nc);
      if (verdict === 'replay') return FAILURES.replay;
      if (verdict === 'forgotten') return FAILURES.stale;
    }
    return { ok: true, username: credentials.username };
  }
}

/**
 * The challenge order is the configured order (RFC 8760 §2.4: most
 * preferred first). The default puts SHA-256 first; a site whose clients
 * take only the first challenge and know only MD5 (SIPp 3.6, old phones)
 * configures MD5 first.
 */
function orderOfPreference(algorithms: readonly DigestAlgorithm[]): DigestAlgorithm[] {
  return [...new Set(algorithms)];
}

function parseNonceCount(nc: string | undefined): number {
  if (nc === undefined || !/^[0-9a-fA-F]{8}$/.test(nc)) return 0;
  return Number.parseInt(nc, 16);
}
