import { TypedEmitter, type Clock, type Logger } from '../../core/index.ts';
import { createResponse, isSipUri, type SipRequest, type SipUri } from '../message/index.ts';
import type { ServerTransaction } from '../transaction/index.ts';
import type { InboundPacket, RejectLog } from '../transport/index.ts';
import type { DigestServer } from '../user-agent/index.ts';
import { digestRejection } from '../user-agent/index.ts';
import type { AuthFailureTracker } from './auth-failure-tracker.ts';
import type { Binding, ContactTarget } from './binding.ts';
import { BindingTable } from './binding-table.ts';
import { updateBindings, type BindingLimits } from './contact-processing.ts';
import { entryRefusal } from './registrar-ports.ts';
import type { BindingPersistence, DirectoryEntry, RegistrarDirectory } from './registrar-ports.ts';

/** Settings of the registrar; times in seconds as in Expires. */
export interface RegistrarOptions extends BindingLimits {
  /** How often bindings are written to the store. */
  persistIntervalMs: number;
  /** How often expired bindings are swept. */
  sweepIntervalMs: number;
}

/** Defaults in line with common registrars (Kamailio, Asterisk). */
export const DEFAULT_REGISTRAR_OPTIONS: RegistrarOptions = {
  minExpiresSec: 60,
  maxExpiresSec: 3600,
  defaultExpiresSec: 3600,
  maxContactsPerAor: 10,
  persistIntervalMs: 1000,
  sweepIntervalMs: 1000,
};

/** Registration events, for BLF, monitors and the admin API. */
export type RegistrarEvents = {
  registered: [Binding, { isNew: boolean }];
  unregistered: [Binding, { reason: 'expired' | 'removed' }];
  authFailed: [{ ip: string; username: string | undefined; reason: string }];
  banned: [{ ip: string; durationMs: number }];
  listenererror: [string, unknown];
};

/** What the registrar needs from the rest of the stack. */
export interface RegistrarDeps {
  clock: Clock;
  logger: Logger;
  directory: RegistrarDirectory;
  persistence: BindingPersistence | undefined;
  digest: DigestServer;
  failures: AuthFailureTracker;
  rejects: RejectLog;
  /** Bans an IP at the transports (every message dropped) for `durationMs`. */
  ban: (ip: string, durationMs: number) => void;
  banDurationMs: number;
  options: RegistrarOptions;
}

function bareHost(uri: SipUri): string {
  return uri.host.replace(/^\[|\]$/g, '').toLowerCase();
}

/**
 * The registrar of RFC 3261 §10.3 for every team: authenticates REGISTERs
 * with digest (RFC 7616/8760), keeps bindings in memory, persists them in
 * batches, expires them, and answers lookups for the proxy and B2BUA.
 */
export class Registrar extends TypedEmitter<RegistrarEvents> {
  readonly table = new BindingTable();
  private readonly dirty = new Map<string, Binding>();
  private readonly removed = new Map<string, { aor: string; contactUri: string }>();
  private sweepTimer: ReturnType<Clock['setInterval']> | undefined;
  private persistTimer: ReturnType<Clock['setInterval']> | undefined;

  constructor(private readonly deps: RegistrarDeps) {
    super(deps.logger);
  }

  /** Loads persisted bindings and starts the sweep and persistence timers. */
  start(): void {
    const nowMs = this.deps.clock.now();
    for (const stored of this.deps.persistence?.loadAll() ?? []) {
      if (stored.expiresAtMs <= nowMs) continue;
      this.table.put({ ...stored, connectionId: undefined });
    }
    this.sweepTimer = this.deps.clock.setInterval(
      () => this.sweep(),
      this.deps.options.sweepIntervalMs,
    );
    this.persistTimer = this.deps.clock.setInterval(
      () => this.flush(),
      this.deps.options.persistIntervalMs,
    );
  }

  /** Writes pending changes and stops the timers. */
  stop(): void {
    if (this.sweepTimer !== undefined) this.deps.clock.clearInterval(this.sweepTimer);
    if (this.persistTimer !== undefined) this.deps.clock.clearInterval(this.persistTimer);
    this.flush();
  }

  /**
   * Contacts found not answering OPTIONS (qualify, D86), set by the SIP
   * stack: lookups leave them out, as Asterisk does not dial an
   * UNREACHABLE peer.
   */
  isUnreachable: ((binding: Binding) => boolean) | undefined;

