import { randomToken } from '../../core/index.ts';

/** A file attached to a mail. */
export interface MailAttachment {
  readonly filename: string;
  /** A MIME type such as `audio/wav`. */
  readonly contentType: string;
  readonly content: Uint8Array;
}

/** A plain-text mail with optional attachments. */
export interface MailMessage {
  /** The envelope and header sender, a bare address (`vm@example.com`). */
  readonly from: string;
  /** A display name shown with `from`. */
  readonly fromName?: string;
  /** Bare recipient addresses. */
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly attachments?: readonly MailAttachment[];
}

/** Options of buildMimeMessage(); all of them are made up unless given. */
export interface MimeBuildOptions {
  readonly date?: Date;
  readonly boundary?: string;
  readonly messageId?: string;
}

const CRLF = '\r\n';
/** RFC 2045 §6.8: encoded lines are at most 76 characters. */
const BASE64_LINE_CHARS = 76;
/** RFC 5322 §2.1.1: a line MUST be no more than 998 characters. */
const MAX_LINE_CHARS = 998;

/** Whether `address` is a bare address that cannot break a command or header. */
export function isSafeMailAddress(address: string): boolean {
  return /^[^\s<>"(),;:\\[\]]+@[^\s<>"(),;:\\[\]@]+$/.test(address);
}

/** Base64 of `bytes`, cut into CRLF-separated lines of 76 characters. */
export function base64Lines(bytes: Uint8Array): string {
  const b64 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += BASE64_LINE_CHARS) {
    lines.push(b64.slice(i, i + BASE64_LINE_CHARS));
  }
  return lines.join(CRLF);
}

/**
 * A header value safe to send: CR and LF become spaces (no header
 * injection), and a non-ASCII value becomes an RFC 2047 §4.1 "B"
 * encoded-word in UTF-8.
 */
export function encodeHeaderValue(value: string): string {
  const flat = value.replace(/[\r\n]+/g, ' ');
  if (/^[\x20-\x7e]*$/.test(flat)) return flat;
  return `=?UTF-8?B?${Buffer.from(flat, 'utf8').toString('base64')}?=`;
}

/** RFC 5322 §3.3 date-time, in UTC: `Wed, 25 Nov 2026 18:57:58 +0000`. */
export function formatMailDate(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}

function textPart(text: string): string {
  const normalised = text.replace(/\r?\n/g, CRLF);
  const isPlain =
    // eslint-disable-next-line no-control-regex
    /^[\x00-\x7f]*$/.test(normalised) &&
    normalised.split(CRLF).every((l) => l.length <= MAX_LINE_CHARS);
  if (isPlain) {
    return [
      'Content-Type: text/plain; charset=us-ascii',
      'Content-Transfer-Encoding: 7bit',
      '',
      normalised,
    ].join(CRLF);
  }
  return [
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(Buffer.from(normalised, 'utf8')),
  ].join(CRLF);
}

function attachmentPart(a: MailAttachment): string {
  const name = a.filename.replace(/["\\\r\n]/g, '_');
  return [
    `Content-Type: ${a.contentType}; name="${name}"`,
    'Content-Transfer-Encoding: base64',
    `Content-Disposition: attachment; filename="${name}"`,
    '',
    base64Lines(a.content),
  ].join(CRLF);
}

/**
 * The RFC 5322 message (headers and body, CRLF line ends, not yet
 * dot-stuffed) for `msg`: a multipart/mixed body (RFC 2046 §5.1.3) whose
 * first part is the text and whose other parts are the attachments in
 * base64 (RFC 2045 §6.8). The boundary is random, so it cannot occur in
 * the base64 or in the text.
 */
export function buildMimeMessage(msg: MailMessage, opts: MimeBuildOptions = {}): string {
  const boundary = opts.boundary ?? `=_swy_${randomToken(24)}`;
  const domain = msg.from.split('@')[1] ?? 'localhost';
  const messageId = opts.messageId ?? `<${randomToken(20)}@${domain}>`;
  const from =
    msg.fromName !== undefined
      ? `"${encodeHeaderValue(msg.fromName).replace(/["\\]/g, '')}" <${msg.from}>`
      : msg.from;
  const headers = [
    `From: ${from}`,
    `To: ${msg.to.join(', ')}`,
    `Subject: ${encodeHeaderValue(msg.subject)}`,
    `Date: ${formatMailDate(opts.date ?? new Date())}`,
    `Message-ID: ${messageId}`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
  ];
  const parts = [textPart(msg.text), ...(msg.attachments ?? []).map(attachmentPart)];
  const body = parts.map((p) => `--${boundary}${CRLF}${p}${CRLF}`).join('') + `--${boundary}--`;
  return `${headers.join(CRLF)}${CRLF}${CRLF}${body}${CRLF}`;
}

/**
 * RFC 5321 §4.5.2 transparency: "Before sending a line of mail text, the
 * SMTP client checks the first character of the line. If it is a period,
 * one additional period is inserted at the beginning of the line."
 */
export function dotStuff(data: string): string {
  return data.replace(/(^|\r\n)\./g, '$1..');
}
