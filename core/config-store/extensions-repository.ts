import { and, asc, count, eq, getTableColumns, sql } from 'drizzle-orm';
import {
  ConflictError,
  NotFoundError,
  QuotaExceededError,
  ValidationError,
  randomPassword,
} from '../index.ts';
import { assertInternalNumbersFree, moveInternalNumber } from './internal-numbers-repository.ts';
import { accounts, dids, extensions, internalNumbers, teams } from './schema.ts';
import {
  EXTENSION_SECRET_PURPOSE,
  computeExtensionHa1,
  registrationNameOf,
  teamRealm,
} from './sip-credentials.ts';
import { SipCredentialFinder } from './sip-credential-finder.ts';
import type { SipCredentials } from './sip-credential-finder.ts';
import type { StoreContext, StoreDb } from './store-context.ts';
import {
  effectiveConfig,
  findLinkedTemplate,
  requireValidDetails,
  resolveTemplateId,
  templateProtocolOf,
} from './template-links.ts';
import type { EffectiveConfig } from './template-links.ts';
import { EXTENSION_NUMBER_PATTERN, requireIntInRange, requireMatch } from './validate.ts';
import {
  normalizeHostRestriction,
  requireExternalNumber,
  requireRingbackClass,
} from './extension-rules.ts';
import { selectKeysetJsonPage, selectKeysetPage } from './keyset-page.ts';
import type { KeysetJsonPage, KeysetPage, KeysetPageRequest, KeysetSource } from './keyset-page.ts';

type ExtensionRow = typeof extensions.$inferSelect;
type SecretColumn =
  'secretEncrypted' | 'ha1Md5' | 'ha1Sha256' | 'registrationHa1Md5' | 'registrationHa1Sha256';

/** An extension as returned to callers: no secret, no HA1. */
export type Extension = Omit<ExtensionRow, SecretColumn>;

/** Fields of a new extension; `secret` defaults to a random password. */
export type NewExtension = Omit<
  typeof extensions.$inferInsert,
  'id' | 'createdAt' | 'updatedAt' | 'registrationName' | 'name' | SecretColumn
> & { name?: string; secret?: string };

/** Changes to an extension; a new internalNumber is re-reserved (IN-3). */
export type ExtensionUpdate = Partial<Omit<NewExtension, 'teamId' | 'accountId' | 'secret'>>;

/** A range of numbers created at once, e.g. 1000–1099, with shared fields. */
export type ExtensionRange = Omit<NewExtension, 'internalNumber' | 'name' | 'secret'> & {
  firstNumber: number;
  lastNumber: number;
};

const MAX_RANGE = 10_000;
const INSERT_CHUNK = 500;

/** A validated input, before the team-level checks. */
interface PreparedExtension {
  fields: Omit<NewExtension, 'name' | 'secret'>;
  name: string;
  number: string;
  secret: string;
}
const SECRET_PATTERN = /^[\x21-\x7e]{8,128}$/;

const {
  secretEncrypted: _s,
  ha1Md5: _m,
  ha1Sha256: _h,
  registrationHa1Md5: _rm,
  registrationHa1Sha256: _rh,
  ...publicColumns
} = getTableColumns(extensions);

/** How page() reads the table in SQL. */
const KEYSET_SOURCE: KeysetSource = {
  table: extensions,
  id: extensions.id,
  selection: publicColumns,
  scope: (teamId) => eq(extensions.teamId, teamId),
};

/** find() as a prepared statement: the id is a placeholder. */
function prepareFind(db: StoreDb) {
  return db
    .select(publicColumns)
    .from(extensions)
    .where(eq(extensions.id, sql.placeholder('id')))
    .prepare();
}