  /**
   * An extension's fixed address (T-2 `host=<address>`, D92), set by the
   * SIP stack: a contact without a registration, as Asterisk dials a peer
   * with a static host.
   */
  staticContact: ((teamId: number, number: string) => Binding | undefined) | undefined;

  /**
   * Registered contacts of an extension, best first, with where to send;
   * then its fixed address unless a registration already points there.
   * Contacts and fixed addresses found unreachable are left out (D86, D95).
   */
  lookup(teamId: number, number: string): ContactTarget[] {
    const bindings = this.table.get(`${teamId}/${number}`);
    const isUnreachable = this.isUnreachable;
    const targets =
      isUnreachable === undefined
        ? bindings.map(contactTarget)
        : bindings.filter((b) => !isUnreachable(b)).map(contactTarget);
    const fixed = this.staticContact?.(teamId, number);
    if (fixed === undefined || isUnreachable?.(fixed) === true) return targets;
    const at = contactTarget(fixed);
    if (targets.some((t) => t.address === at.address && t.port === at.port)) return targets;
    targets.push(at);
    return targets;
  }

  /** Handles one REGISTER in its server transaction. */
  handleRegister(request: SipRequest, tx: ServerTransaction, packet: InboundPacket): void {
    const toUri = request.to()?.uri;
    if (toUri === undefined || !isSipUri(toUri) || toUri.user === undefined) {
      // §10.3 step 5: an AOR that is not valid for the domain gets 404.
      tx.respond(createResponse(request, 404));
      return;
    }
    const domain = bareHost(toUri);
    const user = toUri.user;
    const realm = this.deps.directory.realmFor(domain, user);
    const authorization = request.authorization();
    if (authorization.length === 0) {
      this.challenge(request, tx, realm, false);
      return;
    }
    let authEntry: DirectoryEntry | undefined;
    const result = this.deps.digest.verify({
      method: 'REGISTER',
      realm,
      credentials: authorization[0]!,
      ha1: (username, r, algorithm) => {
        const e = this.deps.directory.find(domain, username);
        if (e === undefined || e.realm !== r) return undefined;
        authEntry = e;
        return algorithm === 'MD5' ? e.ha1Md5 : e.ha1Sha256;
      },
    });
    const ip = packet.source.address;
    if (!result.ok) {
      const rejection = digestRejection(result.reason);
      if (rejection.action === 'bad-request') {
        this.deps.rejects.record(packet.source, `auth-${result.reason}`, packet.data);
        tx.respond(createResponse(request, 400, { reason: 'Malformed Authorization' }));
        return;
      }
      if (!rejection.stale)
        this.recordFailure(ip, authEntry === undefined ? undefined : user, result.reason, packet);
      this.challenge(request, tx, realm, rejection.stale);
      return;
    }
    if (this.deps.failures.isUserLocked(result.username)) {
      this.recordFailure(ip, result.username, 'user-locked', packet);
      this.challenge(request, tx, realm, false);
      return;
    }
    // §10.3 step 3: the authenticated user must be allowed to modify this AOR.
    // Phones almost always authenticate as their own AOR: reuse that lookup.
    const aorEntry = result.username === user ? authEntry : this.deps.directory.find(domain, user);
    if (aorEntry === undefined || aorEntry.extensionId !== authEntry?.extensionId) {
      this.deps.failures.recordSuccess(ip);
      tx.respond(createResponse(request, 403));
      return;
    }
    const refusal = entryRefusal(aorEntry, ip);
    if (refusal === 'host-restricted') {
      // EXT-2: good credentials from a foreign address. Logged and
      // reported, but not a failed guess: the IP is not banned for it.
      this.deps.rejects.record(packet.source, 'register-host-restricted', packet.data);
      this.safeEmit('authFailed', { ip, username: result.username, reason: refusal });
      tx.respond(createResponse(request, 403, { reason: 'Host Not Allowed' }));
      return;
    }
    this.deps.failures.recordSuccess(ip);
    if (refusal !== undefined) {
      // EXT-1 disabled; EXT-15 an external extension has no device (D40).
      tx.respond(createResponse(request, 403));
      return;
    }
    const outcome = updateBindings(
      request,
      packet,
      aorEntry,
      this.table,
      this.deps.clock.now(),
      this.deps.options,
    );
    if (outcome.kind === 'reject') {
      tx.respond(
        createResponse(request, outcome.status, {
          reason: outcome.reason,
          headers: outcome.headers,
        }),
      );
      return;
    }
    for (const b of outcome.added) this.markDirty(b, true);
    for (const b of outcome.refreshed) this.markDirty(b, false);
    for (const b of outcome.removed) this.markRemoved(b, 'removed');
    const nowMs = this.deps.clock.now();
    const contacts = this.table
      .get(aorEntry.teamId + '/' + aorEntry.number)
      .map(
        (b) =>
          [
            'Contact',
            `<${b.contactUri}>;expires=${Math.max(0, Math.round((b.expiresAtMs - nowMs) / 1000))}`,
          ] as [string, string],
      );
    tx.respond(
      createResponse(request, 200, {
        headers: [...contacts, ['Date', new Date(nowMs).toUTCString()]],
      }),
    );
  }

