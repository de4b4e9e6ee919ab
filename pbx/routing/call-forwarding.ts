import type { Destination, ExtensionTarget } from '../../core/index.ts';
import {
  applicationDestination,
  type InternalNumberEntry,
  type RoutableExtension,
} from './internal-number-router.ts';

/**
 * The forward columns of an extension (set by *91–*94, spec 04 §15.9) and
 * its voicemail switch (VM-1). Optional so that directories of routers
 * that never forward need not carry them; absent means not set.
 */
export interface ForwardingExtension extends RoutableExtension {
  readonly forwardAlways?: string | null;
  readonly forwardBusy?: string | null;
  readonly forwardNoAnswer?: string | null;
  readonly forwardUnreachable?: string | null;
  readonly voicemailEnabled?: boolean;
}

/** What forwarding reads; ConfigStore fits it as is. */
export interface ForwardingDirectory {
  readonly internalNumbers: {
    lookup(teamId: number, number: string): InternalNumberEntry | undefined;
  };
  readonly extensions: { find(id: number): ForwardingExtension | undefined };
  readonly voicemailBoxes: { findByExtension(extensionId: number): { id: number } | undefined };
}

/** Forward hops one call may take before the extension reached is rung (loop guard). */
export const MAX_FORWARD_HOPS = 3;

/**
 * Call forwarding as FreePBX does it (docs/decisions.md): forwardAlways
 * re-routes the call as if the extension had dialled the number, and the
 * busy, no-answer and unreachable forwards become destinations that the
 * B2BUA runs when ringing fails that way, with the extension's voicemail
 * box where a forward is not set.
 */
export class CallForwarding {
  constructor(private readonly directory: ForwardingDirectory) {}

  /** The number every call to extension `id` goes to instead, if set. */
  alwaysTo(id: number): string | undefined {
    const number = this.directory.extensions.find(id)?.forwardAlways;
    return number === null || number === undefined || number === '' ? undefined : number;
  }

  /** `target` with its onUnavailable destinations, when it has any. */
  withUnavailable(target: ExtensionTarget): ExtensionTarget {
    const ext = this.directory.extensions.find(target.extensionId);
    if (ext === undefined) return target;
    const box =
      ext.voicemailEnabled === true
        ? this.directory.voicemailBoxes.findByExtension(ext.id)
        : undefined;
    const voicemail: Destination | undefined =
      box === undefined ? undefined : { type: 'voicemail', targetId: box.id };
    const pick = (n: string | null | undefined): Destination | undefined =>
      n === null || n === undefined || n === '' ? voicemail : this.destinationOf(ext, n);
    const busy = pick(ext.forwardBusy);
    const noAnswer = pick(ext.forwardNoAnswer);
    const unreachable = pick(ext.forwardUnreachable);
    if (busy === undefined && noAnswer === undefined && unreachable === undefined) return target;
    return { ...target, onUnavailable: { busy, noAnswer, unreachable } };
  }

  /**
   * The destination that dials `number` for extension `ext`: an internal
   * number of its team leads to what owns it; anything else goes out
   * through the team's outbound routes with ext as the caller, named by
   * targetId so that its outbound permission and caller ID apply.
   */
  destinationOf(ext: ForwardingExtension, number: string): Destination {
    const entry = this.directory.internalNumbers.lookup(ext.teamId, number);
    if (entry?.kind === 'extension' && entry.ownerId !== null) {
      return { type: 'extension', targetId: entry.ownerId };
    }
    const owned = entry === undefined ? undefined : applicationDestination(entry);
    return owned ?? { type: 'outboundRoute', targetId: ext.id, targetValue: number };
  }
}
