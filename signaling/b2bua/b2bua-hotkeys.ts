import type {
  Clock,
  Destination,
  Logger,
  MediaControl,
  MediaSessionRef,
} from '../../core/index.ts';
import type { B2buaCall } from './b2bua-call.ts';
import { CallHotkeys } from './call-hotkeys.ts';
import type { HotkeyCode } from './hotkey-matcher.ts';
import { originateHotkey, partyOf, routeHotkey, type HotkeyRoutingDeps } from './hotkey-routing.ts';
import type { HotkeyName, HotkeyRoute } from './hotkey-transfer.ts';
import type { LegSide } from './sip-dialog-leg.ts';

/** One feature code in force for a team, as the config store merges them. */
export interface TeamHotkeyCode {
  readonly name: string;
  readonly code: string;
  readonly enabled: boolean;
}

/** The codes in force for a team; the B2BUA keeps the hotkeys among them. */
export type HotkeyCodesOf = (teamId: number) => readonly TeamHotkeyCode[];

const HOTKEY_NAMES: readonly string[] = [
  'blind-transfer',
  'attended-transfer',
  'agent-consult',
] satisfies HotkeyName[];

/** What the B2BUA gives every answered call's hotkeys. */
/**
 * Who may transfer or consult whom with a hotkey (GRP-9: an agent's consult
 * scope and external transfers); app.ts implements it over the agents'
 * runtime. A refusal re-bridges the parties, as an unroutable number does.
 */
export interface HotkeyPolicy {
  /** Why `transferorNumber` of `teamId` may not take `route` with `name`, or undefined. */
  refusal(
    teamId: number,
    transferorNumber: string,
    name: HotkeyName,
    route: HotkeyRoute,
  ): string | undefined;
}

export interface B2buaHotkeysDeps extends HotkeyRoutingDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly media: MediaControl;
  readonly codesOf: HotkeyCodesOf;
  /** Hands the caller of `call` to an application, as a blind transfer (D28). */
  toApplication(call: B2buaCall, destination: Destination): boolean;
  /** The media plane's gateDtmf (D44); absent, hotkey keys reach the other party. */
  gateDtmf?(ref: MediaSessionRef, codes: readonly string[]): void;
  readonly policy?: HotkeyPolicy | undefined;
}

/** The enabled in-call hotkeys among a team's codes (R15.9-1). */
export function enabledHotkeys(codes: readonly TeamHotkeyCode[]): HotkeyCode<HotkeyName>[] {
  return codes
    .filter((c) => c.enabled && HOTKEY_NAMES.includes(c.name) && c.code !== '')
    .map((c) => ({ name: c.name as HotkeyName, code: c.code.toUpperCase() }));
}

/**
 * The hotkeys of a B2BUA call just answered: the sides whose party is
 * an extension of the team may use them (a trunk's far end may not,
 * as Asterisk gives the T/t dial options to the internal party only).
 */
export function hotkeysFor(call: B2buaCall, deps: B2buaHotkeysDeps): CallHotkeys | undefined {
  const { parties } = call;
  const sides: LegSide[] = [];
  if (parties.callerExtensionId !== undefined) sides.push('a');
  if (parties.calleeExtensionId !== undefined) sides.push('b');
  if (sides.length === 0) return undefined;
  const answeredB = call.b;
  const presented = (side: LegSide) =>
    partyOf(parties, side, side === 'a' ? call.a.request.from()?.displayName : undefined);
  const hotkeys = new CallHotkeys(
    {
      id: call.id,
      extensionSides: sides,
      // A REFER transfer swaps leg B for its target, who is someone else.
      isOriginal: (side) => call.isOriginal(side) && (side === 'a' || call.b === answeredB),
      replaceParty: (gone, leg) => call.replaceParty(gone, leg),
    },
    {
      clock: deps.clock,
      logger: deps.logger,
      media: deps.media,
      // MOH-2: the team's class `default` (else the system's) from its shared stream.
      holdMusic: { moh: 'default', teamId: parties.teamId },
      codes: () => enabledHotkeys(deps.codesOf(parties.teamId)),
      route: (side, dialled, name) => {
        const route = routeHotkey(deps, parties, side, dialled);
        const transferor = side === 'a' ? parties.callerNumber : parties.calleeNumber;
        const refusal = deps.policy?.refusal(parties.teamId, transferor, name, route);
        return refusal === undefined ? route : { kind: 'unroutable', reason: refusal };
      },
      originate: (route, side) => originateHotkey(deps, parties, call.id, route, presented(side)),
      // Only the caller's leg can be handed to an application (D28).
      toApplication: (side, destination) => side === 'a' && deps.toApplication(call, destination),
      ...(deps.gateDtmf === undefined ? {} : { gateDtmf: deps.gateDtmf.bind(deps) }),
    },
  );
  hotkeys.gateKeys();
  return hotkeys;
}
