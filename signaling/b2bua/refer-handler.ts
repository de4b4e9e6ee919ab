import type { CallRouter, Destination } from '../../core/index.ts';
import { createResponse, isSipUri, parseNameAddr, type SipRequest } from '../message/index.ts';
import { dialogKey } from '../dialog/index.ts';
import type { Registrar } from '../registrar/index.ts';
import type { ServerTransaction } from '../transaction/index.ts';
import type { B2buaContext } from './b2bua-context.ts';
import { B2buaCall } from './b2bua-call.ts';
import type { DialogEntry } from './sip-call-leg.ts';
import { ReferSubscription } from './refer-subscription.ts';
import { parseReplaces, type Replaces } from './replaces.ts';

/** What REFER handling needs from the B2BUA. */
export interface ReferDeps {
  readonly ctx: B2buaContext;
  readonly router: CallRouter;
  readonly registrar: Pick<Registrar, 'lookup'>;
  /** The call and leg a request's dialog belongs to. */
  findDialog(request: SipRequest): DialogEntry | undefined;
  /** The call and leg of the dialog with this key (Call-ID and tags). */
  dialogByKey(key: string): DialogEntry | undefined;
  /** Transfers the caller of `call` to a PBX application (parking, a queue, …). */
  toApplication?(call: B2buaCall, destination: Destination, subscription: ReferSubscription): void;
}

/**
 * A REFER in a call's dialog (RFC 3515): the callee asks us to transfer
 * the caller to the extension or PBX application number in Refer-To. It is accepted with 202, and
 * routing failures are reported in the NOTIFY that ends the implicit
 * subscription (§2.4.4), as the referrer waits for that.
 */
export function receiveRefer(deps: ReferDeps, request: SipRequest, tx: ServerTransaction): void {
  const entry = deps.findDialog(request);
  // §12.2.2: a request for a dialog we do not know gets 481.
  if (entry === undefined) return tx.respond(createResponse(request, 481));
  const { call, leg } = entry;
  // Application legs do not take REFER yet: pbx/ transfers through its own logic.
  if (!(call instanceof B2buaCall)) return tx.respond(createResponse(request, 403));
  if (leg.dialog?.receiveRequest(request) !== 'ok') {
    // §12.2.2: a CSeq lower than the last one is out of order.
    return tx.respond(createResponse(request, 500));
  }
  const referTo = request.getHeaders('Refer-To');
  const target = referTo.length === 1 ? parseNameAddr(referTo[0]!) : undefined;
  const uri = target?.ok === true ? target.value.uri : undefined;
  // RFC 3515 §2.4.1: a REFER must carry exactly one Refer-To (else 400).
  if (uri === undefined || !isSipUri(uri) || uri.user === undefined) {
    return tx.respond(createResponse(request, 400, { reason: 'Bad Refer-To' }));
  }
  const replaces = parseReplaces(uri.headers);
  if (replaces === 'invalid') {
    return tx.respond(createResponse(request, 400, { reason: 'Bad Replaces' }));
  }
  if (replaces !== undefined) return referReplaces(deps, entry, replaces, request, tx);
  if (leg === call.a) return referFromCaller(deps, call, uri.user, request, tx);
  const refusal = call.referRefusal(leg);
  if (refusal !== undefined) return tx.respond(createResponse(request, refusal));
  tx.respond(createResponse(request, 202));
  const subscription = new ReferSubscription(deps.ctx, leg);
  // Only extensions of the call's team are transfer targets: a transfer
  // out over a trunk would need the transferor's outbound rights.
  const decision = deps.router.route({
    teamId: call.parties.teamId,
    callerExtensionId: 0,
    callerNumber: call.parties.calleeNumber,
    dialled: uri.user,
  });
  if (decision.kind === 'application' && deps.toApplication !== undefined) {
    return deps.toApplication(call, decision.destination, subscription);
  }
  if (decision.kind !== 'extensions') {
    subscription.notify(100);
    let status = 404;
    if (decision.kind === 'forbidden' || decision.kind === 'trunks') status = 403;
    else if (decision.kind === 'unavailable') status = decision.reason === 'dnd' ? 486 : 480;
    return subscription.notify(status);
  }
  const callee = decision.targets[0]!;
  const contacts = decision.targets.flatMap((t) => deps.registrar.lookup(t.teamId, t.number));
  const maxForwards = (request.maxForwards() ?? 70) - 1;
  void call.transferTo(
    {
      number: callee.number,
      contacts,
      ringTimeoutMs: callee.ringTimeoutMs,
      domain: call.parties.domain,
    },
    subscription,
    maxForwards,
  );
}

/**
 * A REFER from the caller's leg: the callee is transferred as the caller's
 * blind-transfer key would do (D31). The transfer starts once 202 and
 * NOTIFY 100 are out, so the transferor sees them before the result (RFC
 * 3515 §2.4.4) and before a BYE. 403 when it cannot run.
 */
function referFromCaller(
  deps: ReferDeps,
  call: B2buaCall,
  number: string,
  request: SipRequest,
  tx: ServerTransaction,
): void {
  const subscription = new ReferSubscription(deps.ctx, call.a);
  const start = call.referFromCaller(call.a, number, (status) => subscription.notify(status));
  if (start === undefined) return tx.respond(createResponse(request, 403));
  tx.respond(createResponse(request, 202));
  subscription.notify(100);
  start();
}

/**
 * Attended transfer (RFC 5589 §7): the Replaces in Refer-To names the
 * transferor's dialog in another call. Of the two calls, the one where
 * the transferor is the callee keeps its caller and takes the callee of
 * the other, where the transferor is the caller. Instead of an INVITE
 * with Replaces (RFC 3891) the switch joins the legs it already holds.
 */
function referReplaces(
  deps: ReferDeps,
  entry: DialogEntry,
  replaces: Replaces,
  request: SipRequest,
  tx: ServerTransaction,
): void {
  // §3: to-tag and from-tag are as the recipient of the INVITE sees the
  // dialog; phones differ in whose perspective they take, so try both.
  const { callId, toTag, fromTag } = replaces;
  const named =
    deps.dialogByKey(dialogKey(callId, toTag, fromTag)) ??
    deps.dialogByKey(dialogKey(callId, fromTag, toTag));
  const subscription = new ReferSubscription(deps.ctx, entry.leg);
  if (
    named === undefined ||
    named.call === entry.call ||
    !(named.call instanceof B2buaCall) ||
    !(entry.call instanceof B2buaCall)
  ) {
    tx.respond(createResponse(request, 202));
    subscription.notify(100);
    // RFC 3891 §3: no matching dialog is what an INVITE would get 481 for.
    return subscription.notify(481);
  }
  let pair: [B2buaCall, B2buaCall] | undefined;
  if (entry.leg === entry.call.b && named.call.canDonate(named.leg)) {
    pair = [entry.call, named.call];
  } else if (named.leg === named.call.b && entry.call.canDonate(entry.leg)) {
    pair = [named.call, entry.call];
  }
  const [keeper, donor] = pair ?? [];
  if (keeper === undefined || donor === undefined || keeper.referRefusal(keeper.b!) !== undefined) {
    return tx.respond(createResponse(request, 403));
  }
  tx.respond(createResponse(request, 202));
  void keeper.takeOver(donor, subscription);
}
