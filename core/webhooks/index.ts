/*
 * Outgoing HTTP to URLs that tenants configure (issue 7, TM-11, D47): the
 * egress guard, and the signed, queued delivery of webhooks. It lives in
 * core because it needs only node:http, node:dns and the clock, and both
 * pbx (IVR web services and hangup actions, team events) and admin-api
 * (write-time URL checks) use it.
 */
export {
  cidrContains,
  parseCidr,
  parseIpAddress,
  refusedRangeOf,
  type Cidr,
  type IpAddress,
  type RefusedRange,
} from './ip-ranges.ts';
export {
  EgressPolicy,
  checkWebhookUrl,
  loggableUrl,
  type EgressVerdict,
  type WebhookUrlError,
} from './egress-policy.ts';
export {
  DEFAULT_EGRESS_TIMEOUT_MS,
  DEFAULT_MAX_RESPONSE_BYTES,
  EgressRefusedError,
  EgressResponseTooLargeError,
  EgressTimeoutError,
  createEgressFetch,
  type EgressFetch,
  type EgressFetchOptions,
  type EgressRefusal,
  type EgressRequestInit,
  type EgressResponse,
  type LookupAll,
} from './egress-fetch.ts';
export {
  SIGNATURE_HEADER,
  signWebhook,
  verifyWebhookSignature,
  type SignatureRejection,
} from './webhook-signature.ts';
export {
  DEFAULT_ATTEMPT_TIMEOUT_MS,
  DEFAULT_MAX_CONCURRENT,
  DEFAULT_MAX_QUEUED_PER_KEY,
  DEFAULT_RETRY_DELAYS_MS,
  WebhookDispatcher,
  type WebhookDelivery,
  type WebhookDispatcherOptions,
} from './webhook-dispatcher.ts';
