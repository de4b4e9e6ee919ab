import type { CallRouter } from '../../core/index.ts';
import { createResponse, isSipUri, type SipRequest } from '../message/index.ts';
import { dialogKey } from '../dialog/index.ts';
import type { ContactTarget, Registrar } from '../registrar/index.ts';
import { InviteServerTransaction, type ServerTransaction } from '../transaction/index.ts';
import type { InboundPacket } from '../transport/index.ts';
import type { UserAgentCore } from '../user-agent/index.ts';
import { ActiveCalls } from './active-calls.ts';
import { contactFor, type B2buaContext } from './b2bua-context.ts';
import { B2buaCall } from './b2bua-call.ts';
import { InboundLeg } from './inbound-leg.ts';
import { authenticateInvite, type InviteAuthDeps } from './invite-authenticator.ts';
import type { SipDialogLeg } from './sip-dialog-leg.ts';

/** What the B2BUA needs besides its context. */
export interface B2buaDeps extends InviteAuthDeps {
  readonly ua: UserAgentCore;
  readonly registrar: Pick<Registrar, 'lookup'>;
  readonly router: CallRouter;
}

interface DialogEntry {
  readonly call: B2buaCall;
  readonly leg: SipDialogLeg;
}

/**
 * The back-to-back user agent for calls between extensions: it takes the
 * caller's INVITE as a UAS (leg A) and places its own INVITE as a UAC
 * (leg B) to each registered contact of the callee (RFC 3261 §13, §12,
 * §9, §15). It handles INVITE, CANCEL and BYE in the UA core, and the ACKs
 * of 2xx, and routes in-dialog requests to their call by dialog id.
 */
export class B2bua {
  readonly calls = new ActiveCalls();
  private readonly dialogs = new Map<string, DialogEntry>();
  private readonly pending = new Map<InviteServerTransaction, B2buaCall>();

  constructor(
    private readonly ctx: B2buaContext,
    private readonly deps: B2buaDeps,
  ) {
    deps.ua.handle('INVITE', (req, tx, packet) => this.receiveInvite(req, tx, packet));
    deps.ua.handle('CANCEL', (req, tx) => this.receiveCancel(req, tx));
    deps.ua.handle('BYE', (req, tx) => this.receiveBye(req, tx));
    deps.ua.on('ack', (ack) => {
      const entry = this.findDialog(ack);
      entry?.call.receiveAck(entry.leg, ack);
    });
  }

  /** Live dialogs, for tests and metrics. */
  get dialogCount(): number {
    return this.dialogs.size;
  }

  private receiveInvite(request: SipRequest, tx: ServerTransaction, packet: InboundPacket): void {
    if (!(tx instanceof InviteServerTransaction)) return;
    if (request.toTag() !== undefined) {
      const entry = this.findDialog(request);
      // §12.2.2: a request for a dialog we do not know gets 481.
      if (entry === undefined) return tx.respond(createResponse(request, 481));
      void entry.call.receiveReinvite(entry.leg, request, tx);
      return;
    }
    // §8.2 / §16.3 step 3: Max-Forwards 0 means the request looped too far.
    const maxForwards = request.maxForwards() ?? 70;
    if (maxForwards <= 0) return tx.respond(createResponse(request, 483));
    const caller = authenticateInvite(this.deps, request, tx, packet);
    if (caller === undefined) return;
    const uri = request.uri();
    const dialled = uri !== undefined && isSipUri(uri) ? uri.user : undefined;
    if (dialled === undefined) return tx.respond(createResponse(request, 404));
    const decision = this.deps.router.route({
      teamId: caller.teamId,
      callerExtensionId: caller.extensionId,
      callerNumber: caller.number,
      dialled,
    });
    if (decision.kind === 'not-found') return tx.respond(createResponse(request, 404));
    if (decision.kind === 'unavailable') {
      return tx.respond(createResponse(request, decision.reason === 'dnd' ? 486 : 480));
    }
    const limit = this.ctx.options.maxCallsPerExtension;
    const callee = decision.targets[0]!;
    if (
      this.calls.countFor(caller.teamId, caller.number) >= limit ||
      this.calls.countFor(callee.teamId, callee.number) >= limit
    ) {
      return tx.respond(createResponse(request, 486));
    }
    const contacts: ContactTarget[] = decision.targets.flatMap((t) =>
      this.deps.registrar.lookup(t.teamId, t.number),
    );
    if (contacts.length === 0) return tx.respond(createResponse(request, 480));
    const via = this.ctx.viaSource(packet.local.protocol);
    if (via === undefined) return tx.respond(createResponse(request, 500));
    const a = new InboundLeg(this.ctx, request, tx, via, contactFor(via, dialled));
    const call = new B2buaCall(this.ctx, a, {
      teamId: caller.teamId,
      domain: caller.realm,
      callerNumber: caller.number,
      calleeNumber: callee.number,
    });
    this.track(call, tx);
    void call.start(contacts, callee.ringTimeoutMs, maxForwards - 1);
  }

  /** §9.2: 200 to the CANCEL; the call then answers its INVITE with 487. */
  private receiveCancel(request: SipRequest, tx: ServerTransaction): void {
    const invite = this.ctx.transactions.findInviteFor(request);
    if (invite === undefined) return tx.respond(createResponse(request, 481));
    tx.respond(createResponse(request, 200));
    this.pending.get(invite)?.cancelByCaller();
  }

  private receiveBye(request: SipRequest, tx: ServerTransaction): void {
    const entry = this.findDialog(request);
    if (entry === undefined) return tx.respond(createResponse(request, 481));
    entry.call.receiveBye(entry.leg, request, tx);
  }

  private track(call: B2buaCall, tx: InviteServerTransaction): void {
    const keys: string[] = [];
    this.calls.add(call);
    this.pending.set(tx, call);
    tx.once('terminated', () => this.pending.delete(tx));
    call.on('dialog', (leg) => {
      if (leg.dialog === undefined) return;
      keys.push(leg.dialog.key);
      this.dialogs.set(leg.dialog.key, { call, leg });
    });
    call.once('ended', () => {
      this.calls.remove(call);
      this.pending.delete(tx);
      for (const key of keys) this.dialogs.delete(key);
    });
  }

  /** The dialog a request belongs to: Call-ID, our tag in To, theirs in From. */
  private findDialog(request: SipRequest): DialogEntry | undefined {
    const callId = request.callId();
    const local = request.toTag();
    const remote = request.fromTag();
    if (callId === undefined || local === undefined || remote === undefined) return undefined;
    return this.dialogs.get(dialogKey(callId, local, remote));
  }
}
