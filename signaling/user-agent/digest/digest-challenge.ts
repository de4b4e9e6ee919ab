import type { Result } from '../../../core/index.ts';
import { ValidationError, ok, parseError } from '../../../core/index.ts';
import type { AuthExtensionParam } from './auth-param-list.ts';
import {
  DigestParseErrorCode,
  formatAuthParam,
  isToken,
  parseAuthParamList,
} from './auth-param-list.ts';
import { toDigestAlgorithm } from './digest-response.ts';

/** A Digest challenge: one WWW-Authenticate or Proxy-Authenticate value. */
export interface DigestChallenge {
  readonly realm: string;
  readonly nonce: string;
  readonly domain?: string | undefined;
  readonly opaque?: string | undefined;
  /** RFC 7616 §3.3: anything other than TRUE counts as false. */
  readonly stale: boolean;
  /**
   * The canonical name when we implement the algorithm, else the token as
   * written; 'MD5' when the parameter is absent (RFC 7616 §3.3).
   */
  readonly algorithm: string;
  /** Lower-cased qop-options; empty for an RFC 2069 challenge. */
  readonly qopOptions: readonly string[];
  /** Parameters we do not interpret (charset, userhash, ...), in order. */
  readonly extensions: readonly AuthExtensionParam[];
}

/**
 * Parses a challenge (RFC 3261 §25.1 `challenge`, RFC 7616 §3.3). SIP puts
 * one challenge in each header field value, so a 401 with several
 * algorithms carries several values; parse each one separately.
 */
export function parseDigestChallenge(value: string): Result<DigestChallenge> {
  const list = parseAuthParamList(value, 'Digest');
  if (!list.ok) return list;
  const { params } = list.value;
  let realm: string | undefined;
  let nonce: string | undefined;
  let domain: string | undefined;
  let opaque: string | undefined;
  let stale = false;
  let algorithm = 'MD5';
  let qopOptions: string[] = [];
  const extensions: AuthExtensionParam[] = [];
  for (const p of params) {
    switch (p.name) {
      case 'realm':
        realm = p.value;
        break;
      case 'nonce':
        nonce = p.value;
        break;
      case 'domain':
        domain = p.value;
        break;
      case 'opaque':
        opaque = p.value;
        break;
      case 'stale':
        stale = p.value.toLowerCase() === 'true';
        break;
      case 'algorithm':
        algorithm = toDigestAlgorithm(p.value) ?? p.value;
        break;
      case 'qop':
        // RFC 7616 §3.3: qop is a quoted list of one or more tokens.
        qopOptions = p.value
          .split(',')
          .map((q) => q.trim().toLowerCase())
          .filter((q) => q !== '');
        break;
      default:
        extensions.push({ name: p.name, value: p.value, isQuoted: p.isQuoted });
    }
  }
  if (realm === undefined) {
    return parseError(DigestParseErrorCode.missingParam, value.length, 'challenge has no realm');
  }
  if (nonce === undefined) {
    return parseError(DigestParseErrorCode.missingParam, value.length, 'challenge has no nonce');
  }
  return ok({ realm, nonce, domain, opaque, stale, algorithm, qopOptions, extensions });
}

/**
 * Writes a challenge in the RFC 3261 §25.1 form: realm, domain, nonce and
 * opaque quoted, stale and algorithm as tokens, qop as a quoted list.
 * Throws ValidationError when a value cannot be represented.
 */
export function serializeChallenge(challenge: DigestChallenge): string {
  const parts = [formatAuthParam('realm', challenge.realm, true)];
  if (challenge.domain !== undefined) parts.push(formatAuthParam('domain', challenge.domain, true));
  parts.push(formatAuthParam('nonce', challenge.nonce, true));
  if (challenge.opaque !== undefined) parts.push(formatAuthParam('opaque', challenge.opaque, true));
  if (challenge.stale) parts.push('stale=true');
  parts.push(formatAuthParam('algorithm', challenge.algorithm, false));
  if (challenge.qopOptions.length > 0) {
    const bad = challenge.qopOptions.find((q) => !isToken(q));
    if (bad !== undefined) throw new ValidationError('qop', `"${bad}" is not a qop token`);
    parts.push(formatAuthParam('qop', challenge.qopOptions.join(','), true));
  }
  for (const e of challenge.extensions) parts.push(formatAuthParam(e.name, e.value, e.isQuoted));
  return `Digest ${parts.join(', ')}`;
}
