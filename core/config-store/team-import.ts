import { randomInt } from 'node:crypto';
import { ConflictError, ValidationError, randomPassword } from '../index.ts';
import type { ConfigStore } from './open-store.ts';
import { hashPassword } from './password-hash.ts';
import type { Team } from './teams-repository.ts';

/*
 * Creates a new team from a team export (issue 7): every object is created
 * through its repository, so each one gets the same checks as through the
 * admin API, and all of it runs in one store transaction. Ids are mapped
 * per section, old → new; a reference to an id the document does not hold
 * is kept only where system-wide objects are allowed (trunks, prompts,
 * voice files, MOH classes, roles, templates), and fails otherwise.
 */

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
  'callerIdRestrictions',
  'extensions',
  'voicemailBoxes',
  'blfGroups',
  'dids',
  'didGroups',
  'outboundRoutes',
  'accountGroups',
  'agents',
  'queues',
  'agentGroups',
  'ringGroups',
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

/** Sections whose references may name system-wide rows (teamId null). */
const SYSTEM_ROWS: ReadonlySet<TeamImportSection> = new Set([
  'roles',
  'pbxTemplates',
  'voiceFiles',
  'callPrompts',
  'mohClasses',
  'trunks',
]);

/** The section a polymorphic destination's targetId points into. */
const TARGET_SECTION: Readonly<Record<string, TeamImportSection>> = {
  extension: 'extensions',
  ringGroup: 'ringGroups',
  queue: 'queues',
  ivr: 'ivrFlows',
  conference: 'conferenceRooms',
  voicemail: 'voicemailBoxes',
  application: 'applications',
  prompt: 'callPrompts',
  account: 'accounts',
};

/** Team fields set after the objects they name exist (TM-12). */
const DEFAULT_TRAFFIC = ['defaultTrafficType', 'defaultTrafficTargetId'];

/** Team fields naming a trunk or trunk group of the team (TM-5). */
const OUTBOUND_TARGET = ['outboundTargetType', 'outboundTargetId'];

/** Keys a document row carries that the store sets itself. */
const OUTPUT_ONLY = ['id', 'teamId', 'createdAt', 'updatedAt'];

/** A copy of `row` without output-only keys and `omit`. */
function fieldsOf(row: ImportRow, ...omit: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (!OUTPUT_ONLY.includes(key) && !omit.includes(key)) out[key] = value;
  }
  return out;
}

/** Re-raises a row's error with the row's JSON path in front of its field. */
function locate(error: unknown, path: string): unknown {
  if (error instanceof ValidationError) {
    const relocated = new ValidationError(`${path}.${error.field}`, error.message);
    relocated.cause = error;
    return relocated;
  }
  if (error instanceof ConflictError) {
    const field = error.field === undefined ? path : `${path}.${error.field}`;
    const relocated = new ConflictError(error.code, `${path}: ${error.message}`, field);
    relocated.cause = error;
    return relocated;
  }
  return error;
}

type Destination = { type: string; targetId: number | null; targetValue: string | null };
type Row = Record<string, unknown>;

/**
 * A document row as a repository's input type. The route has checked each
 * row against the resource's API schema, and the repository checks the
 * values again, so the cast only bridges JSON and the typed inputs.
 */
function typed<T>(row: object): T {
  return row as T;
}

/**
 * Creates a new team holding a copy of every object of `doc`, in one
 * transaction: on any error nothing is written. Secrets the export leaves
 * out are generated and never returned or logged: SIP passwords and
 * voicemail PINs per object; account and agent passwords are one random
 * password, hashed once and then forgotten, so no one can log in until an
 * admin sets a password. A hash per account would cost ~0.45 s of scrypt
 * each (20 accounts: 9 s) for no gain, since no one knows any of them.
 * Trunk passwords are the carrier's: those trunks get a random one and are
 * listed. Voice files get their metadata only: the audio is not in `doc`.
 */
