import { and, asc, eq, getTableColumns, isNull, or, sql } from 'drizzle-orm';
import { NotFoundError, ValidationError } from '../index.ts';
import { operationLogs, teams, trunks } from './schema.ts';
import type { StoreContext, StoreDb } from './store-context.ts';
import { requireIntInRange, requireNonBlank } from './validate.ts';
import { selectKeysetJsonPage, selectKeysetPage } from './keyset-page.ts';
import {
  codecsFromOptions,
  effectiveConfig,
  findLinkedTemplate,
  requireValidDetails,
  resolveTemplateId,
} from './template-links.ts';
import type { EffectiveConfig } from './template-links.ts';
import type { KeysetJsonPage, KeysetPage, KeysetPageRequest, KeysetSource } from './keyset-page.ts';
import { parseSipHeaderLines, type SipHeaderLine } from './trunk-sip-headers.ts';

/** A trunk as returned to callers: no secret. */
export type Trunk = Omit<typeof trunks.$inferSelect, 'secretEncrypted'>;

/** Fields of a new trunk; `secret` is encrypted at rest. */
export type NewTrunk = Omit<
  typeof trunks.$inferInsert,
  'id' | 'createdAt' | 'updatedAt' | 'secretEncrypted' | 'codecs' | 'consecutiveFailures'
> & { secret?: string | null; codecs?: string[] };

/** Changes to a trunk; `secret: null` removes the secret. */
export type TrunkUpdate = Partial<Omit<NewTrunk, 'teamId'>>;

/** Purpose bound to a trunk secret's ciphertext (see SecretBox). */
const TRUNK_SECRET_PURPOSE = 'trunk.sip-secret';

/** G.711 µ-law and A-law: what every SIP carrier accepts (RFC 3551 §4.5.14). */
const DEFAULT_CODECS = ['PCMU', 'PCMA'];

/** The largest recording gain either way, in dB (TRK-10): ×16 or ÷16 in amplitude. */
export const RECORD_GAIN_LIMIT_DB = 24;

const { secretEncrypted: _omitted, ...publicColumns } = getTableColumns(trunks);

function validateTrunk(input: TrunkUpdate): void {
  if (input.name !== undefined) requireNonBlank('name', input.name);
  if (input.host !== undefined) requireNonBlank('host', input.host);
  if (input.port !== undefined) requireIntInRange('port', input.port, 1, 65535);
  if (input.timeoutSec !== undefined) requireIntInRange('timeoutSec', input.timeoutSec, 1, 3600);
  if (input.maxChannels != null) requireIntInRange('maxChannels', input.maxChannels, 1, 1_000_000);
  for (const field of ['recordGainInternal', 'recordGainExternal'] as const) {
    const gain = input[field];
    if (gain !== undefined)
      requireIntInRange(field, gain, -RECORD_GAIN_LIMIT_DB, RECORD_GAIN_LIMIT_DB);
  }
  requireValidDetails(input.details);
  if (input.sipHeaders !== undefined) {
    const parsed = parseSipHeaderLines(input.sipHeaders);
    if (!parsed.ok) throw new ValidationError('sipHeaders', `sipHeaders ${parsed.error.detail}`);
  }
  if (input.consecutiveFailDisable !== undefined) {
    requireIntInRange('consecutiveFailDisable', input.consecutiveFailDisable, 0, 1000);
  }
  if (input.codecs !== undefined && input.codecs.length === 0) {
    throw new ValidationError('codecs', 'a trunk needs at least one codec');
  }
}

/**
 * D36: a trunk created without `codecs` takes the ones its effective
 * `allow=`/`disallow=` lines name that our media plane can offer, and
 * G.711 when that leaves none.
 */
function codecsOf(db: StoreDb, templateId: number | null, details: string): string[] {
  const template = templateId === null ? undefined : findLinkedTemplate(db, templateId);
  const codecs = codecsFromOptions(effectiveConfig(template, details).options);
  return codecs === undefined || codecs.length === 0 ? DEFAULT_CODECS : codecs;
}

/**
 * How one attempt on a trunk ended, for TRK-13: `failed` is the trunk's
 * fault (no answer in time, 408, 5xx, transport error, host not found);
 * `reached` is any other final response, the callee's own answer.
 */
export type TrunkAttemptOutcome = 'reached' | 'failed';

/** What recordAttempt() did. */
export interface TrunkAttemptResult {
  readonly consecutiveFailures: number;
  /** True only for the attempt that disabled the trunk. */
  readonly isDisabledNow: boolean;
}

/** The operation log's actor for changes the switch makes by itself. */
const SYSTEM_ACTOR = 'system';

/** How page() reads the table in SQL. */
const KEYSET_SOURCE: KeysetSource = {
  table: trunks,
  id: trunks.id,
  selection: publicColumns,
  scope: (teamId) => or(isNull(trunks.teamId), eq(trunks.teamId, teamId)),
};

