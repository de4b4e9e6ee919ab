import { asc, count, eq, getTableColumns, sql } from 'drizzle-orm';
import { ConflictError, NotFoundError } from '../index.ts';
import { accounts, extensions, teams } from './schema.ts';
import { assertTeamOutboundTarget } from './outbound-references.ts';
import { rehashTeamExtensions, teamRealm } from './sip-credentials.ts';
import { resolveDefaultTraffic } from './team-default-traffic.ts';
import {
  VERIFICATION_STRING_PURPOSE,
  assertEventsSigned,
  validateEventFields,
  type TeamEventTarget,
} from './team-event-settings.ts';
import type { StoreContext, StoreDb } from './store-context.ts';
import {
  SIP_DOMAIN_PATTERN,
  TEAM_UID_PATTERN,
  requireIntInRange,
  requireMatch,
  requireNonBlank,
} from './validate.ts';
import { selectKeysetJsonPage, selectKeysetPage } from './keyset-page.ts';
import { selectIds } from './select-ids.ts';
import type { KeysetJsonPage, KeysetPage, KeysetPageRequest, KeysetSource } from './keyset-page.ts';

/** A team as stored (spec §1.2), without the TM-11 secret. */
export type Team = Omit<typeof teams.$inferSelect, 'verificationStringEncrypted'>;

/**
 * Fields of a new team; current fees move only by adjustments (FIN-1).
 * The TM-11 `verificationString` is encrypted at rest, never read back.
 */
export type NewTeam = Omit<
  typeof teams.$inferInsert,
  'id' | 'createdAt' | 'updatedAt' | 'currentFeesE4' | 'verificationStringEncrypted'
> & { verificationString?: string | null };

/** Changes to a team. The uid is fixed: registration names embed it. */
export type TeamUpdate = Partial<Omit<NewTeam, 'uid'>>;

const { verificationStringEncrypted: _omitted, ...publicColumns } = getTableColumns(teams);

/** How much of each quota a team uses (TM-2). */
export interface TeamUsage {
  accounts: number;
  extensions: number;
}

const QUOTA_FIELDS = [
  'maxAccounts',
  'maxAgents',
  'maxExtensions',
  'maxQueues',
  'maxConferenceRooms',
] as const;

function normalizeDomain(domain: string | null | undefined): string | null | undefined {
  return typeof domain === 'string' ? domain.trim().toLowerCase() : domain;
}

function validateTeamFields(input: TeamUpdate): void {
  if (input.name !== undefined) requireNonBlank('name', input.name);
  if (input.sipDomain != null) {
    requireMatch('sipDomain', input.sipDomain, SIP_DOMAIN_PATTERN, 'a DNS host name');
  }
  for (const field of QUOTA_FIELDS) {
    const value = input[field];
    if (value !== undefined) requireIntInRange(field, value, 0, 1_000_000);
  }
  if (input.maxConcurrentCalls != null) {
    requireIntInRange('maxConcurrentCalls', input.maxConcurrentCalls, 0, 1_000_000);
  }
  if (input.creditLimitE4 !== undefined) {
    requireIntInRange('creditLimitE4', input.creditLimitE4, 0, Number.MAX_SAFE_INTEGER);
  }
  validateEventFields(input);
}

/**
 * The input without current fees, which only finance adjustments move
 * (FIN-1): a team copied from an export starts at zero, whatever the
 * document (typed loosely by its reader) carries.
 */
function withoutFees<T extends object>(input: T): T {
  const { currentFeesE4: _fees, ...rest } = input as T & { currentFeesE4?: unknown };
  return rest as T;
}

/** How page() reads the table in SQL. */
const KEYSET_SOURCE: KeysetSource = {
  table: teams,
  id: teams.id,
  selection: publicColumns,
  scope: (teamId) => eq(teams.id, teamId),
};

/** find() as a prepared statement: the id is a placeholder. */
function prepareFind(db: StoreDb) {
  return db
    .select(publicColumns)
    .from(teams)
    .where(eq(teams.id, sql.placeholder('id')))
    .prepare();
}

