import { unescapeUri } from '../message/index.ts';

/** The dialog a Replaces header names (RFC 3891 §6.1). */
export interface Replaces {
  readonly callId: string;
  readonly toTag: string;
  readonly fromTag: string;
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
  const [callId, ...params] = unescapeUri(field.slice('replaces='.length)).split(';');
  let toTag: string | undefined;
  let fromTag: string | undefined;
  for (const p of params) {
    const eq = p.indexOf('=');
    const name = (eq < 0 ? p : p.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? '' : p.slice(eq + 1).trim();
    if (name === 'to-tag') toTag = value;
    else if (name === 'from-tag') fromTag = value;
  }
  const id = callId?.trim() ?? '';
  if (id === '' || !toTag || !fromTag) return 'invalid';
  return { callId: id, toTag, fromTag };
}
