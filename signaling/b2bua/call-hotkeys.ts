import type {
  CallLeg,
  Clock,
  Destination,
  Logger,
  MediaControl,
  MediaPlaySource,
  MediaSessionRef,
} from '../../core/index.ts';
import { HotkeyMatcher, type HotkeyCode } from './hotkey-matcher.ts';
import {
  HotkeyTransfer,
  type HotkeyHost,
  type HotkeyName,
  type HotkeyOutcome,
  type HotkeyRoute,
} from './hotkey-transfer.ts';
import type { LegSide } from './sip-dialog-leg.ts';

/** What the hotkeys of one call need from the call. */
export interface HotkeyCall {
  readonly id: string;
  /** The sides whose party is an extension of the team: only they have hotkeys. */
  readonly extensionSides: readonly LegSide[];
  /** Whether `side` still carries the party it had when the call was answered. */
  isOriginal(side: LegSide): boolean;
  replaceParty(gone: LegSide, leg: CallLeg): void;
}

/** What the hotkeys of one call need from the B2BUA. */
export interface CallHotkeysDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly media: MediaControl;
  /** What a held party hears (the team's MOH class). */
  readonly holdMusic?: MediaPlaySource | undefined;
  /** The enabled hotkeys of the call's team (R15.9-1, R15.9-2). */
  codes(): readonly HotkeyCode<HotkeyName>[];
  route(side: LegSide, dialled: string, name: HotkeyName): HotkeyRoute;
  originate(route: HotkeyRoute & { kind: 'originate' }, presented: LegSide): CallLeg | undefined;
  toApplication(side: LegSide, destination: Destination): boolean;
  /**
   * Holds back from the other party the RFC 4733 keys of `codes` typed on
   * `ref` (the media plane's gateDtmf; no codes lifts it). Absent, keys of
   * a hotkey reach the other party as well.
   */
  gateDtmf?(ref: MediaSessionRef, codes: readonly string[]): void;
}

/**
 * The in-call hotkeys of one answered B2BUA call (spec 04 §15.9,
 * R15.9-3): keys from each extension's side go through a matcher, and a
 * recognised code starts a HotkeyTransfer, which has the call until it
 * ends. The team's codes are read at the first key, so calls nobody
 * keys in cost nothing. After a transfer the call takes no more hotkeys.
 */
export class CallHotkeys {
  private matchers: Map<LegSide, HotkeyMatcher<HotkeyName>> | undefined;
  private transfer: HotkeyTransfer | undefined;
  private isRetired = false;
  private gatedSides: readonly LegSide[] = [];

  constructor(
    private readonly call: HotkeyCall,
    private readonly deps: CallHotkeysDeps,
  ) {}

  /** Whether a transfer runs (the call refuses re-INVITEs and REFERs meanwhile). */
  get isBusy(): boolean {
    return this.transfer?.isActive === true;
  }

  /** A key from the media of `legId` ('a' or 'b'). */
  digit(legId: string, key: string): void {
    if (legId !== 'a' && legId !== 'b') return;
    const transfer = this.transfer;
    if (transfer?.isActive === true) return transfer.digit(legId, key);
    if (this.isRetired || !this.call.extensionSides.includes(legId)) return;
    if (!this.call.isOriginal(legId)) return;
    const name = this.matcherOf(legId)?.feed(key);
    if (name !== undefined) this.begin(name, legId);
  }

