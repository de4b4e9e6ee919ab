/**
 * The SIP message layer: parser, serializer, typed header values, URIs,
 * builders, request validation and stream framing (RFC 3261 §7, §8.2, §18.3,
 * §19, §20, §25). Pure code: it imports only core.
 */
export { parseSipMessage } from './parser.ts';
export type { SipParseError } from './parser.ts';
export { serializeSipMessage } from './serializer.ts';
export { unshared } from './unshared.ts';
export { SipRequest, SipResponse } from './sip-message.ts';
export type { HeaderEncoding, HeaderField, SipMessage } from './sip-message.ts';
export { SipErrorCode } from './sip-error-code.ts';
export type { SipErrorCodeValue } from './sip-error-code.ts';
export {
  createRequest,
  createResponse,
  formatVia,
  generateBranch,
  generateTag,
} from './builders.ts';
export type { RequestInit, ResponseInit } from './builders.ts';
export { reasonPhrase } from './reason-phrases.ts';
export { validateRequest, validateResponse } from './validate.ts';
export type { RequestDefect, ValidateOptions } from './validate.ts';
export { SipStreamFramer } from './stream-framer.ts';
export type { FramerEvent, SipStreamFramerOptions } from './stream-framer.ts';
export { isSipUri, isTelUri, parseUri, serializeUri, unescapeUri } from './uri.ts';
export type { OpaqueUri, SipUri, TelUri, Uri } from './uri.ts';
export { uriEquals } from './uri-compare.ts';
export { parseNameAddr, serializeNameAddr } from './name-addr.ts';
export type { NameAddr } from './name-addr.ts';
export { BRANCH_MAGIC_COOKIE, parseVia, serializeVia } from './via.ts';
export type { Via } from './via.ts';
export {
  parseCSeq,
  parseContacts,
  parseDeltaSeconds,
  parseMaxForwards,
  parseMediaType,
  parseNameAddrList,
  parseOptionTags,
} from './header-values.ts';
export type { CSeq, Contact, ContactList, MediaType } from './header-values.ts';
export { canonicalHeaderName, headerKey, isListHeader } from './header-names.ts';
export type { Params } from './syntax.ts';
export { quote, unquote, splitList } from './syntax.ts';
