import { ConfigError } from '../errors.ts';
import { err, ok, type Result } from '../result.ts';
import {
  cidrContains,
  effectiveAddress,
  parseCidr,
  parseIpAddress,
  refusedRangeOf,
  type Cidr,
  type RefusedRange,
} from './ip-ranges.ts';

/** What the policy says about one resolved address. */
export type EgressVerdict =
  | { readonly isAllowed: true }
  | { readonly isAllowed: false; readonly range: RefusedRange | 'invalid' };

/**
 * Which addresses a tenant-configured URL may reach (issue 7, D47): any
 * public unicast address, plus what the operator allows with
 * `--webhook-allow`. Tenants never set the allow list.
 */
export class EgressPolicy {
  readonly #allow: readonly Cidr[];

  constructor(allow: readonly Cidr[]) {
    this.#allow = allow;
  }

  /**
   * Builds the policy from the `webhookAllow` option; a bad block is a
   * ConfigError naming the field, so the switch refuses to start.
   */
  static fromAllowList(list: readonly string[]): EgressPolicy {
    const blocks = list.map((text) => {
      const parsed = parseCidr(text);
      if (!parsed.ok) {
        throw new ConfigError(
          'webhookAllow',
          text,
          `invalid config: webhookAllow ${text}: ${parsed.error.detail}`,
        );
      }
      return parsed.value;
    });
    return new EgressPolicy(blocks);
  }

  /** Whether a connection to `addressText` may be opened. */
  check(addressText: string): EgressVerdict {
    const address = parseIpAddress(addressText);
    if (address === undefined) return { isAllowed: false, range: 'invalid' };
    const effective = effectiveAddress(address);
    if (this.#allow.some((c) => cidrContains(c, address) || cidrContains(c, effective))) {
      return { isAllowed: true };
    }
    const range = refusedRangeOf(address);
    return range === undefined ? { isAllowed: true } : { isAllowed: false, range };
  }
}

/** Why a URL cannot be stored as a webhook target. */
export interface WebhookUrlError {
  readonly code: 'ERR_WEBHOOK_URL';
  readonly detail: string;
}

/**
 * Checks a webhook URL at write time: it must parse, use http or https,
 * and carry no user info. Credentials belong in the signing secret, and a
 * URL ends up in logs and exports where a password must not.
 */
export function checkWebhookUrl(text: string): Result<URL, WebhookUrlError> {
  if (!URL.canParse(text)) return err({ code: 'ERR_WEBHOOK_URL', detail: 'is not a URL' });
  const url = new URL(text);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return err({ code: 'ERR_WEBHOOK_URL', detail: `must be http or https, not ${url.protocol}` });
  }
  if (url.username !== '' || url.password !== '') {
    return err({ code: 'ERR_WEBHOOK_URL', detail: 'must not carry user:password@' });
  }
  return ok(url);
}

/**
 * A URL as logs may show it: origin and path, without user info or the
 * query, which often carries tokens.
 */
export function loggableUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}
