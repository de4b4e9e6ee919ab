import type { Team } from '../teams-repository.ts';

/** A row of an export document, as JSON carries it. */
export type ImportRow = Readonly<Record<string, unknown>>;

/**
 * Sections in the order they are created, so that plain references point
 * backwards. Failovers and IVR parts can form cycles (a queue overflowing
 * to a ring group that overflows back), so those are set in a second pass.
 */
export const TEAM_IMPORT_ORDER = [
  'roles',
  'pbxTemplates',
  'voiceFiles',
  'callPrompts',
  'mohClasses',
  'accounts',
  'accountRoles',
  'trunks',
  'trunkRules',
  'trunkGroups',
  'trunkGroupRules',
  'callerIdRestrictions',
  'extensions',
  'voicemailBoxes',
  'blfGroups',
  'dids',
  'didGroups',
  'outboundRoutes',
  'accountGroups',
  'extensionRates',
  'agents',
  'queues',
  'agentGroups',
  'agentInboundRates',
  'ringGroups',
  'ringGroupMembers',
  'workHours',
  'conferenceRooms',
  'applications',
  'ivrFlows',
  'parkingLots',
  'inboundRoutes',
  'callerListEntries',
  'featureCodes',
] as const;

/** One array of an importable document. */
export type TeamImportSection = (typeof TEAM_IMPORT_ORDER)[number];

/** The export document: the team and one array per section. */
export type TeamImportDocument = { team: ImportRow } & Partial<
  Record<TeamImportSection, readonly ImportRow[]>
>;

/** The new team's identity (unique system-wide) and what to bring along. */
export interface TeamImportOptions {
  uid: string;
  name: string;
  sipDomain: string | null;
  /** DIDs are unique system-wide; default false skips them. */
  includeDids?: boolean | undefined;
  /** The importing account's name, stored as createdBy on every row made (null: none). */
  actor?: string | null | undefined;
  /** Runs inside the transaction, after the last row (an audit record). */
  beforeCommit?: ((result: TeamImportResult) => void) | undefined;
}

/** What importTeam() created, and what an admin must still do. */
export interface TeamImportResult {
  team: Team;
  /** Rows created per section. */
  created: Record<TeamImportSection, number>;
  /** Old id → new id per section (voice files: to copy their audio). */
  idMap: Record<TeamImportSection, Record<string, number>>;
  /** Objects whose secret was not in the document and was generated. */
  regeneratedCredentials: {
    /** Usernames; their passwords are random and known to no one. */
    accounts: string[];
    /** Agent numbers; likewise. */
    agents: string[];
    /** Internal numbers; new random SIP passwords. */
    extensions: string[];
    /** Internal numbers of the extensions whose mailbox got a random PIN. */
    voicemailBoxes: string[];
  };
  /** Trunks (names) with a username: a random placeholder secret was set. */
  trunksWithoutSecret: string[];
  /** DID numbers, and inbound routes bound to them, not imported. */
  skipped: { dids: string[]; inboundRoutes: string[] };
}
