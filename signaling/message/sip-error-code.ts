/**
 * Stable codes of the errors the SIP message layer reports. Callers count
 * dropped messages per code (STYLE §4.3), so these strings never change.
 */
export const SipErrorCode = {
  /** The input holds nothing but whitespace. */
  EMPTY: 'ERR_SIP_EMPTY',
  /** The Request-Line or Status-Line does not follow RFC 3261 §7.1/§7.2. */
  BAD_START_LINE: 'ERR_SIP_BAD_START_LINE',
  /** The SIP-Version is not of the form SIP/1*DIGIT.1*DIGIT. */
  BAD_VERSION: 'ERR_SIP_BAD_VERSION',
  /** A header line or a header value does not follow its grammar. */
  BAD_HEADER: 'ERR_SIP_BAD_HEADER',
  /** A header that RFC 3261 §8.1.1 makes mandatory is absent. */
  MISSING_HEADER: 'ERR_SIP_MISSING_HEADER',
  /** The header section does not end with an empty line. */
  TRUNCATED: 'ERR_SIP_TRUNCATED',
  /** Content-Length is malformed, repeated with another value, or too large. */
  CONTENT_LENGTH: 'ERR_SIP_CONTENT_LENGTH',
  /** A URI does not follow RFC 3261 §19.1 / RFC 3966. */
  BAD_URI: 'ERR_SIP_BAD_URI',
  /** Max-Forwards reached 0 (RFC 3261 §16.3 step 2). */
  TOO_MANY_HOPS: 'ERR_SIP_TOO_MANY_HOPS',
  /** Require lists an option tag we do not support (RFC 3261 §8.2.2.3). */
  BAD_EXTENSION: 'ERR_SIP_BAD_EXTENSION',
  /** A stream message exceeds the configured maximum size. */
  MESSAGE_TOO_LARGE: 'ERR_SIP_MESSAGE_TOO_LARGE',
} as const;

/** One of the codes of SipErrorCode. */
export type SipErrorCodeValue = (typeof SipErrorCode)[keyof typeof SipErrorCode];
