import type { TimerHandle } from '../../core/index.ts';
import { createResponse, generateTag, isSipUri, type SipRequest } from '../message/index.ts';
import { Dialog, dialogKey, type ViaSource } from '../dialog/index.ts';
import type { Destination, ServerTransaction } from '../transaction/index.ts';
import type { InboundPacket } from '../transport/index.ts';
import { contactFor, type B2buaContext } from './b2bua-context.ts';
import { dialogInfoXml, type ExtensionDialog } from './dialog-info.ts';
import { authenticateInvite, type InviteAuthDeps } from './invite-authenticator.ts';

/** RFC 6665 §4.1.2.1: subscriptions last this long unless the subscriber asks for less. */
const DEFAULT_EXPIRES_S = 3600;
const MIN_EXPIRES_S = 60;

/** Messages in a voicemail box, for message-summary (RFC 3842 §5.2). */
export interface MailboxCounts {
  readonly newCount: number;
  readonly oldCount: number;
}

/** An extension as the watch policy sees it (the watcher, or the watched). */
export interface BlfParty {
  readonly teamId: number;
  readonly extensionId: number;
  readonly number: string;
}

/**
 * What may be watched besides extensions, and by whom; app.ts backs it
 * with the config store and the parking runtime.
 */
export interface BlfWatchPolicy {
  /**
   * The dialogs of parking slot `number` of `teamId` (one confirmed dialog
   * while a call is parked there, none when idle); undefined when
   * `number` is no slot.
   */
  slotDialogsOf?(teamId: number, number: string): readonly ExtensionDialog[] | undefined;
  /** BLF-2: whether `watcher` may watch extension `target` (its BLF target group). */
  blfAllowed?(watcher: BlfParty, target: BlfParty): boolean;
}

/** The event packages served. */
type EventPackage = 'dialog' | 'message-summary';

const CONTENT_TYPES: Record<EventPackage, string> = {
  dialog: 'application/dialog-info+xml',
  'message-summary': 'application/simple-message-summary',
};

interface Subscription {
  readonly event: EventPackage;
  readonly dialog: Dialog;
  readonly key: string;
  /** `teamId/number` of the watched extension. */
  readonly target: string;
  /** Whether the target is a parking slot rather than an extension. */
  readonly isSlot: boolean;
  readonly entity: string;
  readonly via: ViaSource;
  readonly destination: Destination;
  readonly contact: string;
  version: number;
  timer: TimerHandle | undefined;
}

/**
 * SUBSCRIBE/NOTIFY (RFC 6665) for busy lamp fields and message waiting:
 * the dialog event package (RFC 4235) of the extensions of the watcher's
 * team that its BLF target group allows (BLF-2) and of the team's parking
 * slots, and message-summary (RFC 3842) of the watcher's own voicemail
 * box. Subscribers authenticate with digest like an INVITE. Each
 * subscription gets a NOTIFY with the full state at once, on every
 * change (calls early, confirmed, terminated; messages left or heard), on
 * refresh, and a final one when it ends (Expires 0 or timeout).
 */
export class BlfSubscriptions {
  private readonly byKey = new Map<string, Subscription>();
  private readonly byTarget = new Map<string, Set<Subscription>>();
  private policy: BlfWatchPolicy;

  constructor(
    private readonly ctx: B2buaContext,
    private readonly deps: InviteAuthDeps & {
      /** The current dialogs of extension `number` of `teamId`. */
      dialogsOf(teamId: number, number: string): readonly ExtensionDialog[];
      /** The voicemail counts of extension `number`; undefined without a box. */
      mailboxOf?:
        ((teamId: number, number: string) => Promise<MailboxCounts | undefined>) | undefined;
      policy?: BlfWatchPolicy | undefined;
    },
  ) {
    this.policy = deps.policy ?? {};
  }

  /** Sets what may be watched besides extensions, and by whom (app.ts, after building). */
  usePolicy(policy: BlfWatchPolicy): void {
    this.policy = policy;
  }

  /** Live subscriptions, for tests and metrics. */
  get size(): number {
    return this.byKey.size;
  }

