import type { MediaPlaySource } from '../../core/index.ts';

/**
 * The fields of a conference room the application reads (spec 02 §3.11;
 * table `conference_rooms`). `entryPromptFile` is the room's entry prompt
 * (`entryPrompt`, a CallPrompt) already resolved to a file by the
 * directory; `moh` what a member alone hears (CF-4), the team's default
 * music-on-hold class.
 */
export interface ConferenceRoomConfig {
  readonly id: number;
  readonly teamId: number;
  /** The room's internal number (内线号码). */
  readonly number: string;
  readonly name: string;
  readonly userPin: string | null;
  readonly adminPin: string | null;
  /** 0 is unlimited. */
  readonly maxMembers: number;
  readonly waitForLeader: boolean;
  readonly quietMode: boolean;
  readonly announceJoinLeave: boolean;
  readonly musicOnHold: boolean;
  readonly enableMenu: boolean;
  readonly announceUserCount: boolean;
  readonly recordConference: boolean;
  /** CF-9: talking/stopped-talking per member in the live view (通话检测). */
  readonly talkerDetection: boolean;
  /** CF-9: members who are not talking are not mixed (通话优化). */
  readonly talkerOptimization: boolean;
  /** The caller ID invited parties see (邀请主叫号码, CL-2); the room number without it. */
  readonly inviteCallerId?: string | null | undefined;
  readonly entryPromptFile?: string | null | undefined;
  readonly moh?: MediaPlaySource | null | undefined;
}

/** Everything the conference application reads from the configuration. */
export interface ConferenceDirectory {
  readonly conferenceRooms: { find(id: number): ConferenceRoomConfig | undefined };
}

/** The prompt files conferences play (paths the media plane resolves). */
export interface ConferencePrompts {
  readonly enterPin: string;
  readonly invalidPin: string;
  readonly roomFull: string;
  readonly roomLocked: string;
  readonly waitForLeader: string;
  /** CF-6: "you are the only person in this conference". */
  readonly onlyPerson: string;
  /** CF-6: "there are" N "other participants". */
  readonly thereAre: string;
  readonly otherParticipants: string;
  /** CF-5: "after the tone, say your name". */
  readonly recordName: string;
  readonly hasJoined: string;
  readonly hasLeft: string;
  /** CF-7 menus. */
  readonly userMenu: string;
  readonly adminMenu: string;
  readonly muted: string;
  readonly unmuted: string;
  readonly locked: string;
  readonly unlocked: string;
  readonly kicked: string;
  readonly allMuted: string;
  readonly goodbye: string;
  readonly digitsDir: string;
}

/** Conference behaviour; the defaults are DEFAULT_CONFERENCE_CONFIG. */
export interface ConferenceConfig {
  readonly prompts: ConferencePrompts;
  /** Wrong PINs before the caller is hung up on (CF-2: 3). */
  readonly pinAttempts: number;
  /** Time for the first key and between keys of a PIN. */
  readonly digitTimeoutMs: number;
  /** Time to pick an entry of the '*' menu. */
  readonly menuTimeoutMs: number;
  /** Longest name recording for CF-5 announcements. */
  readonly maxNameMs: number;
  /** Where name recordings go; the media plane owns the layout below. */
  readonly nameDir: string;
}

/** Defaults after Asterisk's MeetMe/ConfBridge sounds and limits. */
export const DEFAULT_CONFERENCE_CONFIG: ConferenceConfig = {
  prompts: {
    enterPin: 'conf/enter-pin',
    invalidPin: 'conf/invalid-pin',
    roomFull: 'conf/locked-full',
    roomLocked: 'conf/locked',
    waitForLeader: 'conf/wait-for-leader',
    onlyPerson: 'conf/only-person',
    thereAre: 'conf/there-are',
    otherParticipants: 'conf/other-in-party',
    recordName: 'conf/say-name',
    hasJoined: 'conf/has-joined',
    hasLeft: 'conf/has-left',
    userMenu: 'conf/user-menu',
    adminMenu: 'conf/admin-menu',
    muted: 'conf/muted',
    unmuted: 'conf/unmuted',
    locked: 'conf/now-locked',
    unlocked: 'conf/now-unlocked',
    kicked: 'conf/kicked',
    allMuted: 'conf/all-muted',
    goodbye: 'conf/goodbye',
    digitsDir: 'digits',
  },
  pinAttempts: 3,
  digitTimeoutMs: 5_000,
  menuTimeoutMs: 5_000,
  maxNameMs: 3_000,
  nameDir: 'conference-names',
};
