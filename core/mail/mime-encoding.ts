/*
 * Encodings for mail bodies and headers: quoted-printable (RFC 2045 §6.7),
 * base64 lines (RFC 2045 §6.8) and encoded-words (RFC 2047). Every output
 * is 7-bit ASCII, so messages pass relays without 8BITMIME.
 */

/** RFC 2045 §6.7 (5): encoded lines are at most 76 characters. */
const QP_LINE = 76;

function hexByte(b: number): string {
  return `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
}

/**
 * Quoted-printable of UTF-8 text. Line breaks of any kind become CRLF hard
 * breaks; a space or tab before a break is encoded (rule 3), and long lines
 * get soft breaks (`=` CRLF, rule 5) that never split an `=XX` triplet.
 */
export function encodeQuotedPrintable(text: string): string {
  const lines = text.split(/\r\n|\r|\n/);
  return lines.map(encodeQpLine).join('\r\n');
}

function encodeQpLine(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  const tokens: string[] = [];
  bytes.forEach((b, i) => {
    const isLast = i === bytes.length - 1;
    const isPlain = (b >= 33 && b <= 126 && b !== 61) || ((b === 32 || b === 9) && !isLast);
    tokens.push(isPlain ? String.fromCharCode(b) : hexByte(b));
  });
  let out = '';
  let width = 0;
  for (const t of tokens) {
    // Keep room for the soft break's `=` within the 76 characters.
    if (width + t.length > QP_LINE - 1) {
      out += '=\r\n';
      width = 0;
    }
    out += t;
    width += t.length;
  }
  return out;
}

/** Base64 in lines of 76 characters joined by CRLF (RFC 2045 §6.8). */
export function encodeBase64Lines(data: string | Uint8Array): string {
  const b64 = Buffer.from(data).toString('base64');
  const out: string[] = [];
  for (let i = 0; i < b64.length; i += QP_LINE) out.push(b64.slice(i, i + QP_LINE));
  return out.join('\r\n');
}

/** RFC 2047 §2: an encoded-word is at most 75 characters. */
const ENCODED_WORD_MAX = 75;
const WORD_OVERHEAD = '=?UTF-8?B??='.length;

/** True when `text` is printable ASCII that a header can carry as is. */
export function isPlainHeaderText(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text) && !/=\?/.test(text);
}

/**
 * UTF-8 `B` encoded-words for a header value (RFC 2047 §4.1), split so each
 * word stays within 75 characters and never cuts a character in two (§5:
 * each word must decode on its own). Words are joined by a space, which a
 * decoder drops between adjacent encoded-words (§6.2).
 */
export function encodeWords(text: string): string[] {
  const maxBytes = Math.floor((ENCODED_WORD_MAX - WORD_OVERHEAD) / 4) * 3;
  const words: string[] = [];
  let chunk: Buffer[] = [];
  let size = 0;
  const flush = () => {
    if (chunk.length === 0) return;
    words.push(`=?UTF-8?B?${Buffer.concat(chunk).toString('base64')}?=`);
    chunk = [];
    size = 0;
  };
  for (const ch of text) {
    const b = Buffer.from(ch, 'utf8');
    if (size + b.length > maxBytes) flush();
    chunk.push(b);
    size += b.length;
  }
  flush();
  return words;
}
