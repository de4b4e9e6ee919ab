import { ok, parseError, type Result } from '../result.ts';

/** Where and how to submit mail, from `smtp://user:pass@host:587?starttls=1`. */
export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  /** `smtps:` connects with TLS at once (RFC 8314 §3.3, implicit TLS). */
  readonly isImplicitTls: boolean;
  /** `starttls=1`: upgrade with STARTTLS (RFC 3207) and fail if not offered. */
  readonly isStartTlsRequired: boolean;
  readonly username: string | undefined;
  readonly password: string | undefined;
  /** `insecure=1`: accept a certificate that does not verify (test servers). */
  readonly isCertUnchecked: boolean;
}

const FLAG_TRUE = /^(1|true|yes|on)$/i;

/**
 * Parses the `smtpUrl` setting. Never throws: a bad URL is a failed Result
 * whose detail never repeats the password.
 */
export function parseSmtpUrl(text: string): Result<SmtpSettings> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return parseError('ERR_SMTP_URL', 0, 'not a URL (smtp://user:pass@host:587?starttls=1)');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    return parseError('ERR_SMTP_URL', 0, `scheme ${url.protocol} is not smtp: or smtps:`);
  }
  if (url.hostname === '') return parseError('ERR_SMTP_URL', 0, 'the host is missing');
  const isImplicitTls = url.protocol === 'smtps:';
  // RFC 8314 §3.3: port 465 for implicit TLS; 587 submission, 25 relay.
  const port = url.port === '' ? (isImplicitTls ? 465 : 587) : Number(url.port);
  let username: string | undefined;
  let password: string | undefined;
  try {
    username = url.username === '' ? undefined : decodeURIComponent(url.username);
    password = url.password === '' ? undefined : decodeURIComponent(url.password);
  } catch {
    return parseError('ERR_SMTP_URL', 0, 'the user or password is not valid percent-encoding');
  }
  if (password !== undefined && username === undefined) {
    return parseError('ERR_SMTP_URL', 0, 'a password needs a user name');
  }
  const isStartTlsRequired = FLAG_TRUE.test(url.searchParams.get('starttls') ?? '');
  if (isStartTlsRequired && isImplicitTls) {
    return parseError('ERR_SMTP_URL', 0, 'smtps: is TLS already; starttls=1 needs smtp:');
  }
  return ok({
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    isImplicitTls,
    isStartTlsRequired,
    username,
    password,
    isCertUnchecked: FLAG_TRUE.test(url.searchParams.get('insecure') ?? ''),
  });
}

/** The URL with its password replaced, safe for logs and error messages. */
export function redactSmtpUrl(text: string): string {
  return text.replace(/^([a-z]+:\/\/[^:@/?#]*):[^/?#]*@/i, '$1:***@');
}