/** find() as a prepared statement: the id is a placeholder. */
function prepareFind(ctx: StoreContext) {
  return ctx.db
    .select(publicColumns)
    .from(trunks)
    .where(eq(trunks.id, sql.placeholder('id')))
    .prepare();
}

/** list() of every trunk as a prepared statement. */
function prepareListAll(ctx: StoreContext) {
  return ctx.db.select(publicColumns).from(trunks).orderBy(asc(trunks.id)).prepare();
}

/**
 * Carrier connections (spec §2.1). A `registration` trunk registers to the
 * carrier with username and secret (TRK-2); an `ipPeer` trunk is trusted by
 * address (TRK-3) and needs neither.
 */
export class TrunksRepository {
  readonly #ctx: StoreContext;
  #findStatement: ReturnType<typeof prepareFind> | undefined;
  #listStatement: ReturnType<typeof prepareListAll> | undefined;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  create(input: NewTrunk): Trunk {
    validateTrunk(input);
    const { secret, ...fields } = input;
    if (fields.type === 'registration' && (!fields.username || !secret)) {
      throw new ValidationError('secret', 'a registration trunk needs a username and a secret');
    }
    return this.#ctx.write((db) => {
      if (fields.teamId != null) {
        const team = db.select({ id: teams.id }).from(teams).where(eq(teams.id, fields.teamId));
        if (team.get() === undefined) throw new NotFoundError('team', fields.teamId);
      }
      const templateId = resolveTemplateId(db, {
        templateType: 'trunk',
        protocol: 'sip',
        teamId: fields.teamId ?? null,
        templateId: fields.templateId,
      });
      const now = this.#ctx.now();
      return db
        .insert(trunks)
        .values({
          ...fields,
          templateId,
          register: fields.register ?? fields.type === 'registration',
          codecs: fields.codecs ?? codecsOf(db, templateId, fields.details ?? ''),
          secretEncrypted: this.#encrypt(secret),
          // TRK-13: a new trunk has no failures, whatever a copied row says.
          consecutiveFailures: 0,
          createdAt: now,
          updatedAt: now,
        })
        .returning(publicColumns)
        .get();
    });
  }

  get(id: number): Trunk {
    const trunk = this.find(id);
    if (trunk === undefined) throw new NotFoundError('trunk', id);
    return trunk;
  }

  /** Read on every trunk call: the statement is prepared once. */
  find(id: number): Trunk | undefined {
    return this.#ctx.cached(`trunk:${id}`, () => {
      this.#findStatement ??= prepareFind(this.#ctx);
      return this.#findStatement.get({ id });
    });
  }

  /** The trunk `name` of a team, or a system-wide one when teamId is null. */
  findByName(teamId: number | null, name: string): Trunk | undefined {
    const team = teamId === null ? isNull(trunks.teamId) : eq(trunks.teamId, teamId);
    return this.#ctx.db
      .select(publicColumns)
      .from(trunks)
      .where(and(team, eq(trunks.name, name)))
      .get();
  }

  /** All trunks, or those a team may use: its own and system-wide (TRK-1). */
  list(usableByTeamId?: number): Trunk[] {
    const db = this.#ctx.db;
    if (usableByTeamId === undefined) {
      // Read for every INVITE without credentials (ipPeer matching, TRK-3).
      return (
        this.#ctx.cached('trunks', () => {
          this.#listStatement ??= prepareListAll(this.#ctx);
          return this.#listStatement.all();
        }) ?? []
      );
    }
    return db
      .select(publicColumns)
      .from(trunks)
      .where(or(isNull(trunks.teamId), eq(trunks.teamId, usableByTeamId)))
      .orderBy(asc(trunks.id))
      .all();
  }

  /** One page filtered, sorted and cut in SQL (keyset paging). */
  page(request: KeysetPageRequest): KeysetPage<Trunk> | undefined {
    return selectKeysetPage<Trunk>(this.#ctx.db, KEYSET_SOURCE, request);
  }

  /** page() with each row as the API's JSON of `fields`, written by SQLite. */
  pageJson(request: KeysetPageRequest, fields: readonly string[]): KeysetJsonPage | undefined {
    return selectKeysetJsonPage(this.#ctx.db, KEYSET_SOURCE, request, fields);
  }

  update(id: number, patch: TrunkUpdate): Trunk {
    validateTrunk(patch);
    const { secret, ...fields } = patch;
    return this.#ctx.write((db) => {
      if (fields.templateId !== undefined) {
        const current = this.get(id);
        fields.templateId = resolveTemplateId(db, {
          templateType: 'trunk',
          protocol: 'sip',
          teamId: current.teamId,
          templateId: fields.templateId,
        });
      }
      const values = {
        ...fields,
        ...(secret === undefined ? {} : { secretEncrypted: this.#encrypt(secret) }),
        // TRK-13: re-enabling a trunk starts its failure count again.
        ...(fields.status === 'enabled' ? { consecutiveFailures: 0 } : {}),
      };
      const trunk = db
        .update(trunks)
        .set({ ...values, updatedAt: this.#ctx.now() })
        .where(eq(trunks.id, id))
        .returning(publicColumns)
        .get();
      if (trunk === undefined) throw new NotFoundError('trunk', id);
      return trunk;
    });
  }

  /**
   * TRK-11: the header lines INVITEs to the trunk carry; none for an
   * unknown trunk. Read on every trunk attempt, so kept in the read cache.
   */
  sipHeadersOf(id: number): readonly SipHeaderLine[] {
    const cached = this.#ctx.cached(`trunk-headers:${id}`, () => {
      const text = this.find(id)?.sipHeaders ?? '';
      const parsed = parseSipHeaderLines(text);
      // Rows are validated on write; a row that is not is sent nothing.
      return { lines: parsed.ok ? parsed.value : [] };
    });
    return cached?.lines ?? [];
  }

  /**
   * TRK-13: counts a failed attempt, or clears the count after a reached
   * one. At `consecutiveFailDisable` (> 0) failures in a row the trunk is
   * disabled in the same transaction as an operation log row by the
   * system; it stays so until an update sets it enabled. A reached
   * attempt with no failures behind it writes nothing.
   */
  recordAttempt(id: number, outcome: TrunkAttemptOutcome): TrunkAttemptResult {
    if (outcome === 'reached') {
      const trunk = this.find(id);
      if (trunk === undefined || trunk.consecutiveFailures === 0) {
        return { consecutiveFailures: 0, isDisabledNow: false };
      }
      this.#ctx.write((db) =>
        db.update(trunks).set({ consecutiveFailures: 0 }).where(eq(trunks.id, id)).run(),
      );
      return { consecutiveFailures: 0, isDisabledNow: false };
    }
    return this.#ctx.write((db) => {
      const row = db
        .update(trunks)
        .set({ consecutiveFailures: sql`${trunks.consecutiveFailures} + 1` })
        .where(eq(trunks.id, id))
        .returning({
          teamId: trunks.teamId,
          status: trunks.status,
          limit: trunks.consecutiveFailDisable,
          failures: trunks.consecutiveFailures,
        })
        .get();
      if (row === undefined) return { consecutiveFailures: 0, isDisabledNow: false };
      const isDisabledNow = row.limit > 0 && row.failures >= row.limit && row.status === 'enabled';
      if (isDisabledNow) {
        const now = this.#ctx.now();
        db.update(trunks)
          .set({ status: 'disabled', updatedAt: now })
          .where(eq(trunks.id, id))
          .run();
        db.insert(operationLogs)
          .values({
            createdAt: now,
            accountId: null,
            username: SYSTEM_ACTOR,
            teamId: row.teamId,
            action: 'update',
            resource: 'trunks',
            objectId: String(id),
            ip: '',
            detail: {
              status: 'disabled',
              reason: 'TRK-13 consecutive failed attempts',
              consecutiveFailures: row.failures,
            },
          })
          .run();
      }
      return { consecutiveFailures: row.failures, isDisabledNow };
    });
  }

  /** TRK-14: the trunk's template details overlaid by its own. */
  effectiveConfig(id: number): EffectiveConfig {
    const trunk = this.get(id);
    // Calls read it (DTMF mode, D88): kept while the config is unchanged.
    const read = () => {
      const template =
        trunk.templateId === null ? undefined : findLinkedTemplate(this.#ctx.db, trunk.templateId);
      return effectiveConfig(template, trunk.details);
    };
    return this.#ctx.cached(`trunk-effective:${id}`, read) ?? read();
  }

  /** The clear secret, for the digest of REGISTER and INVITE; null if none. */
  getSecret(id: number): string | null {
    const row = this.#ctx.db
      .select({ secretEncrypted: trunks.secretEncrypted })
      .from(trunks)
      .where(eq(trunks.id, id))
      .get();
    if (row === undefined) throw new NotFoundError('trunk', id);
    if (row.secretEncrypted === null) return null;
    return this.#ctx.secrets.decrypt(row.secretEncrypted, TRUNK_SECRET_PURPOSE);
  }

  /** Deletes a trunk; one still used by a route or extension raises ERR_REFERENCE. */
  delete(id: number): void {
    this.#ctx.write((db) => {
      const result = db.delete(trunks).where(eq(trunks.id, id)).run();
      if (result.changes === 0) throw new NotFoundError('trunk', id);
    });
  }

  #encrypt(secret: string | null | undefined): string | null {
    if (secret == null || secret === '') return null;
    return this.#ctx.secrets.encrypt(secret, TRUNK_SECRET_PURPOSE);
  }
}