export async function importTeam(
  store: ConfigStore,
  doc: TeamImportDocument,
  options: TeamImportOptions,
): Promise<TeamImportResult> {
  const lockedHash = await hashPassword(randomPassword(32));
  return store.transaction(() => {
    const result = new TeamImport(store, doc, options, lockedHash).run();
    options.beforeCommit?.(result);
    return result;
  });
}

class TeamImport {
  readonly #maps = new Map<TeamImportSection, Map<number, number>>();
  readonly #created = new Map<TeamImportSection, number>();
  readonly #result: Omit<TeamImportResult, 'team' | 'created' | 'idMap'> = {
    regeneratedCredentials: { accounts: [], agents: [], extensions: [], voicemailBoxes: [] },
    trunksWithoutSecret: [],
    skipped: { dids: [], inboundRoutes: [] },
  };

  readonly store: ConfigStore;
  readonly doc: TeamImportDocument;
  readonly options: TeamImportOptions;
  /** The hash of a password no one knows, for accounts and agents. */
  readonly lockedHash: string;

  constructor(
    store: ConfigStore,
    doc: TeamImportDocument,
    options: TeamImportOptions,
    lockedHash: string,
  ) {
    this.store = store;
    this.doc = doc;
    this.options = options;
    this.lockedHash = lockedHash;
  }

  run(): TeamImportResult {
    const { uid, name, sipDomain } = this.options;
    // TM-12: the default traffic names an object of the team, set below.
    const shell = fieldsOf(
      this.doc.team,
      'uid',
      'name',
      'sipDomain',
      ...DEFAULT_TRAFFIC,
      ...OUTBOUND_TARGET,
    );
    const bare = this.store.teams.create(typed({ ...shell, uid, name, sipDomain }));
    this.#createAll(bare.id);
    this.#linkDestinations(bare.id);
    const team = this.#linkOutboundTarget(this.#linkDefaultTraffic(bare));
    const created = {} as TeamImportResult['created'];
    const idMap = {} as TeamImportResult['idMap'];
    for (const section of TEAM_IMPORT_ORDER) {
      created[section] = this.#created.get(section) ?? 0;
      const pairs = [...this.#mapOf(section)].map(([from, to]) => [String(from), to]);
      idMap[section] = Object.fromEntries(pairs) as Record<string, number>;
    }
    return { team, created, idMap, ...this.#result };
  }

  #mapOf(section: TeamImportSection): Map<number, number> {
    let map = this.#maps.get(section);
    if (map === undefined) this.#maps.set(section, (map = new Map()));
    return map;
  }

  /** The new id of `section` row `id`; null stays null. */
  #ref(section: TeamImportSection, id: unknown, field: string): number | null {
    if (id === null || id === undefined) return null;
    const mapped = this.#mapOf(section).get(id as number);
    if (mapped !== undefined) return mapped;
    if (SYSTEM_ROWS.has(section)) return id as number;
    throw new ValidationError(field, `no ${section} id ${String(id)} in the document`);
  }

  #refs(section: TeamImportSection, ids: unknown, field: string): number[] {
    return ((ids ?? []) as unknown[]).map((id, j) => this.#ref(section, id, `${field}[${j}]`)!);
  }

  /**
   * The template of a trunk or extension row (TRK-14, EXT-16): one of the
   * document is mapped; a system one is found by its name, since ids
   * differ between nodes; a row without either gets the default.
   */
  #template(row: ImportRow): { templateId?: number | null } {
    const id = row['templateId'];
    if (id === undefined) return {};
    const mapped = typeof id === 'number' ? this.#mapOf('pbxTemplates').get(id) : undefined;
    if (mapped !== undefined) return { templateId: mapped };
    const name = row['templateName'];
    if (typeof name !== 'string') return { templateId: id as number | null };
    const system = this.store.pbxTemplates.findByName(null, name);
    if (system === undefined) {
      throw new ValidationError('templateName', `no system PBX template named ${name}`);
    }
    return { templateId: system.id };
  }

  /** A polymorphic destination with its targetId mapped by its type. */
  #destination(type: unknown, targetId: unknown, field: string): number | null {
    const section = TARGET_SECTION[type as string];
    if (section === undefined || targetId === null) return (targetId as number | null) ?? null;
    return this.#ref(section, targetId, field);
  }

  #stored(d: unknown, field: string): Destination | null {
    if (d === null || d === undefined) return null;
    const dest = d as Destination;
    return { ...dest, targetId: this.#destination(dest.type, dest.targetId, `${field}.targetId`) };
  }

  /**
   * Runs `create` per row of `section`, counting the rows it creates and
   * recording old → new ids; `create` returns undefined for a skipped row.
   */
  #each(section: TeamImportSection, create: (row: ImportRow) => number | undefined): void {
    const map = this.#mapOf(section);
    this.doc[section]?.forEach((row, i) => {
      try {
        const id = create(row);
        if (id === undefined) return;
        this.#created.set(section, (this.#created.get(section) ?? 0) + 1);
        if (typeof row['id'] === 'number') map.set(row['id'], id);
      } catch (error) {
        throw locate(error, `body.${section}[${i}]`);
      }
    });
  }

  /** Runs `update` per created row of `section`, with its new id. */
  #again(section: TeamImportSection, update: (row: ImportRow, id: number) => void): void {
    const map = this.#mapOf(section);
    this.doc[section]?.forEach((row, i) => {
      const id = map.get(row['id'] as number);
      if (id === undefined) return;
      try {
        update(row, id);
      } catch (error) {
        throw locate(error, `body.${section}[${i}]`);
      }
    });
  }

  #createAll(teamId: number): void {
    const s = this.store;
    const r = this.#result;
    const plain = (row: ImportRow, ...omit: string[]) => ({ ...fieldsOf(row, ...omit), teamId });
    this.#each('roles', (row) => s.roles.create(typed(plain(row, 'builtin'))).id);
    this.#each('pbxTemplates', (row) => s.pbxTemplates.create(typed(plain(row, 'isBuiltin'))).id);
    this.#each('voiceFiles', (row) => s.voiceFiles.create(typed(plain(row))).id);
    this.#each('callPrompts', (row) => {
      const variants = ((row['variants'] ?? []) as Row[]).map((v, j) => ({
        ...v,
        voiceFileId: this.#ref('voiceFiles', v['voiceFileId'], `variants[${j}].voiceFileId`),
      }));
      const voiceFileId = this.#ref('voiceFiles', row['voiceFileId'], 'voiceFileId');
      return s.callPrompts.create(typed({ ...plain(row), voiceFileId, variants })).id;
    });
    this.#each('mohClasses', (row) => {
      const voiceFileIds = this.#refs('voiceFiles', row['voiceFileIds'], 'voiceFileIds');
      return s.mohClasses.create(typed({ ...plain(row), voiceFileIds })).id;
    });
    this.#each('accounts', (row) => {
      r.regeneratedCredentials.accounts.push(row['username'] as string);
      return s.accounts.create(typed({ ...plain(row), passwordHash: this.lockedHash })).id;
    });
    this.#each('accountRoles', (row) => {
      const accountId = this.#ref('accounts', row['accountId'], 'accountId')!;
      return s.roles.assign(accountId, this.#ref('roles', row['roleId'], 'roleId')!).id;
    });
    this.#each('trunks', (row) => {
      const fields = { ...plain(row, 'templateName'), ...this.#template(row) };
      if (row['username'] == null && row['type'] !== 'registration') {
        return s.trunks.create(typed(fields)).id;
      }
      // The carrier's password cannot be generated; a random one keeps the
      // trunk valid (TRK-2) and fails authentication until it is replaced.
      r.trunksWithoutSecret.push(row['name'] as string);
      return s.trunks.create(typed({ ...fields, secret: randomPassword() })).id;
    });
    this.#each('trunkRules', (row) => {
      const trunkId = this.#mapOf('trunks').get(row['trunkId'] as number);
      // Rules of system trunks are not the team's: export leaves them out.
      if (trunkId === undefined) {
        throw new ValidationError(
          'trunkId',
          `no trunks id ${String(row['trunkId'])} in the document`,
        );
      }
      return s.trunkRules.create(typed({ ...fieldsOf(row), trunkId })).id;
    });
    this.#each('trunkGroups', (row) => {
      const trunkIds = this.#refs('trunks', row['trunkIds'], 'trunkIds');
      return s.trunkGroups.create(typed({ ...plain(row), trunkIds })).id;
    });
    this.#each('callerIdRestrictions', (row) => {
      const trunkId = this.#ref('trunks', row['trunkId'], 'trunkId');
      const trunkGroupId = this.#ref('trunkGroups', row['trunkGroupId'], 'trunkGroupId');
      return s.callerIdRestrictions.create(typed({ ...plain(row), trunkId, trunkGroupId })).id;
    });
    this.#each('extensions', (row) => {
      const accountId = this.#ref('accounts', row['accountId'], 'accountId');
      const trunkId = this.#ref('trunks', row['trunkId'], 'trunkId');
      // EXT-13: the ringback class, mapped like a queue's MOH class.
      const ringbackMohClassId = this.#ref(
        'mohClasses',
        row['ringbackMohClassId'],
        'ringbackMohClassId',
      );
      const template = this.#template(row);
      const fields = {
        ...plain(row, 'registrationName', 'templateName'),
        accountId,
        trunkId,
        ringbackMohClassId,
      };
      Object.assign(fields, template);
      const id = s.extensions.create(typed(fields)).id;
      r.regeneratedCredentials.extensions.push(row['internalNumber'] as string);
      return id;
    });
    this.#each('voicemailBoxes', (row) => {
      const extensionId = this.#ref('extensions', row['extensionId'], 'extensionId')!;
      const pin = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const box = s.voicemailBoxes.create(typed({ ...plain(row), extensionId, pin }));
      r.regeneratedCredentials.voicemailBoxes.push(s.extensions.get(extensionId).internalNumber);
      return box.id;
    });
    this.#each('blfGroups', (row) => {
      const extensionIds = this.#refs('extensions', row['extensionIds'], 'extensionIds');
      const subscriberIds = this.#refs('extensions', row['subscriberIds'], 'subscriberIds');
      return s.blfGroups.create(typed({ ...plain(row), extensionIds, subscriberIds })).id;
    });
    this.#each('dids', (row) => this.#createDid(teamId, row));
    this.#each('didGroups', (row) => s.didGroups.create(typed(plain(row))).id);
    this.#each('outboundRoutes', (row) => {
      const trunkId = this.#ref('trunks', row['trunkId'], 'trunkId');
      // OR-4 targets (ring groups, queues) come later: #linkDestinations.
      const isLinkedLater = row['actionTargetId'] != null;
      const action = isLinkedLater ? { action: 'end', actionTargetId: null } : {};
      return s.outboundRoutes.create(typed({ ...plain(row), trunkId, ...action })).id;
    });
    this.#each('accountGroups', (row) => {
      const members = ((row['members'] ?? []) as Row[]).map((m, j) => ({
        ...m,
        accountId: this.#ref('accounts', m['accountId'], `members[${j}].accountId`),
      }));
      const trunkId = this.#ref('trunks', row['trunkId'], 'trunkId');
      const trunkGroupId = this.#ref('trunkGroups', row['trunkGroupId'], 'trunkGroupId');
      const outboundRouteIds = this.#refs(
        'outboundRoutes',
        row['outboundRouteIds'],
        'outboundRouteIds',
      );
      const fields = { ...plain(row), trunkId, trunkGroupId, members, outboundRouteIds };
      return s.accountGroups.create(typed(fields)).id;
    });
    this.#each('agents', (row) => {
      const accountId = this.#ref('accounts', row['accountId'], 'accountId');
      r.regeneratedCredentials.agents.push(row['agentNo'] as string);
      return s.agents.create(typed({ ...plain(row), accountId, passwordHash: this.lockedHash })).id;
    });
    // Failovers may point at objects created later (a queue overflowing to
    // a ring group that overflows back): they are set by #linkDestinations.
    const unlinked = { failoverType: 'hangup', failoverTargetId: null };
    this.#each('queues', (row) => {
      const mohClassId = this.#ref('mohClasses', row['mohClassId'], 'mohClassId');
      return s.queues.create(typed({ ...plain(row), mohClassId, ...unlinked })).id;
    });
    this.#each('agentGroups', (row) => {
      const members = ((row['members'] ?? []) as Row[]).map((m, j) => ({
        ...m,
        agentId: this.#ref('agents', m['agentId'], `members[${j}].agentId`),
      }));
      const queueId = this.#ref('queues', row['queueId'], 'queueId');
      return s.agentGroups.create(typed({ ...plain(row), queueId, members })).id;
    });
    this.#each('ringGroups', (row) => {
      const extensionIds = this.#refs('extensions', row['extensionIds'], 'extensionIds');
      const mohClassId = this.#ref('mohClasses', row['mohClassId'], 'mohClassId');
      return s.ringGroups.create(typed({ ...plain(row), extensionIds, mohClassId, ...unlinked }))
        .id;
    });
    this.#each('workHours', (row) => s.workHours.create(typed(plain(row))).id);
    this.#each('conferenceRooms', (row) => s.conferenceRooms.create(typed(plain(row))).id);
    this.#each('applications', (row) => s.applications.create(typed(plain(row))).id);
    this.#each('ivrFlows', (row) => {
      const shell = fieldsOf(row, 'failover', 'failoverEndPromptId', 'actions', 'transitions');
      return s.ivrFlows.create(typed({ ...shell, teamId })).id;
    });
    this.#each('parkingLots', (row) => {
      const mohClassId = this.#ref('mohClasses', row['mohClassId'], 'mohClassId');
      const timeout = this.#stored(row['timeoutDestination'], 'timeoutDestination');
      const fields = { ...plain(row), mohClassId, timeoutDestination: timeout };
      return s.parkingLots.create(typed(fields)).id;
    });
  }

  #createDid(teamId: number, row: ImportRow): number | undefined {
    const number = row['number'] as string;
    if (this.options.includeDids !== true) {
      this.#result.skipped.dids.push(number);
      return undefined;
    }
    // DIDs are unique system-wide (DID-1): name the one that is taken.
    if (this.store.dids.findByNumber(number) !== undefined) {
      throw new ConflictError('ERR_DID_TAKEN', `DID ${number} is already taken`, 'number');
    }
    const destinationId = this.#destination(
      row['destinationType'],
      row['destinationId'],
      'destinationId',
    );
    const fields = { ...fieldsOf(row), teamId, destinationId };
    return this.store.dids.create(typed(fields)).id;
  }

  /** The team's default traffic (TM-12), pointed at the imported object. */
  #linkDefaultTraffic(team: Team): Team {
    const type = this.doc.team['defaultTrafficType'];
    if (type === null || type === undefined) return team;
    const field = 'team.defaultTrafficTargetId';
    const targetId = this.#destination(type, this.doc.team['defaultTrafficTargetId'], field);
    return this.store.teams.update(
      team.id,
      typed({ defaultTrafficType: type, defaultTrafficTargetId: targetId }),
    );
  }

  /** TM-5: the team's default trunk or trunk group, once they exist. */
  #linkOutboundTarget(team: Team): Team {
    const type = this.doc.team['outboundTargetType'];
    if (type === null || type === undefined || type === 'none') return team;
    const section = type === 'trunkGroup' ? 'trunkGroups' : 'trunks';
    const field = 'team.outboundTargetId';
    const targetId = this.#ref(section, this.doc.team['outboundTargetId'], field);
    return this.store.teams.update(
      team.id,
      typed({ outboundTargetType: type, outboundTargetId: targetId }),
    );
  }

  /** Second pass: failovers and IVR parts, then what points at them. */
  #linkDestinations(teamId: number): void {
    const s = this.store;
    const failover = (row: ImportRow) => ({
      failoverType: row['failoverType'] as 'hangup',
      failoverTargetId: this.#destination(
        row['failoverType'],
        row['failoverTargetId'],
        'failoverTargetId',
      ),
    });
    this.#again('queues', (row, id) => s.queues.update(id, failover(row)));
    this.#again('ringGroups', (row, id) => s.ringGroups.update(id, failover(row)));
    this.#again('ivrFlows', (row, id) => s.ivrFlows.update(id, this.#ivrParts(row)));
    this.#again('outboundRoutes', (row, id) => {
      if (row['actionTargetId'] == null) return;
      const actionTargetId = this.#destination(
        row['action'],
        row['actionTargetId'],
        'actionTargetId',
      );
      s.outboundRoutes.update(id, typed({ action: row['action'], actionTargetId, trunkId: null }));
    });
    this.#each('inboundRoutes', (row) => {
      if (row['didId'] != null && this.options.includeDids !== true) {
        this.#result.skipped.inboundRoutes.push(row['name'] as string);
        return undefined;
      }
      const fields = {
        ...fieldsOf(row),
        teamId,
        didId: this.#ref('dids', row['didId'], 'didId'),
        didGroupId: this.#ref('didGroups', row['didGroupId'], 'didGroupId'),
        trunkId: this.#ref('trunks', row['trunkId'], 'trunkId'),
        workHoursId: this.#ref('workHours', row['workHoursId'], 'workHoursId'),
        destinationId: this.#destination(
          row['destinationType'],
          row['destinationId'],
          'destinationId',
        ),
      };
      return s.inboundRoutes.create(typed(fields)).id;
    });
    this.#each('callerListEntries', (row) => {
      const fields = {
        ...fieldsOf(row),
        teamId,
        accountId: this.#ref('accounts', row['accountId'], 'accountId'),
        extensionId: this.#ref('extensions', row['extensionId'], 'extensionId'),
      };
      return s.callerLists.create(typed(fields)).id;
    });
    // Last, so that R15.9-5 sees every number the team now has.
    this.#each('featureCodes', (row) => {
      const name = row['name'] as string;
      s.featureCodes.set(teamId, name, {
        code: row['code'] as string,
        note: row['note'] as string | null,
        enabled: row['enabled'] as boolean,
      });
      return s.featureCodes.rows(teamId).find((r) => r.name === name)?.id;
    });
  }

  #ivrParts(row: ImportRow): Row {
    const prompt = (id: unknown, field: string) => this.#ref('callPrompts', id, field);
    const parts = (items: unknown, field: string, destinationKey?: string) =>
      ((items ?? []) as Row[]).map((item, j) => {
        const at = `${field}[${j}]`;
        return {
          ...item,
          ...('promptId' in item ? { promptId: prompt(item['promptId'], `${at}.promptId`) } : {}),
          ...(destinationKey === undefined
            ? {}
            : { [destinationKey]: this.#stored(item[destinationKey], `${at}.${destinationKey}`) }),
          failover: this.#stored(item['failover'], `${at}.failover`),
          failoverEndPromptId: prompt(item['failoverEndPromptId'], `${at}.failoverEndPromptId`),
        };
      });
    return {
      failover: this.#stored(row['failover'], 'failover'),
      failoverEndPromptId: prompt(row['failoverEndPromptId'], 'failoverEndPromptId'),
      actions: parts(row['actions'], 'actions'),
      transitions: parts(row['transitions'], 'transitions', 'destination'),
    };
  }
}
