/*
 * What the B2BUA is built from besides its context (b2bua.ts): the user
 * agent core it handles requests in, the registrar and router it places
 * calls by, and the optional parts of the PBX it hands calls to (CDR
 * recorder, applications, hotkeys, INFO DTMF, ringback, trunk attempts).
 */
import type {
  CallApplications,
  CallOriginator,
  CallRecorder,
  CallRouter,
  MediaPlaySource,
  RingingCalls,
  ExtensionPresence,
} from '../../core/index.ts';
import type { Registrar } from '../registrar/index.ts';
import type { TargetResolver } from '../transport/index.ts';
import type { UserAgentCore } from '../user-agent/index.ts';
import type { HotkeyCodesOf, HotkeyPolicy } from './b2bua-hotkeys.ts';
import type { MailboxCounts } from './blf-subscriptions.ts';
import type { InfoDtmfParser } from './info-dtmf.ts';
import type { InviteAuthDeps } from './invite-authenticator.ts';
import type { TrunkAttempts } from './trunk-attempts.ts';

/** What the B2BUA needs besides its context. */
export interface B2buaDeps extends InviteAuthDeps {
  readonly ua: UserAgentCore;
  readonly registrar: Pick<Registrar, 'lookup'>;
  readonly router: CallRouter;
  /** Locates trunk hosts (RFC 3263) for calls out and for trusting calls in. */
  readonly resolver: Pick<TargetResolver, 'resolve'>;
  /** Receives each call's start, answer and end, for its CDR (spec 01 §2.8). */
  readonly recorder?: CallRecorder | undefined;
  /**
   * Builds what runs queues, IVRs, conferences and voicemail, given the
   * originator for the legs they place; without it those calls get 480.
   */
  readonly applications?:
    | ((
        originator: CallOriginator,
        ringing: RingingCalls,
        presence: ExtensionPresence,
      ) => CallApplications)
    | undefined;
  /**
   * Wraps the originator of every leg placed for a call (applications,
   * hotkey consults and transfers, click-to-call), e.g. to write each
   * leg's CDR row (CDR-1); the bare originator when absent.
   */
  readonly placedLegs?: ((originator: CallOriginator) => CallOriginator) | undefined;
  /** Voicemail counts for message-summary subscriptions (RFC 3842); none served without it. */
  readonly mailboxOf?:
    ((teamId: number, number: string) => Promise<MailboxCounts | undefined>) | undefined;
  /** A team's SIP domain, for legs the applications place to its extensions. */
  readonly domainOf?: ((teamId: number) => string | undefined) | undefined;
  /** The feature codes in force for a team; in-call hotkeys need it and media (D31). */
  readonly hotkeysOf?: HotkeyCodesOf | undefined;
  /** GRP-9: who may consult or transfer whom with a hotkey; everyone when absent. */
  readonly hotkeyPolicy?: HotkeyPolicy | undefined;
  /**
   * Hold hotkey keys back from the other party (D44). Off by default: a
   * gated leg cannot move to the native relay, which forwards events itself.
   */
  readonly swallowHotkeyDigits?: boolean | undefined;
  /** Reads DTMF in INFO bodies; without it INFO gets the user agent's 405. */
  readonly infoDtmf?: InfoDtmfParser | undefined;
  /**
   * EXT-13: what a caller hears while the extension rings, as early media
   * (needs media); without it, or when it gives nothing, the 180 is relayed.
   */
  readonly ringbackOf?:
    ((teamId: number, extensionId: number) => MediaPlaySource | undefined) | undefined;
  /** Trunks' extra INVITE headers and failure count (TRK-11, TRK-13). */
  readonly trunkAttempts?: TrunkAttempts | undefined;
  /** Teams' and inbound trunks' limits on calls in progress (D83); none without it. */
  readonly callLimits?: CallLimits | undefined;
  /** Trunks found unreachable by qualify (D84), which the trunk dialer skips. */
  readonly trunkReachability?: { isUnreachable(trunkId: number): boolean } | undefined;
}

/** Limits on calls in progress, read per new call (D83). */
export interface CallLimits {
  /** The team's maxConcurrentCalls; undefined = no limit. */
  teamMaxCalls(teamId: number): number | undefined;
  /** The trunk's maxChannels (TRK-5), which its inbound calls also take; undefined = no limit. */
  trunkMaxChannels(trunkId: number): number | undefined;
}
