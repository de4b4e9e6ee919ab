/*
 * Which trunk an initial INVITE came from (spec 01 TRK-3): an ipPeer,
 * registration or cascade trunk is known by its host's addresses; its
 * `insecure` (T-2, D91) may also ask for its port and for its credentials.
 * Whatever is not a trunk's call is an extension's, authenticated by
 * invite-authenticator.ts.
 */
import { computeHa1, type TrunkPeer } from '../../core/index.ts';
import { isSipUri, type SipRequest } from '../message/index.ts';
import type { RegistrarDirectory } from '../registrar/index.ts';
import type { ServerTransaction } from '../transaction/index.ts';
import type { InboundPacket, RejectLog } from '../transport/index.ts';
import { parseDigestCredentials, type DigestServer } from '../user-agent/index.ts';
import { checkInviteDigest } from './invite-authenticator.ts';
import type { TrunkPeerMatcher } from './trunk-peer-matcher.ts';

/** What finding a request's trunk needs; the B2BUA's InviteRouting has it. */
export interface TrunkInviteDeps {
  readonly deps: {
    readonly router: { trunkPeers(): readonly TrunkPeer[] };
    readonly directory: Pick<RegistrarDirectory, 'realmFor'>;
    readonly digest: DigestServer;
    readonly rejects: RejectLog;
  };
  readonly peers: TrunkPeerMatcher;
}

/** A trunk's call and the number it is for; 'answered' when challenged or refused. */
export type TrunkInvite =
  | { readonly kind: 'trunk'; readonly peer: TrunkPeer; readonly did: string | undefined }
  | { readonly kind: 'answered' }
  | { readonly kind: 'none' };

const NONE: TrunkInvite = { kind: 'none' };
const ANSWERED: TrunkInvite = { kind: 'answered' };

/**
 * The trunk `request` came from, if any. An INVITE with credentials is an
 * extension's, unless they are those of a trunk that asks for them (its
 * `insecure` lacks `invite`); such a trunk's INVITE without them is
 * challenged here, as Asterisk challenges a peer.
 */
export async function matchTrunkInvite(
  r: TrunkInviteDeps,
  request: SipRequest,
  tx: ServerTransaction,
  packet: InboundPacket,
): Promise<TrunkInvite> {
  const uri = request.uri();
  const dialled = uri !== undefined && isSipUri(uri) ? uri.user : undefined;
  const authorization = request.authorization()[0];
  let peers = r.deps.router.trunkPeers();
  if (authorization !== undefined) {
    peers = peers.filter((p) => p.credentials !== undefined);
    if (peers.length === 0) return NONE;
    const username = credentialsUser(authorization);
    peers = peers.filter((p) => p.credentials!.username === username);
  }
  if (peers.length === 0) return NONE;
  const { address, port } = packet.source;
  const peer = await r.peers.match(peers, address, { port, requestUser: dialled });
  if (peer === undefined) return NONE;
  if (peer.credentials !== undefined && !isTrunkAuthenticated(r.deps, request, tx, packet, peer)) {
    return ANSWERED;
  }
  return { kind: 'trunk', peer, did: didOf(request, peer, dialled) };
}

/**
 * The DID of a trunk's call: the Request-URI's user, except that a
 * registration trunk's carrier sends its calls to the Contact we
 * registered, whose user is the account's username (TRK-2); the dialled
 * DID is then in To, where carriers put it.
 */
function didOf(
  request: SipRequest,
  peer: TrunkPeer,
  dialled: string | undefined,
): string | undefined {
  if (peer.username === undefined || dialled !== peer.username) return dialled;
  const to = request.to()?.uri;
  const user = to !== undefined && isSipUri(to) ? to.user : undefined;
  return user ?? dialled;
}

function credentialsUser(value: string): string | undefined {
  const parsed = parseDigestCredentials(value);
  return parsed.ok ? parsed.value.username : undefined;
}

/**
 * Digest of a trunk's INVITE (RFC 3261 §22.2) against the trunk's own
 * username and secret; false (and answered) when missing or wrong.
 */
function isTrunkAuthenticated(
  deps: TrunkInviteDeps['deps'],
  request: SipRequest,
  tx: ServerTransaction,
  packet: InboundPacket,
  peer: TrunkPeer,
): boolean {
  const credentials = peer.credentials!;
  // The realm an extension's INVITE with this From gets: a phone that
  // shares the carrier's address answers this challenge as itself, and
  // its credentials then pass the extension's check.
  const from = request.from()?.uri;
  const realm =
    from !== undefined && isSipUri(from)
      ? deps.directory.realmFor(from.host.replace(/^\[|\]$/g, '').toLowerCase(), from.user ?? '')
      : 'switchyard';
  return checkInviteDigest(
    deps,
    request,
    tx,
    packet,
    realm,
    'auth-trunk-invite',
    (username, r, algorithm) =>
      username === credentials.username && r === realm
        ? computeHa1(algorithm, username, realm, credentials.password)
        : undefined,
  );
}
