import type { SipMessage } from './sip-message.ts';

/** True when every char of `s` is 7-bit ASCII. */
function isAsciiText(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}

/**
 * Serializes a message to wire bytes (RFC 3261 §7). Header lines that were
 * received and not changed since are written exactly as received, folding
 * included, so a proxy forwards what it did not touch byte for byte. Lines we
 * set are written as `Name: value` in UTF-8.
 *
 * The start line is always regenerated with single SPs, so extra SP that a
 * liberal parse accepted is not forwarded (RFC 4475 §3.1.2.9, §3.1.2.10).
 * Content-Length is always made to match the body: it is added when absent
 * (it is mandatory on streams, §18.3, and cheap on datagrams).
 */
export function serializeSipMessage(msg: SipMessage): Buffer {
  const startLine = msg.isRequest
    ? `${msg.method} ${msg.requestUri} ${msg.version}\r\n`
    : `${msg.version} ${msg.status} ${msg.reason}\r\n`;
  const bodyLength = msg.body.length;
  // A header section that was not valid UTF-8 was decoded byte per char:
  // its raw lines go back out as latin1, lines we set as UTF-8.
  if (msg.headerEncoding === 'latin1') return serializeMixed(msg, startLine);
  let head = startLine;
  let hasLength = false;
  for (const f of msg.headerFields()) {
    if (f.key === 'content-length') {
      if (hasLength) continue;
      hasLength = true;
      head +=
        f.raw !== undefined && f.value === String(bodyLength) ? f.raw : `${f.name}: ${bodyLength}`;
    } else {
      head += f.raw ?? `${f.name}: ${f.value}`;
    }
    head += '\r\n';
  }
  if (!hasLength) head += `Content-Length: ${bodyLength}\r\n`;
  head += '\r\n';
  const headLength = isAsciiText(head) ? head.length : Buffer.byteLength(head, 'utf8');
  const out = Buffer.allocUnsafe(headLength + bodyLength);
  out.write(head, 0, 'utf8');
  msg.body.copy(out, headLength);
  return out;
}

function serializeMixed(msg: SipMessage, startLine: string): Buffer {
  const bodyLength = msg.body.length;
  const isByteString = (t: string): boolean => {
    for (let k = 0; k < t.length; k++) if (t.charCodeAt(k) > 255) return false;
    return true;
  };
  const parts: Buffer[] = [Buffer.from(startLine, isByteString(startLine) ? 'latin1' : 'utf8')];
  let hasLength = false;
  for (const f of msg.headerFields()) {
    if (f.key === 'content-length') {
      if (hasLength) continue;
      hasLength = true;
      const line =
        f.raw !== undefined && f.value === String(bodyLength) ? f.raw : `${f.name}: ${bodyLength}`;
      parts.push(Buffer.from(line + '\r\n', 'latin1'));
    } else if (f.raw !== undefined) {
      parts.push(Buffer.from(f.raw + '\r\n', 'latin1'));
    } else {
      parts.push(Buffer.from(`${f.name}: ${f.value}\r\n`, 'utf8'));
    }
  }
  if (!hasLength) parts.push(Buffer.from(`Content-Length: ${bodyLength}\r\n`, 'latin1'));
  parts.push(Buffer.from('\r\n', 'latin1'), msg.body);
  return Buffer.concat(parts);
}
