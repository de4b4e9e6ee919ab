/**
 * Why DigestServer.verify() refused credentials. The reasons are for logs and
 * counters; what goes on the wire comes from digestRejection(), which gives
 * 'unknown-user' and 'bad-response' the same answer so that a peer cannot
 * probe which user names exist.
 */
export type DigestFailureReason =
  'unknown-user' | 'bad-response' | 'stale' | 'replay' | 'bad-realm' | 'malformed' | 'bad-uri';

/** The outcome of DigestServer.verify(). */
export type DigestVerifyResult =
  | { readonly ok: true; readonly username: string }
  | { readonly ok: false; readonly reason: DigestFailureReason };

/**
 * What to send back for a failed verification: a new challenge (401 from a
 * registrar or UAS, 407 from a proxy) or 400 Bad Request.
 */
export type DigestRejection =
  { readonly action: 'challenge'; readonly stale: boolean } | { readonly action: 'bad-request' };

/**
 * Maps a failure reason to the reply. RFC 7616 §3.3: the server SHOULD only
 * set stale to true if the nonce is invalid and the response is valid for
 * it, which is exactly the 'stale' reason. RFC 2617 §3.2.2.5: a digest-uri
 * that differs from the Request-URI SHOULD get 400.
 */
export function digestRejection(reason: DigestFailureReason): DigestRejection {
  switch (reason) {
    case 'stale':
      return { action: 'challenge', stale: true };
    case 'unknown-user':
    case 'bad-response':
    case 'bad-realm':
    case 'replay':
      return { action: 'challenge', stale: false };
    case 'malformed':
    case 'bad-uri':
      return { action: 'bad-request' };
  }
}