  receive(request: SipRequest, tx: ServerTransaction, packet: InboundPacket): void {
    const expires = this.expiresOf(request);
    if (request.toTag() !== undefined) return this.refresh(request, tx, expires);
    const event = (request.getHeader('Event') ?? '').split(';')[0]!.trim().toLowerCase();
    if (event !== 'dialog' && (event !== 'message-summary' || this.deps.mailboxOf === undefined)) {
      // RFC 6665 §4.2.1.1: an event package we do not know gets 489.
      const allowed = this.deps.mailboxOf === undefined ? 'dialog' : 'dialog, message-summary';
      return tx.respond(createResponse(request, 489, { headers: [['Allow-Events', allowed]] }));
    }
    if (expires !== 0 && expires < MIN_EXPIRES_S) {
      const headers: Array<[string, string]> = [['Min-Expires', String(MIN_EXPIRES_S)]];
      return tx.respond(createResponse(request, 423, { headers }));
    }
    const watcher = authenticateInvite(this.deps, request, tx, packet);
    if (watcher === undefined) return;
    const uri = request.uri();
    const fromUri = request.from()?.uri;
    const user = uri !== undefined && isSipUri(uri) ? uri.user : undefined;
    const domain = fromUri !== undefined && isSipUri(fromUri) ? fromUri.host.toLowerCase() : '';
    const watched = user === undefined ? undefined : this.deps.directory.find(domain, user);
    const isSlot =
      watched === undefined &&
      event === 'dialog' &&
      user !== undefined &&
      this.policy.slotDialogsOf?.(watcher.teamId, user) !== undefined;
    // Only extensions (and parking slots) of the watcher's own team can be watched (tenants).
    if (!isSlot && (watched === undefined || watched.teamId !== watcher.teamId)) {
      return tx.respond(createResponse(request, 404));
    }
    const number = watched?.number ?? user!;
    // RFC 3842 §6: a mailbox is only its owner's business.
    if (event === 'message-summary' && number !== watcher.number) {
      return tx.respond(createResponse(request, 403));
    }
    // BLF-2: another extension only if the watcher's BLF target group has it.
    const isOther = watched !== undefined && watched.extensionId !== watcher.extensionId;
    if (isOther && event === 'dialog' && this.policy.blfAllowed?.(watcher, watched) === false) {
      return tx.respond(createResponse(request, 403));
    }
    const via = this.ctx.viaSource(packet.local.protocol);
    const localTag = generateTag();
    const dialog = Dialog.asUas(request, localTag, 'confirmed');
    if (via === undefined || dialog === undefined) return tx.respond(createResponse(request, 500));
    const contact = contactFor(via, number);
    tx.respond(
      createResponse(request, 200, {
        toTag: localTag,
        headers: [
          ['Contact', contact],
          ['Expires', String(expires)],
        ],
      }),
    );
    const sub: Subscription = {
      event,
      dialog,
      key: dialog.key,
      target: `${watcher.teamId}/${number}`,
      isSlot,
      entity: `sip:${number}@${domain}`,
      via,
      destination: tx.destination,
      contact,
      version: 0,
      timer: undefined,
    };
    if (expires === 0) return this.end(sub, 'timeout');
    this.byKey.set(sub.key, sub);
    const set = this.byTarget.get(`${event}:${sub.target}`) ?? new Set();
    set.add(sub);
    this.byTarget.set(`${event}:${sub.target}`, set);
    this.arm(sub, expires);
    this.notify(sub, `active;expires=${expires}`);
  }

  /**
   * The calls of extension (or parking slot) `number` of `teamId`
   * changed: every watcher hears of it. A call that just ended is reported once as terminated
   * (RFC 4235 §3.7.1), so lamps see the whole life of the call.
   */
  changed(teamId: number, number: string, ended?: ExtensionDialog): void {
    for (const sub of this.byTarget.get(`dialog:${teamId}/${number}`) ?? []) {
      this.notify(sub, 'active', ended);
    }
  }

  /** Extension `number`'s voicemail counts changed: its message-summary subscribers hear of it. */
  mailboxChanged(teamId: number, number: string): void {
    for (const sub of this.byTarget.get(`message-summary:${teamId}/${number}`) ?? []) {
      this.notify(sub, 'active');
    }
  }

  /** Ends every subscription (shutdown), with a final NOTIFY. */
  stop(): void {
    for (const sub of [...this.byKey.values()]) this.end(sub, 'noresource');
  }

