import { ValidationError } from '../errors.ts';
import { randomToken } from '../ids.ts';
import { encodeQuotedPrintable, encodeWords, isPlainHeaderText } from './mime-encoding.ts';

/** A mailbox: an address and an optional display name. */
export interface MailAddress {
  readonly address: string;
  readonly name?: string | undefined;
}

/** What to send: a text body, and an HTML alternative when present. */
export interface MailMessage {
  readonly from: MailAddress;
  readonly to: readonly MailAddress[];
  readonly subject: string;
  readonly text: string;
  readonly html?: string | undefined;
}

/** The envelope and the RFC 5322 text of a built message. */
export interface BuiltMail {
  readonly envelopeFrom: string;
  readonly recipients: readonly string[];
  readonly messageId: string;
  /** Header and body with CRLF line ends, not yet dot-stuffed. */
  readonly data: string;
}

/**
 * A dot-atom addr-spec (RFC 5322 §3.4.1): no spaces, angle brackets,
 * quotes or controls, so an address can never inject an SMTP command or a
 * header line.
 */
const ADDRESS = /^[!#-'*+\-/-9=?A-Z^-~]+(?:\.[!#-'*+\-/-9=?A-Z^-~]+)*@[A-Za-z0-9.-]+$/;

/** True when `address` is an addr-spec we are willing to send to. */
export function isMailAddress(address: string): boolean {
  return address.length <= 254 && ADDRESS.test(address);
}

function requireAddress(field: string, address: string): string {
  if (!isMailAddress(address)) throw new ValidationError(field, `not a mail address: ${address}`);
  return address;
}

/** RFC 5322 §2.1.1: lines SHOULD stay within 78 characters. */
const LINE_MAX = 78;

/**
 * Folds a header `Name: value` at spaces so that lines stay within 78
 * characters where the value allows it (RFC 5322 §2.2.3: folding inserts
 * CRLF before a space, and unfolding removes it).
 */
export function foldHeader(name: string, value: string): string {
  const words = value.split(' ');
  let line = `${name}:`;
  const out: string[] = [];
  for (const w of words) {
    if (line.length + 1 + w.length > LINE_MAX && line.length > name.length + 1) {
      out.push(line);
      line = '';
    }
    line += ` ${w}`;
  }
  out.push(line);
  return out.join('\r\n');
}

/** Header text with CR and LF flattened, so a value cannot add a header. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}

/** Unstructured text (Subject, display names) as is or as encoded-words. */
function headerText(text: string): string {
  const flat = oneLine(text);
  return isPlainHeaderText(flat) ? flat : encodeWords(flat).join(' ');
}

function mailbox(field: string, a: MailAddress): string {
  const address = requireAddress(field, a.address);
  if (a.name === undefined || a.name === '') return address;
  const flat = oneLine(a.name);
  // RFC 5322 §3.2.4: a display name with specials must be a quoted-string.
  const name = isPlainHeaderText(flat)
    ? `"${flat.replace(/(["\\])/g, '\\$1')}"`
    : encodeWords(flat).join(' ');
  return `${name} <${address}>`;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 5322 §3.3 date-time in UTC, e.g. `Thu, 26 Nov 2026 13:28:21 +0000`. */
export function formatMailDate(epochMs: number): string {
  const d = new Date(epochMs);
  const p = (n: number) => String(n).padStart(2, '0');
  return (
    `${DAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ` +
    `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`
  );
}

function partHeaders(contentType: string): string[] {
  return [
    `Content-Type: ${contentType}; charset=UTF-8`,
    'Content-Transfer-Encoding: quoted-printable',
  ];
}

function part(contentType: string, body: string): string {
  return `${partHeaders(contentType).join('\r\n')}\r\n\r\n${encodeQuotedPrintable(body)}`;
}

/**
 * Builds the RFC 5322 message: Date, Message-ID (RFC 5322 §3.6.4, the
 * sender's domain on the right), MIME-Version, and either one text/plain
 * part or multipart/alternative with text first and HTML last (RFC 2046
 * §5.1.4: the last part is the preferred one). Throws ValidationError for an
 * address that is not a plain addr-spec.
 */
export function buildMail(message: MailMessage, nowMs: number): BuiltMail {
  if (message.to.length === 0) throw new ValidationError('to', 'no recipients');
  const from = mailbox('from', message.from);
  const to = message.to.map((a) => mailbox('to', a));
  const domain = message.from.address.split('@')[1] ?? 'localhost';
  const messageId = `<${randomToken(12)}.${nowMs}@${domain}>`;
  const headers = [
    foldHeader('From', from),
    foldHeader('To', to.join(', ')),
    foldHeader('Subject', headerText(message.subject)),
    `Date: ${formatMailDate(nowMs)}`,
    `Message-ID: ${messageId}`,
    'MIME-Version: 1.0',
  ];
  let body: string;
  if (message.html === undefined) {
    headers.push(...partHeaders('text/plain'));
    body = `${encodeQuotedPrintable(message.text)}\r\n`;
  } else {
    // A boundary with `=_` cannot occur in quoted-printable output (RFC
    // 2045 §6.7 encodes every `=`), so no part can end the multipart early.
    const boundary = `=_swy_${randomToken(12)}`;
    headers.push(`Content-Type: multipart/alternative; boundary="${boundary}"`);
    body =
      `--${boundary}\r\n${part('text/plain', message.text)}\r\n` +
      `--${boundary}\r\n${part('text/html', message.html)}\r\n` +
      `--${boundary}--\r\n`;
  }
  return {
    envelopeFrom: message.from.address,
    recipients: message.to.map((a) => a.address),
    messageId,
    data: `${headers.join('\r\n')}\r\n\r\n${body}`,
  };
}