  /**
   * A REFER from `side`'s party (RFC 3515) to `number`, run as its blind
   * transfer key would be. `report` gets the final sipfrag status: 200
   * once the target is being called or an application took the call (as
   * Asterisk reports a blind transfer), 404 for a number that leads
   * nowhere, 480 when the target could not be called. Returns the start of
   * the transfer, for after the REFER is accepted; undefined when `side`
   * may not transfer now (not an extension, or a transfer runs).
   */
  referred(
    side: LegSide,
    number: string,
    report: (status: number) => void,
  ): (() => void) | undefined {
    if (this.isBusy || this.isRetired || !this.call.extensionSides.includes(side)) {
      return undefined;
    }
    let status = 480;
    let isReported = false;
    const once = (final: number) => {
      if (isReported) return;
      isReported = true;
      report(final);
    };
    const host: HotkeyHost = {
      ...this.hostFor(),
      route: (from, dialled, name) => {
        const route = this.deps.route(from, dialled, name);
        if (route.kind === 'unroutable') status = 404;
        return route;
      },
      toApplication: (gone, destination) => {
        const isTaken = this.deps.toApplication(gone, destination);
        if (isTaken) status = 200;
        return isTaken;
      },
      replace: (gone, leg) => {
        status = 200;
        // The sipfrag goes out before the BYE ends the transferor's dialog.
        once(200);
        this.call.replaceParty(gone, leg);
      },
    };
    const transfer = new HotkeyTransfer(host, 'blind-transfer', side, (outcome) => {
      this.finished(transfer, outcome);
      // A call that ended under the transfer reports 487 (RFC 3261 §21.4.25).
      if (outcome === 'rebridged') once(status);
      else once(status === 200 ? 200 : 487);
    });
    this.transfer = transfer;
    this.deps.logger.info({ callId: this.call.id, side, number }, 'REFER run as a blind transfer');
    return () => transfer.startDialled(number);
  }

  /** A BYE from `side`: true when a transfer takes it and the call goes on. */
  bye(side: LegSide): boolean {
    return this.transfer?.isActive === true && this.transfer.bye(side);
  }

  /**
   * Swallows hotkey keys (D44): each extension side's media holds back
   * the keys of the team's codes from the other party while they may
   * still make one, drops a completed code and sends the rest on, as
   * Asterisk's features do with DTMF passthrough. This reads the codes
   * now rather than at the first key.
   */
  gateKeys(): void {
    const gate = this.deps.gateDtmf;
    if (gate === undefined || this.isRetired) return;
    const codes = this.deps.codes().map((c) => c.code);
    if (codes.length === 0) return;
    this.gatedSides = this.call.extensionSides;
    for (const side of this.gatedSides) gate(this.refOf(side), codes);
  }

  /** The call ended. */
  close(): void {
    this.isRetired = true;
    this.transfer?.close();
  }

  /** The call as a hotkey transfer sees it. */
  private hostFor(): HotkeyHost {
    return {
      clock: this.deps.clock,
      logger: this.deps.logger,
      media: this.deps.media,
      holdMusic: this.deps.holdMusic,
      ref: (side) => this.refOf(side),
      route: (side, dialled, name) => this.deps.route(side, dialled, name),
      originate: (route, presented) => this.deps.originate(route, presented),
      toApplication: (side, destination) => this.deps.toApplication(side, destination),
      replace: (gone, leg) => this.call.replaceParty(gone, leg),
    };
  }

  private begin(name: HotkeyName, transferor: LegSide): void {
    const host = this.hostFor();
    for (const m of this.matchers?.values() ?? []) m.reset();
    const transfer = new HotkeyTransfer(host, name, transferor, (outcome) =>
      this.finished(transfer, outcome),
    );
    this.transfer = transfer;
    this.deps.logger.info({ callId: this.call.id, name, transferor }, 'in-call hotkey');
    transfer.start();
  }

  private finished(transfer: HotkeyTransfer, outcome: HotkeyOutcome): void {
    if (outcome !== 'rebridged') this.retire();
    if (this.transfer === transfer) this.transfer = undefined;
  }

  /** Takes no more hotkeys; keys then pass to the other party again. */
  private retire(): void {
    this.isRetired = true;
    for (const side of this.gatedSides) this.deps.gateDtmf?.(this.refOf(side), []);
    this.gatedSides = [];
  }

  private refOf(side: LegSide): MediaSessionRef {
    return { callId: this.call.id, legId: side };
  }

  /** The side's matcher, made at its first key from the team's codes. */
  private matcherOf(side: LegSide): HotkeyMatcher<HotkeyName> | undefined {
    if (this.matchers === undefined) {
      const codes = this.deps.codes();
      this.matchers = new Map();
      if (codes.length === 0) this.isRetired = true;
      for (const s of this.call.extensionSides) {
        this.matchers.set(s, new HotkeyMatcher(this.deps.clock, codes));
      }
    }
    return this.matchers.get(side);
  }
}
