import { unescapeUri } from '../message/index.ts';

/** The dialog a Replaces header names (RFC 3891 §6.1). */
export interface Replaces {
  readonly callId: string;
  readonly toTag: string;
  readonly fromTag: string;
  /** `early-only`: only an early dialog may be replaced (RFC 3891 §6.1). */
  readonly isEarlyOnly?: boolean;
}

/**
 * The Replaces header embedded in the headers part of a Refer-To URI
 * (RFC 3891 §6.1, RFC 5589 §7): `Replaces=<escaped value>` among
 * `&`-separated headers. Undefined when there is none, and 'invalid' when
 * it lacks a Call-ID, to-tag or from-tag (§6.1 makes both tags mandatory).
 */
export function parseReplaces(uriHeaders: string | undefined): Replaces | 'invalid' | undefined {
  if (uriHeaders === undefined) return undefined;
  const field = uriHeaders.split('&').find((h) => /^replaces=/i.test(h));
  if (field === undefined) return undefined;
  return parseReplacesValue(unescapeUri(field.slice('replaces='.length)));
}

/**
 * A Replaces header field's value (RFC 3891 §6.1):
 * `callid;to-tag=x;from-tag=y[;early-only]`; 'invalid' without a Call-ID
 * or either tag.
 */
export function parseReplacesValue(value: string): Replaces | 'invalid' {
  const [callId, ...params] = value.split(';');
  let toTag: string | undefined;
  let fromTag: string | undefined;
  let isEarlyOnly = false;
  for (const p of params) {
    const eq = p.indexOf('=');
    const name = (eq < 0 ? p : p.slice(0, eq)).trim().toLowerCase();
    const paramValue = eq < 0 ? '' : p.slice(eq + 1).trim();
    if (name === 'to-tag') toTag = paramValue;
    else if (name === 'from-tag') fromTag = paramValue;
    else if (name === 'early-only') isEarlyOnly = true;
  }
  const id = callId?.trim() ?? '';
  if (id === '' || !toTag || !fromTag) return 'invalid';
  return isEarlyOnly ? { callId: id, toTag, fromTag, isEarlyOnly } : { callId: id, toTag, fromTag };
}
