import type { Result } from '../../../core/index.ts';
import { ok, parseError } from '../../../core/index.ts';
import type { AuthExtensionParam, AuthParam } from './auth-param-list.ts';
import { DigestParseErrorCode, formatAuthParam, parseAuthParamList } from './auth-param-list.ts';
import { toDigestAlgorithm } from './digest-response.ts';

/** Digest credentials: one Authorization or Proxy-Authorization value. */
export interface DigestCredentials {
  readonly username: string;
  readonly realm: string;
  readonly nonce: string;
  /** The digest-uri as sent; it enters the hash verbatim. */
  readonly uri: string;
  /** The request-digest in hex, as sent. */
  readonly response: string;
  /** Canonical name when implemented, else as written; 'MD5' when absent. */
  readonly algorithm: string;
  readonly cnonce?: string | undefined;
  readonly opaque?: string | undefined;
  /** Lower-cased message-qop; absent in the RFC 2069 form. */
  readonly qop?: string | undefined;
  /** The nonce-count as sent: eight hex digits. */
  readonly nc?: string | undefined;
  readonly extensions: readonly AuthExtensionParam[];
}

const REQUIRED = ['username', 'realm', 'nonce', 'uri', 'response'] as const;
const KNOWN = new Set<string>([...REQUIRED, 'algorithm', 'cnonce', 'opaque', 'qop', 'nc']);

const HEX = /^[0-9a-fA-F]+$/;
const NC = /^[0-9a-fA-F]{8}$/;

/**
 * Parses credentials (RFC 3261 §25.1 `credentials`, RFC 7616 §3.4). Returns
 * ERR_DIGEST_MISSING_PARAM when a directive the digest needs is absent and
 * ERR_DIGEST_BAD_VALUE when nc or response are not hex.
 */
export function parseDigestCredentials(value: string): Result<DigestCredentials> {
  const list = parseAuthParamList(value, 'Digest');
  if (!list.ok) return list;
  const { params } = list.value;
  const known = new Map<string, AuthParam>();
  const extensions: AuthExtensionParam[] = [];
  for (const p of params) {
    if (KNOWN.has(p.name)) known.set(p.name, p);
    else extensions.push({ name: p.name, value: p.value, isQuoted: p.isQuoted });
  }
  for (const name of REQUIRED) {
    if (!known.has(name)) {
      return parseError(
        DigestParseErrorCode.missingParam,
        value.length,
        `credentials lack ${name}`,
      );
    }
  }
  const response = known.get('response')!;
  if (!HEX.test(response.value)) {
    return parseError(DigestParseErrorCode.badValue, response.offset, 'response is not hex');
  }
  const qop = known.get('qop');
  const nc = known.get('nc');
  const cnonce = known.get('cnonce');
  if (nc !== undefined && !NC.test(nc.value)) {
    return parseError(
      DigestParseErrorCode.badValue,
      nc.offset,
      `nc "${nc.value}" is not 8 hex digits (${nc.value.length})`,
    );
  }
  // RFC 7616 §3.4: cnonce and nc MUST be sent when a qop directive is.
  if (qop !== undefined && (nc === undefined || cnonce === undefined)) {
    return parseError(
      DigestParseErrorCode.missingParam,
      qop.offset,
      `qop=${qop.value} without ${nc === undefined ? 'nc' : 'cnonce'}`,
    );
  }
  const algorithm = known.get('algorithm')?.value;
  return ok({
    username: known.get('username')!.value,
    realm: known.get('realm')!.value,
    nonce: known.get('nonce')!.value,
    uri: known.get('uri')!.value,
    response: response.value,
    algorithm: algorithm === undefined ? 'MD5' : (toDigestAlgorithm(algorithm) ?? algorithm),
    cnonce: cnonce?.value,
    opaque: known.get('opaque')?.value,
    qop: qop?.value.toLowerCase(),
    nc: nc?.value,
    extensions,
  });
}

/**
 * Writes credentials in the RFC 3261 §25.1 form: quoted strings for
 * username, realm, nonce, uri, response, cnonce and opaque; algorithm, qop
 * and nc as tokens. Throws ValidationError when a value cannot be represented.
 */
export function serializeCredentials(credentials: DigestCredentials): string {
  const c = credentials;
  const parts = [
    formatAuthParam('username', c.username, true),
    formatAuthParam('realm', c.realm, true),
    formatAuthParam('nonce', c.nonce, true),
    formatAuthParam('uri', c.uri, true),
    formatAuthParam('response', c.response, true),
    formatAuthParam('algorithm', c.algorithm, false),
  ];
  if (c.cnonce !== undefined) parts.push(formatAuthParam('cnonce', c.cnonce, true));
  if (c.opaque !== undefined) parts.push(formatAuthParam('opaque', c.opaque, true));
  if (c.qop !== undefined) parts.push(formatAuthParam('qop', c.qop, false));
  if (c.nc !== undefined) parts.push(formatAuthParam('nc', c.nc, false));
  for (const e of c.extensions) parts.push(formatAuthParam(e.name, e.value, e.isQuoted));
  return `Digest ${parts.join(', ')}`;
}