/** Endpoints of a team, each owned by an account (spec §2.2). */
export class ExtensionsRepository {
  readonly #ctx: StoreContext;
  readonly #credentials: SipCredentialFinder;
  #findStatement: ReturnType<typeof prepareFind> | undefined;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
    this.#credentials = new SipCredentialFinder(ctx);
  }

  /**
   * Creates an extension and reserves its number in the team namespace in
   * the same transaction: a taken number (any kind, IN-1) raises
   * ERR_INTERNAL_NUMBER_TAKEN and writes nothing.
   */
  create(input: NewExtension): Extension {
    return this.createMany([input])[0]!;
  }

  /**
   * Creates `inputs` in one transaction: all of them, or none. Statements
   * are batched (a clash check per 500 numbers, multi-row inserts), since
   * compiling one statement per row dominated bulk creation.
   */
  createMany(inputs: readonly NewExtension[]): Extension[] {
    const prepared = inputs.map((input) => this.#validate(input));
    return this.#ctx.write((db) => {
      const byTeam = new Map<number, PreparedExtension[]>();
      for (const item of prepared) {
        const group = byTeam.get(item.fields.teamId) ?? [];
        group.push(item);
        byTeam.set(item.fields.teamId, group);
      }
      const created = new Map<string, Extension>();
      for (const [teamId, items] of byTeam) {
        for (const extension of this.#insertTeamBatch(db, teamId, items)) {
          created.set(`${teamId}:${extension.internalNumber}`, extension);
        }
      }
      return prepared.map((item) => created.get(`${item.fields.teamId}:${item.number}`)!);
    });
  }

  /** Creates one extension per number of the range, each with its own secret. */
  createRange(range: ExtensionRange): Extension[] {
    const { firstNumber, lastNumber, ...shared } = range;
    requireIntInRange('firstNumber', firstNumber, 0, Number.MAX_SAFE_INTEGER);
    requireIntInRange('lastNumber', lastNumber, firstNumber, firstNumber + MAX_RANGE - 1);
    const inputs: NewExtension[] = [];
    for (let n = firstNumber; n <= lastNumber; n++) {
      inputs.push({ ...shared, internalNumber: String(n) });
    }
    return this.createMany(inputs);
  }

  get(id: number): Extension {
    const extension = this.find(id);
    if (extension === undefined) throw new NotFoundError('extension', id);
    return extension;
  }

  /**
   * The row with `id`, or undefined. Called on every request that names an
   * object, so the statement is prepared on first use and reused.
   */
  find(id: number): Extension | undefined {
    return this.#ctx.cached(`extension:${id}`, () => {
      this.#findStatement ??= prepareFind(this.#ctx.db);
      return this.#findStatement.get({ id });
    });
  }

  findByNumber(teamId: number, internalNumber: string): Extension | undefined {
    return this.#ctx.db
      .select(publicColumns)
      .from(extensions)
      .where(and(eq(extensions.teamId, teamId), eq(extensions.internalNumber, internalNumber)))
      .get();
  }

  /** Extensions of a team in number order (numerically, then as text). */
  list(teamId: number): Extension[] {
    return this.#ctx.db
      .select(publicColumns)
      .from(extensions)
      .where(eq(extensions.teamId, teamId))
      .orderBy(sql`length(${extensions.internalNumber})`, asc(extensions.internalNumber))
      .all();
  }

  /** Ids of an account's extensions in number order (an auto-match inbound route, A-10). */
  idsOfAccount(accountId: number): number[] {
    return this.#ctx.db
      .select({ id: extensions.id })
      .from(extensions)
      .where(eq(extensions.accountId, accountId))
      .orderBy(sql`length(${extensions.internalNumber})`, asc(extensions.internalNumber))
      .all()
      .map((row) => row.id);
  }

  /** One page filtered, sorted and cut in SQL (keyset paging). */
  page(request: KeysetPageRequest): KeysetPage<Extension> | undefined {
    return selectKeysetPage<Extension>(this.#ctx.db, KEYSET_SOURCE, request);
  }

  /** page() with each row as the API's JSON of `fields`, written by SQLite. */
  pageJson(request: KeysetPageRequest, fields: readonly string[]): KeysetJsonPage | undefined {
    return selectKeysetJsonPage(this.#ctx.db, KEYSET_SOURCE, request, fields);
  }

  /** Updates an extension; a new number moves its namespace entry (IN-3). */
  update(id: number, changes: ExtensionUpdate): Extension {
    const hostRestriction = normalizeHostRestriction(changes.hostRestriction);
    const patch = hostRestriction === undefined ? changes : { ...changes, hostRestriction };
    if (patch.internalNumber !== undefined) {
      requireMatch('internalNumber', patch.internalNumber, EXTENSION_NUMBER_PATTERN, 'digits');
    }
    requireValidDetails(patch.details);
    return this.#ctx.write((db) => {
      const current = this.#row(db, id);
      requireExternalNumber({ ...current, ...patch });
      requireRingbackClass(db, current.teamId, patch.ringbackMohClassId);
      const template = this.#templateOnUpdate(db, current, patch);
      let credentials = {};
      if (patch.internalNumber !== undefined && patch.internalNumber !== current.internalNumber) {
        const team = this.#team(db, current.teamId);
        moveInternalNumber(this.#ctx, db, team.id, current.internalNumber, patch.internalNumber);
        const registrationName = registrationNameOf(team.uid, patch.internalNumber);
        const secret = this.#ctx.secrets.decrypt(current.secretEncrypted, EXTENSION_SECRET_PURPOSE);
        const realm = teamRealm(team);
        const ha1 = computeExtensionHa1(registrationName, patch.internalNumber, realm, secret);
        credentials = { registrationName, ...ha1 };
      }
      const updated = db
        .update(extensions)
        .set({ ...patch, ...template, ...credentials, updatedAt: this.#ctx.now() })
        .where(eq(extensions.id, id))
        .returning(publicColumns)
        .get();
      if (updated === undefined) throw new NotFoundError('extension', id);
      return updated;
    });
  }

  /** EXT-16: the device template's details overlaid by the extension's. */
  effectiveConfig(id: number): EffectiveConfig {
    const extension = this.get(id);
    const template =
      extension.templateId === null
        ? undefined
        : findLinkedTemplate(this.#ctx.db, extension.templateId);
    return effectiveConfig(template, extension.details);
  }

  /** Sets a new SIP password: new ciphertext and new HA1 values. */
  setSipSecret(id: number, secret: string): void {
    this.#validateSecret(secret);
    this.#ctx.write((db) => {
      const current = this.#row(db, id);
      const team = this.#team(db, current.teamId);
      db.update(extensions)
        .set({
          secretEncrypted: this.#ctx.secrets.encrypt(secret, EXTENSION_SECRET_PURPOSE),
          ...computeExtensionHa1(
            current.registrationName,
            current.internalNumber,
            teamRealm(team),
            secret,
          ),
          updatedAt: this.#ctx.now(),
        })
        .where(eq(extensions.id, id))
        .run();
    });
  }

  /** The clear SIP password, for provisioning; never part of a listing. */
  getSipSecret(id: number): string {
    const row = this.#row(this.#ctx.db, id);
    return this.#ctx.secrets.decrypt(row.secretEncrypted, EXTENSION_SECRET_PURPOSE);
  }

  /** Deletes an extension and frees its number; refused while a DID points to it. */
  delete(id: number): void {
    this.#ctx.write((db) => {
      const current = this.#row(db, id);
      const usedBy = db
        .select({ number: dids.number })
        .from(dids)
        .where(and(eq(dids.destinationType, 'extension'), eq(dids.destinationId, id)))
        .get();
      if (usedBy !== undefined) {
        throw new ConflictError('ERR_IN_USE', `DID ${usedBy.number} routes to this extension`);
      }
      db.delete(internalNumbers)
        .where(
          and(
            eq(internalNumbers.teamId, current.teamId),
            eq(internalNumbers.number, current.internalNumber),
          ),
        )
        .run();
      db.delete(extensions).where(eq(extensions.id, id)).run();
    });
  }

  /**
   * Credentials for a REGISTER to `<number>@<sipDomain>`: the auth username
   * is the number and the realm the domain. One indexed lookup.
   */
  findSipCredentialsByDomain(sipDomain: string, number: string): SipCredentials | undefined {
    return this.#credentials.byDomain(sipDomain, number);
  }

  /** Credentials for the auth username `<team uid>-<number>` (EXT-1). */
  findSipCredentialsByRegistrationName(registrationName: string): SipCredentials | undefined {
    return this.#credentials.byRegistrationName(registrationName);
  }

  #validate(input: NewExtension): PreparedExtension {
    const { secret: givenSecret, name, ...fields } = input;
    requireMatch('internalNumber', fields.internalNumber, EXTENSION_NUMBER_PATTERN, 'digits');
    if (fields.ringTimeoutSec !== undefined) {
      requireIntInRange('ringTimeoutSec', fields.ringTimeoutSec, 1, 3600);
    }
    requireValidDetails(fields.details);
    const hostRestriction = normalizeHostRestriction(fields.hostRestriction);
    if (hostRestriction !== undefined) fields.hostRestriction = hostRestriction;
    requireExternalNumber(fields);
    const secret = givenSecret ?? randomPassword();
    this.#validateSecret(secret);
    return { fields, name: name ?? fields.internalNumber, number: fields.internalNumber, secret };
  }

  /**
   * Inserts extensions of one team: quota (TM-2), owning accounts (ACC-3),
   * free numbers (IN-1), then the rows and their namespace entries.
   */
  #insertTeamBatch(db: StoreDb, teamId: number, items: PreparedExtension[]): Extension[] {
    const team = this.#team(db, teamId);
    this.#checkQuota(db, team, items.length);
    for (const classId of new Set(items.map((item) => item.fields.ringbackMohClassId))) {
      requireRingbackClass(db, team.id, classId);
    }
    for (const accountId of new Set(items.map((item) => item.fields.accountId))) {
      const account = db
        .select({ teamId: accounts.teamId })
        .from(accounts)
        .where(eq(accounts.id, accountId))
        .get();
      if (account === undefined) throw new NotFoundError('account', accountId);
      if (account.teamId !== team.id) {
        throw new ValidationError('accountId', 'the account belongs to another team (ACC-3)');
      }
    }
    assertInternalNumbersFree(
      db,
      team.id,
      items.map((item) => item.number),
    );
    const realm = teamRealm(team);
    const now = this.#ctx.now();
    const templates = new Map<string, number | null>();
    const templateOf = (fields: PreparedExtension['fields']): number | null => {
      const protocol = templateProtocolOf(fields.deviceType ?? 'SIP');
      const key = `${protocol}:${String(fields.templateId)}`;
      let id = templates.get(key);
      if (id === undefined) {
        const request = { templateType: 'device' as const, protocol, teamId: team.id };
        id = resolveTemplateId(db, { ...request, templateId: fields.templateId });
        templates.set(key, id);
      }
      return id;
    };
    const rows = items.map((item) => {
      const registrationName = registrationNameOf(team.uid, item.number);
      return {
        ...item.fields,
        templateId: templateOf(item.fields),
        name: item.name,
        registrationName,
        secretEncrypted: this.#ctx.secrets.encrypt(item.secret, EXTENSION_SECRET_PURPOSE),
        ...computeExtensionHa1(registrationName, item.number, realm, item.secret),
        createdAt: now,
        updatedAt: now,
      };
    });
    const created: Extension[] = [];
    // 27 columns per row: 500 rows stay below SQLite's 32766 parameters.
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      const chunk = rows.slice(i, i + INSERT_CHUNK);
      const inserted = db.insert(extensions).values(chunk).returning(publicColumns).all();
      db.insert(internalNumbers)
        .values(
          inserted.map((e) => ({
            teamId: team.id,
            number: e.internalNumber,
            kind: 'extension' as const,
            ownerId: e.id,
            createdAt: now,
            updatedAt: now,
          })),
        )
        .run();
      created.push(...inserted);
    }
    return created;
  }

  /**
   * The template columns an update sets (T-3): a named template is checked
   * against the (new) device type; a new device type alone keeps a template
   * of its protocol and otherwise moves to that protocol's default.
   */
  #templateOnUpdate(
    db: StoreDb,
    current: ExtensionRow,
    patch: ExtensionUpdate,
  ): { templateId?: number | null } {
    const deviceType = patch.deviceType ?? current.deviceType;
    const request = {
      templateType: 'device' as const,
      protocol: templateProtocolOf(deviceType),
      teamId: current.teamId,
    };
    if (patch.templateId !== undefined) {
      return { templateId: resolveTemplateId(db, { ...request, templateId: patch.templateId }) };
    }
    if (deviceType === current.deviceType || current.templateId === null) return {};
    const kept = findLinkedTemplate(db, current.templateId);
    if (kept?.protocol === request.protocol) return {};
    return { templateId: resolveTemplateId(db, { ...request, templateId: undefined }) };
  }

  #validateSecret(secret: string): void {
    if (!SECRET_PATTERN.test(secret)) {
      throw new ValidationError('secret', 'a SIP secret is 8 to 128 printable ASCII characters');
    }
  }

  #row(db: StoreDb, id: number): ExtensionRow {
    const row = db.select().from(extensions).where(eq(extensions.id, id)).get();
    if (row === undefined) throw new NotFoundError('extension', id);
    return row;
  }

  #team(db: StoreDb, teamId: number): typeof teams.$inferSelect {
    const team = db.select().from(teams).where(eq(teams.id, teamId)).get();
    if (team === undefined) throw new NotFoundError('team', teamId);
    return team;
  }

  #checkQuota(db: StoreDb, team: typeof teams.$inferSelect, adding: number): void {
    const used = db
      .select({ n: count() })
      .from(extensions)
      .where(eq(extensions.teamId, team.id))
      .get();
    if ((used?.n ?? 0) + adding > team.maxExtensions) {
      throw new QuotaExceededError('extensions', team.maxExtensions);
    }
  }
}
