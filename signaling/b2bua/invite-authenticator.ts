import { createResponse, isSipUri, type SipRequest } from '../message/index.ts';
import { entryRefusal, type DirectoryEntry, type RegistrarDirectory } from '../registrar/index.ts';
import type { ServerTransaction } from '../transaction/index.ts';
import type { InboundPacket, RejectLog } from '../transport/index.ts';
import { digestRejection, type DigestServer, type Ha1Lookup } from '../user-agent/index.ts';

/** What authenticating an INVITE needs. */
export interface InviteAuthDeps {
  readonly directory: RegistrarDirectory;
  readonly digest: DigestServer;
  readonly rejects: RejectLog;
}

/**
 * Authenticates an INVITE from an extension with digest (RFC 3261 §22.2,
 * RFC 8760) in the realm of the From domain, as the registrar does for
 * REGISTER. Returns the caller, or answers the request itself (401 with a
 * challenge, 400, 403) and returns undefined. An unknown user and a wrong
 * password get the same 401, so a scan cannot tell extensions apart.
 */
export function authenticateInvite(
  deps: InviteAuthDeps,
  request: SipRequest,
  tx: ServerTransaction,
  packet: InboundPacket,
): DirectoryEntry | undefined {
  const fromUri = request.from()?.uri;
  if (fromUri === undefined || !isSipUri(fromUri) || fromUri.user === undefined) {
    tx.respond(createResponse(request, 403));
    return undefined;
  }
  const domain = fromUri.host.replace(/^\[|\]$/g, '').toLowerCase();
  const realm = deps.directory.realmFor(domain, fromUri.user);
  let entry: DirectoryEntry | undefined;
  const isPassed = checkInviteDigest(
    deps,
    request,
    tx,
    packet,
    realm,
    'auth-invite',
    (username, r, algorithm) => {
      const e = deps.directory.find(domain, username);
      if (e === undefined || e.realm !== r) return undefined;
      entry = e;
      return algorithm === 'MD5' ? e.ha1Md5 : e.ha1Sha256;
    },
  );
  if (!isPassed) return undefined;
  if (entry === undefined) {
    tx.respond(createResponse(request, 403));
    return undefined;
  }
  const refusal = entryRefusal(entry, packet.source.address);
  if (refusal !== undefined) {
    // EXT-1 disabled, EXT-2 a foreign source address, EXT-15 an external
    // extension, which has no device to call from (D40).
    if (refusal === 'host-restricted') {
      deps.rejects.record(packet.source, 'invite-host-restricted', packet.data);
    }
    const reason = refusal === 'host-restricted' ? 'Host Not Allowed' : undefined;
    tx.respond(createResponse(request, 403, reason === undefined ? {} : { reason }));
    return undefined;
  }
  return entry;
}

/**
 * Digest of an INVITE in `realm` (RFC 3261 §22.2, RFC 7616): true when it
 * passed. Otherwise it is answered, 401 with a fresh challenge (stale when
 * the nonce was, §3.3) or 400 for malformed credentials, the failure is
 * recorded as `<tag>-<reason>` for the ban logic, and false is returned.
 */
export function checkInviteDigest(
  deps: Pick<InviteAuthDeps, 'digest' | 'rejects'>,
  request: SipRequest,
  tx: ServerTransaction,
  packet: InboundPacket,
  realm: string,
  tag: string,
  ha1: Ha1Lookup,
): boolean {
  const challenge = (stale: boolean): false => {
    const headers = deps.digest
      .challenge({ realm, stale })
      .map((value) => ['WWW-Authenticate', value] as [string, string]);
    tx.respond(createResponse(request, 401, { headers }));
    return false;
  };
  const authorization = request.authorization()[0];
  if (authorization === undefined) return challenge(false);
  const result = deps.digest.verify({
    method: request.method,
    realm,
    credentials: authorization,
    ha1,
  });
  if (result.ok) return true;
  deps.rejects.record(packet.source, `${tag}-${result.reason}`, packet.data);
  const rejection = digestRejection(result.reason);
  if (rejection.action === 'bad-request') {
    tx.respond(createResponse(request, 400, { reason: 'Malformed Authorization' }));
    return false;
  }
  return challenge(rejection.stale);
}