  /** Removes expired bindings (called by the timer; public for tests). */
  sweep(): void {
    for (const b of this.table.sweep(this.deps.clock.now())) this.markRemoved(b, 'expired', false);
  }

  /** Writes the batched changes to the store in one transaction. */
  flush(): void {
    if (this.deps.persistence === undefined || (this.dirty.size === 0 && this.removed.size === 0)) {
      this.dirty.clear();
      this.removed.clear();
      return;
    }
    const upserts = [...this.dirty.values()].map(({ connectionId: _c, ...stored }) => stored);
    const removals = [...this.removed.values()];
    this.dirty.clear();
    this.removed.clear();
    try {
      this.deps.persistence.apply(upserts, removals);
    } catch (err) {
      this.deps.logger.error({ err, count: upserts.length }, 'persisting registrations failed');
    }
  }

  private challenge(
    request: SipRequest,
    tx: ServerTransaction,
    realm: string,
    stale: boolean,
  ): void {
    const headers = this.deps.digest
      .challenge({ realm, stale })
      .map((value) => ['WWW-Authenticate', value] as [string, string]);
    tx.respond(createResponse(request, 401, { headers }));
  }

  private recordFailure(
    ip: string,
    username: string | undefined,
    reason: string,
    packet: InboundPacket,
  ): void {
    this.deps.rejects.record(packet.source, `auth-${reason}`, packet.data);
    this.safeEmit('authFailed', { ip, username, reason });
    const outcome = this.deps.failures.recordFailure(ip, username);
    if (outcome === 'ip-banned') {
      this.deps.ban(ip, this.deps.banDurationMs);
      this.deps.logger.warn(
        { ip, durationMs: this.deps.banDurationMs },
        'source banned after failed authentications',
      );
      this.safeEmit('banned', { ip, durationMs: this.deps.banDurationMs });
    }
  }

  private markDirty(b: Binding, isNew: boolean): void {
    const key = `${b.aor}\x00${b.contactUri}`;
    this.removed.delete(key);
    this.dirty.set(key, b);
    this.safeEmit('registered', b, { isNew });
  }

  private markRemoved(b: Binding, reason: 'expired' | 'removed', isInTable = true): void {
    if (isInTable) this.table.remove(b);
    const key = `${b.aor}\x00${b.contactUri}`;
    this.dirty.delete(key);
    this.removed.set(key, { aor: b.aor, contactUri: b.contactUri });
    this.safeEmit('unregistered', b, { reason });
  }
}

/** Where a request to a binding goes: its source when behind NAT (RFC 3581). */
export function contactTarget(b: Binding): ContactTarget {
  if (b.isBehindNat || b.protocol !== 'udp') {
    return {
      binding: b,
      protocol: b.protocol,
      address: b.sourceAddress,
      port: b.sourcePort,
      connectionId: b.connectionId,
    };
  }
  const m = /^sips?:(?:[^@]*@)?(\[[^\]]+\]|[^:;>]+)(?::(\d+))?/i.exec(b.contactUri);
  const host = (m?.[1] ?? b.sourceAddress).replace(/^\[|\]$/g, '');
  return {
    binding: b,
    protocol: b.protocol,
    address: host,
    port: m?.[2] ? Number(m[2]) : 5060,
    connectionId: undefined,
  };
}
