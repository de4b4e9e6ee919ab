/*
 * What a SipStack is built from: its settings (ports, limits, timers) and
 * the parts of the switch it depends on (store, router, media plane, PBX
 * applications).
 */
import type {
  CallApplications,
  CallOriginator,
  RingingCalls,
  ExtensionPresence,
  CallRecorder,
  CallRouter,
  Clock,
  Logger,
  MediaControl,
  MetricsRegistry,
} from '../core/index.ts';
import type {
  B2buaDeps,
  B2buaOptions,
  DtmfModes,
  HotkeyCodesOf,
  HotkeyPolicy,
  InfoDtmfParser,
  TrunkAttempts,
} from './b2bua/index.ts';
import type {
  AuthFailurePolicy,
  BindingPersistence,
  ContactQualifyDeps,
  RegistrarDirectory,
  RegistrarOptions,
  StaticContact,
  FixedContact,
} from './registrar/index.ts';
import type { TimerSettings } from './transaction/index.ts';
import type { SourceLimiterOptions, TargetResolver } from './transport/index.ts';

/** Listening ports; 0 turns a transport off. TLS and WSS need `tls`. */
export interface SipStackOptions {
  bind: string;
  /** The host we put in Via and Contact of requests we originate. */
  advertisedHost: string;
  udpPort: number;
  tcpPort: number;
  tlsPort: number;
  wsPort: number;
  wssPort: number;
  tls: { certPath: string; keyPath: string } | undefined;
  maxMessageBytes: number;
  limits: SourceLimiterOptions;
  authPolicy: AuthFailurePolicy;
  registrar: RegistrarOptions;
  timers: TimerSettings;
  /** OPTIONS pings to UDP contacts behind NAT keep their pinhole open. */
  natKeepaliveIntervalMs: number;
  serverName: string;
  scannerUserAgents: readonly string[];
  maxServerTransactions: number;
  /** Digest algorithms offered, most preferred first (RFC 8760 §2.4). */
  digestAlgorithms: ReadonlyArray<'SHA-256' | 'MD5'>;
  /** Settings of the B2BUA; defaults when absent. */
  b2bua?: B2buaOptions;
}

/** What the stack needs from the rest of the switch. */
export interface SipStackDeps {
  clock: Clock;
  logger: Logger;
  metrics: MetricsRegistry;
  directory: RegistrarDirectory;
  persistence: BindingPersistence | undefined;
  /** Where calls go; without it the stack takes no calls (INVITE gets 405). */
  router?: CallRouter;
  /** The media plane; without it SDP passes through unchanged. */
  media?: MediaControl;
  /** Receives each call's life for its CDR. */
  recorder?: CallRecorder;
  /** Builds the PBX applications (queues, IVRs, …) around the B2BUA's originator. */
  applications?: (
    originator: CallOriginator,
    ringing: RingingCalls,
    presence: ExtensionPresence,
  ) => CallApplications;
  /** Wraps the originator of every leg placed for a call (B2buaDeps.placedLegs). */
  placedLegs?: (originator: CallOriginator) => CallOriginator;
  /** Voicemail counts of an extension, for message-waiting NOTIFYs (RFC 3842). */
  mailboxOf?: (
    teamId: number,
    number: string,
  ) => Promise<{ newCount: number; oldCount: number } | undefined>;
  /** A team's SIP domain, for legs the applications place. */
  domainOf?: (teamId: number) => string | undefined;
  /** Feature codes in force for a team: the in-call hotkeys among them run (D31). */
  hotkeysOf?: HotkeyCodesOf;
  /** GRP-9: who may consult or transfer whom with a hotkey. */
  hotkeyPolicy?: HotkeyPolicy;
  /** Hold hotkey keys back from the other party (D44). */
  swallowHotkeyDigits?: boolean;
  /** Reads DTMF sent in INFO (app.ts wires media/dtmf's parsers). */
  infoDtmf?: InfoDtmfParser;
  /** EXT-13: the early media a caller hears while an extension rings. */
  ringbackOf?: B2buaDeps['ringbackOf'];
  /** Locates trunk hosts (RFC 3263); the system DNS when absent. */
  resolver?: TargetResolver;
  /** Trunks' extra INVITE headers and failure count (TRK-11, TRK-13). */
  trunkAttempts?: TrunkAttempts;
  /** Teams' and inbound trunks' limits on calls in progress (D83). */
  callLimits?: B2buaDeps['callLimits'];
  /**
   * An extension contact's qualify settings from its effective config
   * (T-2, D86); undefined when it is not qualified. Without it no contact
   * is qualified.
   */
  contactQualify?: ContactQualifyDeps['settingsOf'];
  /** Extensions' and trunks' configured DTMF modes (T-2 `dtmfmode`, D88). */
  dtmfModes?: DtmfModes;
  /** The SDP encodings an extension's `allow=` lets its phone use (T-2, D94). */
  extensionCodecs?: (extensionId: number) => readonly string[] | undefined;
  /**
   * An extension's fixed address from its effective config (T-2
   * `host=<address>`, D92), rung without a registration; undefined for
   * `host=dynamic`, no key, or no such extension.
   */
  staticContacts?: (teamId: number, number: string) => StaticContact | undefined;
  /**
   * Every extension at a fixed address, for their qualify (D95); the same
   * array while the configuration is unchanged.
   */
  fixedContacts?: () => readonly FixedContact[];
}