/** Tenants: creation, quotas and the SIP domain that is their realm. */
export class TeamsRepository {
  readonly #ctx: StoreContext;
  #findStatement: ReturnType<typeof prepareFind> | undefined;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /** Creates a team; uid and sipDomain must be free system-wide (TM-1). */
  create(input: NewTeam): Team {
    requireMatch('uid', input.uid, TEAM_UID_PATTERN, 'letters and digits (TM-1)');
    const { verificationString, ...fields } = input;
    const values = { ...withoutFees(fields), sipDomain: normalizeDomain(fields.sipDomain) };
    validateTeamFields({ ...values, verificationString });
    const secret = this.#encrypt(verificationString);
    assertEventsSigned({ eventUrl: values.eventUrl ?? null, hasSecret: secret !== null });
    return this.#ctx.write((db) => {
      this.#assertFree(db, values.uid, values.sipDomain, undefined);
      // A new team owns no trunk yet: only a system trunk can be its target.
      assertTeamOutboundTarget(
        db,
        undefined,
        values.outboundTargetType ?? 'none',
        values.outboundTargetId,
      );
      assertTeamOutboundTarget(
        db,
        undefined,
        values.externalAgentTrunkType ?? 'none',
        values.externalAgentTrunkId,
        'externalAgentTrunkId',
      );
      const now = this.#ctx.now();
      const team = db
        .insert(teams)
        .values({ ...values, verificationStringEncrypted: secret, createdAt: now, updatedAt: now })
        .returning(publicColumns)
        .get();
      // TM-12: a new team owns nothing yet, so only `end` can pass here.
      resolveDefaultTraffic(db, team.id, {}, values);
      return team;
    });
  }

  /** The team with `id`, or NotFoundError. */
  get(id: number): Team {
    const team = this.find(id);
    if (team === undefined) throw new NotFoundError('team', id);
    return team;
  }

  /**
   * The row with `id`, or undefined. Called on every request that names an
   * object, so the statement is prepared on first use and reused.
   */
  find(id: number): Team | undefined {
    return this.#ctx.cached(`team:${id}`, () => {
      this.#findStatement ??= prepareFind(this.#ctx.db);
      return this.#findStatement.get({ id });
    });
  }

  findByUid(uid: string): Team | undefined {
    return this.#ctx.db.select(publicColumns).from(teams).where(eq(teams.uid, uid)).get();
  }

  findBySipDomain(sipDomain: string): Team | undefined {
    const domain = sipDomain.toLowerCase();
    return this.#ctx.db.select(publicColumns).from(teams).where(eq(teams.sipDomain, domain)).get();
  }

  /** Ids of the teams named `name` (names need not be unique), for the 团队名称 search field. */
  idsByName(name: string): number[] {
    return selectIds(this.#ctx.db, teams, teams.id, eq(teams.name, name));
  }

  /** Read on every call that dials another team's prefix (TM-4): kept in the read cache. */
  list(): Team[] {
    return (
      this.#ctx.cached('teams', () =>
        this.#ctx.db.select(publicColumns).from(teams).orderBy(asc(teams.id)).all(),
      ) ?? []
    );
  }

  /** One page filtered, sorted and cut in SQL (keyset paging). */
  page(request: KeysetPageRequest): KeysetPage<Team> | undefined {
    return selectKeysetPage<Team>(this.#ctx.db, KEYSET_SOURCE, request);
  }

  /** page() with each row as the API's JSON of `fields`, written by SQLite. */
  pageJson(request: KeysetPageRequest, fields: readonly string[]): KeysetJsonPage | undefined {
    return selectKeysetJsonPage(this.#ctx.db, KEYSET_SOURCE, request, fields);
  }

  /**
   * Updates a team. A new sipDomain changes the realm, so the HA1 values of
   * all its extensions are recomputed in the same transaction. Lowering a
   * quota below current use is allowed and only blocks new creations (TM-2).
   */
  update(id: number, patch: TeamUpdate): Team {
    const { verificationString, ...fields } = patch;
    const values = { ...withoutFees(fields), sipDomain: normalizeDomain(fields.sipDomain) };
    if (values.sipDomain === undefined) delete values.sipDomain;
    // Choosing no default target (TM-5) clears the id as well.
    if (values.outboundTargetType === 'none') values.outboundTargetId ??= null;
    if (values.externalAgentTrunkType === 'none') values.externalAgentTrunkId ??= null;
    validateTeamFields({ ...values, verificationString });
    const secret =
      verificationString === undefined
        ? {}
        : { verificationStringEncrypted: this.#encrypt(verificationString) };
    return this.#ctx.write((db) => {
      const before = this.get(id);
      const stored = this.#eventRow(db, id);
      assertEventsSigned({
        eventUrl: values.eventUrl === undefined ? before.eventUrl : values.eventUrl,
        hasSecret:
          secret.verificationStringEncrypted === undefined
            ? stored?.verificationStringEncrypted != null
            : secret.verificationStringEncrypted !== null,
      });
      if (values.sipDomain !== undefined) this.#assertFree(db, undefined, values.sipDomain, id);
      if (values.outboundTargetType !== undefined || values.outboundTargetId !== undefined) {
        assertTeamOutboundTarget(
          db,
          id,
          values.outboundTargetType ?? before.outboundTargetType,
          values.outboundTargetId === undefined ? before.outboundTargetId : values.outboundTargetId,
        );
      }
      if (
        values.externalAgentTrunkType !== undefined ||
        values.externalAgentTrunkId !== undefined
      ) {
        // TM-13: the same choices as the default target (TM-5).
        assertTeamOutboundTarget(
          db,
          id,
          values.externalAgentTrunkType ?? before.externalAgentTrunkType,
          values.externalAgentTrunkId === undefined
            ? before.externalAgentTrunkId
            : values.externalAgentTrunkId,
          'externalAgentTrunkId',
        );
      }
      const traffic = resolveDefaultTraffic(db, id, before, values);
      const team = db
        .update(teams)
        .set({ ...values, ...traffic, ...secret, updatedAt: this.#ctx.now() })
        .where(eq(teams.id, id))
        .returning(publicColumns)
        .get();
      if (team === undefined) throw new NotFoundError('team', id);
      if (teamRealm(team) !== teamRealm(before)) {
        rehashTeamExtensions(this.#ctx, db, id, teamRealm(team));
      }
      return team;
    });
  }

  /** Deletes an empty team; one that still owns objects raises ERR_REFERENCE. */
  delete(id: number): void {
    this.#ctx.write((db) => {
      const result = db.delete(teams).where(eq(teams.id, id)).run();
      if (result.changes === 0) throw new NotFoundError('team', id);
    });
  }

  /**
   * Where the events of team `id` go (TM-11), or undefined when it has no
   * event URL. Decrypts the secret, so callers keep the result briefly.
   */
  eventTarget(id: number): TeamEventTarget | undefined {
    const team = this.find(id);
    if (team === undefined || team.eventUrl === null) return undefined;
    const row = this.#eventRow(this.#ctx.db, id);
    if (row?.verificationStringEncrypted == null) return undefined;
    return {
      url: team.eventUrl,
      verificationString: this.#ctx.secrets.decrypt(
        row.verificationStringEncrypted,
        VERIFICATION_STRING_PURPOSE,
      ),
      realm: teamRealm(team),
    };
  }

  #eventRow(db: StoreDb, id: number): { verificationStringEncrypted: string | null } | undefined {
    return db
      .select({ verificationStringEncrypted: teams.verificationStringEncrypted })
      .from(teams)
      .where(eq(teams.id, id))
      .get();
  }

  #encrypt(secret: string | null | undefined): string | null {
    if (secret == null || secret === '') return null;
    return this.#ctx.secrets.encrypt(secret, VERIFICATION_STRING_PURPOSE);
  }

  /** Current use of the quotas this store enforces. */
  usage(teamId: number): TeamUsage {
    const db = this.#ctx.db;
    const accountCount = db
      .select({ n: count() })
      .from(accounts)
      .where(eq(accounts.teamId, teamId))
      .get();
    const extensionCount = db
      .select({ n: count() })
      .from(extensions)
      .where(eq(extensions.teamId, teamId))
      .get();
    return { accounts: accountCount?.n ?? 0, extensions: extensionCount?.n ?? 0 };
  }

  #assertFree(
    db: StoreDb,
    uid: string | undefined,
    sipDomain: string | null | undefined,
    selfId: number | undefined,
  ): void {
    if (uid !== undefined) {
      const other = db.select({ id: teams.id }).from(teams).where(eq(teams.uid, uid)).get();
      if (other !== undefined && other.id !== selfId) {
        throw new ConflictError('ERR_TEAM_UID_TAKEN', `team uid ${uid} is taken`, 'uid');
      }
    }
    if (sipDomain != null) {
      const other = db
        .select({ id: teams.id })
        .from(teams)
        .where(eq(teams.sipDomain, sipDomain))
        .get();
      if (other !== undefined && other.id !== selfId) {
        throw new ConflictError(
          'ERR_SIP_DOMAIN_TAKEN',
          `SIP domain ${sipDomain} belongs to another team`,
          'sipDomain',
        );
      }
    }
  }
}
