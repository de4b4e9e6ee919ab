/*
 * What the PBX applications are built from (app.ts fills it in;
 * app-pbx.ts, app-queue-registry.ts and app-ivr.ts read it).
 */
import type {
  CallOriginator,
  CallRecorder,
  RingingCalls,
  ExtensionPresence,
  Clock,
  Logger,
  MediaControl,
} from './core/index.ts';
import type { ConfigStore } from './core/config-store/index.ts';
import type {
  ConferenceRooms,
  Queue,
  QueueParties,
  ParkingLots,
  IvrFetch,
  QueuePartiesDeps,
  VoicemailMailer,
} from './pbx/index.ts';
import type { CdrIvrStorage } from './pbx/cdr/index.ts';
import type { AgentSessions } from './pbx/agents/index.ts';

/** What the PBX applications are built from. */
export interface PbxWiring {
  readonly media: MediaControl;
  /** VM-3 notifications: the mailer and the From address; no e-mail without it. */
  readonly voicemailMail?: { readonly mailer: VoicemailMailer; readonly from: string } | undefined;
  readonly originator: CallOriginator;
  /** Calls ringing extensions, for call pickup (*61); pickup finds nothing without it. */
  readonly ringing?: RingingCalls | undefined;
  /**
   * Which extensions are on calls (D81): ring groups' `idle` strategy
   * (RG-2) and queues skip members on a call. Without it every member
   * counts as free.
   */
  readonly presence?: ExtensionPresence | undefined;
  readonly store: ConfigStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly dataDir: string;
  /** Called when an extension's voicemail counts change (message-waiting NOTIFYs). */
  readonly onMailboxChanged?: ((teamId: number, number: string) => void) | undefined;
  /** Call parking (`park:` and `unpark:` application targets); those calls get 480 without it. */
  readonly parking?: ParkingLots | undefined;
  /** Told each queue runtime once built, e.g. for TM-11 agent events. */
  readonly onQueue?: ((queue: Queue, teamId: number) => void) | undefined;
  /** The egress guard's fetch for IVR web services and hangup posts (D47). */
  readonly fetch?: IvrFetch | undefined;
  /** CDR-6: where IVR keys and durations go; the CDRs lack them without it. */
  readonly cdrIvr?: CdrIvrStorage | undefined;
  /** Told the conference runtime once built, for the admin API's live view. */
  readonly onConferences?: ((rooms: ConferenceRooms) => void) | undefined;
  /** The agents' runtime: who of the queues' agents is signed in and free (GRP-1). */
  readonly agents: AgentSessions;
  /** The CDR recorder, told which queue member took a call (D64); CDRs lack it without. */
  readonly recorder?: Pick<CallRecorder, 'answeredBy'> | undefined;
  /**
   * Q-19: members add parties to queue calls, routed by the switch's dial
   * plan (with the agents' gates) and recorded with every CDR hook; told
   * the runtime once built. No parties can be added without it.
   */
  readonly queueParties?:
    | (Pick<QueuePartiesDeps, 'router' | 'recorder'> & {
        readonly onBuilt: (parties: QueueParties) => void;
        /** D44: hold the member's `multi-party` key back from the caller. */
        readonly isSwallowingKeys: boolean;
      })
    | undefined;
}
