import type { Result } from '../../../core/index.ts';
import { computeHa1, err, ok, randomToken } from '../../../core/index.ts';
import type { DigestChallenge } from './digest-challenge.ts';
import { parseDigestChallenge } from './digest-challenge.ts';
import { serializeCredentials } from './digest-credentials.ts';
import type { DigestAlgorithmName, DigestQop } from './digest-response.ts';
import {
  baseDigestAlgorithm,
  computeDigestResponse,
  formatNonceCount,
  isSessionAlgorithm,
  toDigestAlgorithm,
} from './digest-response.ts';

/** Options of DigestClient. */
export interface DigestClientOptions {
  readonly username: string;
  readonly password: string;
  /** Makes cnonce values; tests pin it, production keeps the random one. */
  readonly cnonce?: () => string;
}

/** The request the credentials are for. */
export interface DigestAuthorizeRequest {
  readonly method: string;
  /** The Request-URI, sent as digest-uri (RFC 3261 §22.4). */
  readonly uri: string;
  /** The body, hashed only when the server asks for qop=auth-int. */
  readonly body?: string | Uint8Array;
}

/** Why a challenge cannot be answered. */
export interface DigestClientError {
  readonly code: 'ERR_DIGEST_NO_USABLE_CHALLENGE' | 'ERR_DIGEST_REJECTED';
  readonly detail: string;
}

/** Whether the challenged request had itself answered a challenge. */
export interface DigestChallengeContext {
  readonly isRetry?: boolean;
}

/** A challenge picked for answering, with the algorithm and qop we will use. */
export interface SelectedChallenge {
  readonly challenge: DigestChallenge;
  readonly algorithm: DigestAlgorithmName;
  readonly qop: DigestQop | undefined;
}

const PREFERENCE: Readonly<Record<DigestAlgorithmName, number>> = {
  'SHA-256': 0,
  'SHA-256-sess': 1,
  MD5: 2,
  'MD5-sess': 3,
};

/**
 * The UAC side of Digest authentication (RFC 3261 §22.2–22.3, RFC 7616,
 * RFC 8760), for one set of credentials towards one server. It keeps the
 * last challenge so that following requests reuse the nonce with an
 * incrementing nonce-count instead of drawing a 401 each time.
 */
export class DigestClient {
  readonly #username: string;
  readonly #password: string;
  readonly #makeCnonce: () => string;
  #selected: SelectedChallenge | undefined;
  #ha1 = '';
  #nonceCount = 0;

  constructor(options: DigestClientOptions) {
    this.#username = options.username;
    this.#password = options.password;
    this.#makeCnonce = options.cnonce ?? (() => randomToken(24));
  }

  /** The challenge being answered, once one was accepted. */
  get challenge(): DigestChallenge | undefined {
    return this.#selected?.challenge;
  }

  /**
   * Takes the WWW-Authenticate or Proxy-Authenticate values of a 401 or
   * 407 and picks the one to answer: SHA-256 over MD5, the first listed on
   * a tie. RFC 8760 §2.4 has the UAC use the topmost supported challenge
   * "unless a local policy dictates otherwise"; ranking by strength is that
   * policy, since challenges are not integrity-protected and an on-path
   * attacker could reorder them to force MD5 (RFC 8760 §3). Values that do
   * not parse or use another scheme are skipped.
   *
   * ERR_DIGEST_REJECTED means the password is wrong: the challenged request
   * was already a retry, or it answered this very nonce, and the server did
   * not call the nonce stale. A new nonce with stale=true is taken without
   * that check (RFC 7616 §3.3), so no new password is needed. On an error
   * the previous challenge stays in place.
   */
  handleChallenge(
    values: readonly string[],
    context: DigestChallengeContext = {},
  ): Result<DigestChallenge, DigestClientError> {
    const selected = selectChallenge(values);
    if (selected === undefined) {
      return err({
        code: 'ERR_DIGEST_NO_USABLE_CHALLENGE',
        detail: `none of ${values.length} challenges is a Digest one we implement`,
      });
    }
    const { challenge } = selected;
    const previous = this.#selected?.challenge;
    const hasAnsweredThisNonce = this.#nonceCount > 0 && previous?.nonce === challenge.nonce;
    if (!challenge.stale && (context.isRetry === true || hasAnsweredThisNonce)) {
      return err({
        code: 'ERR_DIGEST_REJECTED',
        detail: `realm "${challenge.realm}" refused the credentials of ${this.#username}`,
      });
    }
    if (
      previous === undefined ||
      previous.realm !== challenge.realm ||
      this.#selected?.algorithm !== selected.algorithm
    ) {
      this.#ha1 = computeHa1(
        baseDigestAlgorithm(selected.algorithm),
        this.#username,
        challenge.realm,
        this.#password,
      );
    }
    this.#selected = selected;
    this.#nonceCount = 0;
    return ok(challenge);
  }

  /**
   * The credentials value for the next request, or undefined before any
   * challenge. Each call uses the next nonce-count (RFC 7616 §3.4) and,
   * with qop, a fresh cnonce.
   */
  authorize(request: DigestAuthorizeRequest): string | undefined {
    const selected = this.#selected;
    if (selected === undefined) return undefined;
    const { challenge, algorithm, qop } = selected;
    this.#nonceCount++;
    const nc = qop === undefined ? undefined : formatNonceCount(this.#nonceCount);
    const cnonce = qop === undefined ? undefined : this.#makeCnonce();
    const response = computeDigestResponse({
      algorithm,
      ha1: this.#ha1,
      nonce: challenge.nonce,
      method: request.method,
      uri: request.uri,
      qop,
      nc,
      cnonce,
      entityBody: request.body,
    });
    return serializeCredentials({
      username: this.#username,
      realm: challenge.realm,
      nonce: challenge.nonce,
      uri: request.uri,
      response,
      algorithm,
      cnonce,
      opaque: challenge.opaque,
      qop,
      nc,
      extensions: [],
    });
  }
}

/**
 * Chooses the challenge to answer among header values, or undefined. A
 * challenge needs an algorithm we implement and, if it lists qop-options,
 * one of auth or auth-int (auth preferred: it does not hash the body).
 */
export function selectChallenge(values: readonly string[]): SelectedChallenge | undefined {
  let best: SelectedChallenge | undefined;
  for (const value of values) {
    const parsed = parseDigestChallenge(value);
    if (!parsed.ok) continue;
    const challenge = parsed.value;
    const algorithm = toDigestAlgorithm(challenge.algorithm);
    if (algorithm === undefined) continue;
    let qop: DigestQop | undefined;
    if (challenge.qopOptions.includes('auth')) qop = 'auth';
    else if (challenge.qopOptions.includes('auth-int')) qop = 'auth-int';
    else if (challenge.qopOptions.length > 0) continue;
    // RFC 7616 §3.4.2: -sess hashes the cnonce into A1, and there is no
    // cnonce without qop.
    if (qop === undefined && isSessionAlgorithm(algorithm)) continue;
    if (best === undefined || PREFERENCE[algorithm] < PREFERENCE[best.algorithm]) {
      best = { challenge, algorithm, qop };
    }
  }
  return best;
}