  private refresh(request: SipRequest, tx: ServerTransaction, expires: number): void {
    const key = this.keyOf(request);
    const sub = key === undefined ? undefined : this.byKey.get(key);
    // RFC 6665 §4.2.1.2: a refresh of a subscription we do not have gets 481.
    if (sub === undefined) return tx.respond(createResponse(request, 481));
    if (sub.dialog.receiveRequest(request) === 'out-of-order') {
      return tx.respond(createResponse(request, 500));
    }
    tx.respond(createResponse(request, 200, { headers: [['Expires', String(expires)]] }));
    if (expires === 0) return this.end(sub, 'timeout');
    this.arm(sub, expires);
    this.notify(sub, `active;expires=${expires}`);
  }

  private end(sub: Subscription, reason: 'timeout' | 'noresource'): void {
    if (sub.timer !== undefined) this.ctx.clock.clearTimeout(sub.timer);
    this.byKey.delete(sub.key);
    this.byTarget.get(`${sub.event}:${sub.target}`)?.delete(sub);
    this.notify(sub, `terminated;reason=${reason}`);
  }

  private arm(sub: Subscription, expires: number): void {
    if (sub.timer !== undefined) this.ctx.clock.clearTimeout(sub.timer);
    sub.timer = this.ctx.clock.setTimeout(() => this.end(sub, 'timeout'), expires * 1000);
  }

  private notify(sub: Subscription, state: string, ended?: ExtensionDialog): void {
    const [teamId, number] = sub.target.split('/') as [string, string];
    if (sub.event === 'message-summary') {
      const counts = this.deps.mailboxOf?.(Number(teamId), number) ?? Promise.resolve(undefined);
      void counts
        .catch(() => undefined)
        .then((c) => this.send(sub, state, messageSummary(sub.entity, c)));
      return;
    }
    const current = sub.isSlot
      ? (this.policy.slotDialogsOf?.(Number(teamId), number) ?? [])
      : this.deps.dialogsOf(Number(teamId), number);
    const dialogs = state.startsWith('terminated')
      ? []
      : [...current, ...(ended === undefined ? [] : [ended])];
    this.send(sub, state, dialogInfoXml(sub.entity, sub.version++, dialogs));
  }

  private send(sub: Subscription, state: string, body: string): void {
    const request = sub.dialog.createRequest('NOTIFY', sub.via, {
      contact: sub.contact,
      headers: [
        ['Event', sub.event],
        ['Subscription-State', state],
        ['User-Agent', this.ctx.options.serverName],
      ],
      body,
      contentType: CONTENT_TYPES[sub.event],
    });
    const tx = this.ctx.transactions.sendRequest(request, sub.destination);
    tx.on('response', (r) => {
      // RFC 6665 §4.1.3: 481 (or a failure) ends the subscription.
      if (r.status === 481 || r.status >= 500) this.drop(sub);
    });
    tx.once('timeout', () => this.drop(sub));
  }

  private drop(sub: Subscription): void {
    if (sub.timer !== undefined) this.ctx.clock.clearTimeout(sub.timer);
    this.byKey.delete(sub.key);
    this.byTarget.get(`${sub.event}:${sub.target}`)?.delete(sub);
  }

  private expiresOf(request: SipRequest): number {
    const raw = request.getHeader('Expires');
    const n = raw === undefined ? DEFAULT_EXPIRES_S : Number.parseInt(raw, 10);
    return Number.isFinite(n) && n >= 0 ? Math.min(n, DEFAULT_EXPIRES_S) : DEFAULT_EXPIRES_S;
  }

  private keyOf(request: SipRequest): string | undefined {
    const callId = request.callId();
    const local = request.toTag();
    const remote = request.fromTag();
    if (callId === undefined || local === undefined || remote === undefined) return undefined;
    return dialogKey(callId, local, remote);
  }
}

/** A message-summary body (RFC 3842 §5.2); no box reads as no messages. */
function messageSummary(account: string, counts: MailboxCounts | undefined): string {
  const newCount = counts?.newCount ?? 0;
  const oldCount = counts?.oldCount ?? 0;
  return [
    `Messages-Waiting: ${newCount > 0 ? 'yes' : 'no'}`,
    `Message-Account: ${account}`,
    `Voice-Message: ${newCount}/${oldCount}`,
    '',
  ].join('\r\n');
}
