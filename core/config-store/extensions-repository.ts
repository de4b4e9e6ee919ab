/*
 * ExtensionsRepository: the endpoints of a team, with their SIP secrets
 * and credentials; the row shapes and the write checks are beside it.
 */
import { and, asc, eq, inArray, like, or, sql } from 'drizzle-orm';
import { ConflictError, NotFoundError } from '../index.ts';
import type {
  Extension,
  ExtensionRange,
  ExtensionRow,
  ExtensionUpdate,
  NewExtension,
} from './extension-columns.ts';
import { extensionPublicColumns as publicColumns } from './extension-columns.ts';
import {
  normalizeHostRestriction,
  requireExternalNumber,
  requireRingbackClass,
} from './extension-rules.ts';
import {
  extensionTeam,
  insertTeamBatch,
  prepareExtension,
  templateOnUpdate,
  validateSipSecret,
  type PreparedExtension,
} from './extension-writes.ts';
import { moveInternalNumber } from './internal-numbers-repository.ts';
import { dids, extensions, internalNumbers, pbxTemplates } from './schema.ts';
import {
  EXTENSION_SECRET_PURPOSE,
  computeExtensionHa1,
  registrationNameOf,
  teamRealm,
} from './sip-credentials.ts';
import { SipCredentialFinder } from './sip-credential-finder.ts';
import type { SipCredentials } from './sip-credential-finder.ts';
import type { StoreContext, StoreDb } from './store-context.ts';
import { effectiveConfig, findLinkedTemplate, requireValidDetails } from './template-links.ts';
import type { EffectiveConfig } from './template-links.ts';
import { EXTENSION_NUMBER_PATTERN, requireIntInRange, requireMatch } from './validate.ts';
import { selectKeysetJsonPage, selectKeysetPage } from './keyset-page.ts';
import { SEARCH_INDEXES } from './search-index.ts';
import { selectIds } from './select-ids.ts';
import type { KeysetJsonPage, KeysetPage, KeysetPageRequest, KeysetSource } from './keyset-page.ts';

export type { Extension, ExtensionRange, ExtensionUpdate, NewExtension };

/** An extension as call pickup's scopes see it (EXT-12, AG-5). */
export interface PickupScope {
  id: number;
  teamId: number;
  number: string;
  accountId: number;
  pickupScope: Extension['pickupScope'];
}

const MAX_RANGE = 10_000;

/** How page() reads the table in SQL. */
const KEYSET_SOURCE: KeysetSource = {
  table: extensions,
  id: extensions.id,
  selection: publicColumns,
  scope: (teamId) => eq(extensions.teamId, teamId),
  search: SEARCH_INDEXES.extensions,
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
    const prepared = inputs.map((input) => prepareExtension(input));
    return this.#ctx.write((db) => {
      const byTeam = new Map<number, PreparedExtension[]>();
      for (const item of prepared) {
        const group = byTeam.get(item.fields.teamId) ?? [];
        group.push(item);
        byTeam.set(item.fields.teamId, group);
      }
      const created = new Map<string, Extension>();
      for (const [teamId, items] of byTeam) {
        for (const extension of insertTeamBatch(this.#ctx, db, teamId, items)) {
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

  /**
   * What call pickup needs of a team's extensions (EXT-12, AG-5), kept
   * while the config is unchanged: list() of a team of ten thousand
   * extensions took about 250 ms of the main thread per `*8` (D111).
   */
  pickupScopes(teamId: number): readonly PickupScope[] {
    const read = () => ({
      rows: this.#ctx.db
        .select({
          id: extensions.id,
          teamId: extensions.teamId,
          number: extensions.internalNumber,
          accountId: extensions.accountId,
          pickupScope: extensions.pickupScope,
        })
        .from(extensions)
        .where(eq(extensions.teamId, teamId))
        .all(),
    });
    return (this.#ctx.cached(`extension-pickup-scopes:${teamId}`, read) ?? read()).rows;
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

  /**
   * Ids of the extensions whose `field` is `value`, of a team or of every
   * team (undefined), for the search fields 设备名称 and 内线号码.
   */
  idsWhere(field: 'name' | 'internalNumber', value: string, teamId?: number): number[] {
    const team = teamId === undefined ? undefined : eq(extensions.teamId, teamId);
    return selectIds(
      this.#ctx.db,
      extensions,
      extensions.id,
      and(team, eq(extensions[field], value)),
    );
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
      const template = templateOnUpdate(db, current, patch);
      let credentials = {};
      if (patch.internalNumber !== undefined && patch.internalNumber !== current.internalNumber) {
        const team = extensionTeam(db, current.teamId);
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
    // Calls read it (qualify, DTMF mode, D88): kept while the config is unchanged.
    const read = () => {
      const template =
        extension.templateId === null
          ? undefined
          : findLinkedTemplate(this.#ctx.db, extension.templateId);
      return effectiveConfig(template, extension.details);
    };
    return this.#ctx.cached(`extension-effective:${id}`, read) ?? read();
  }

  /**
   * SIP extensions that may be at a fixed address (T-2 `host`, D92), with
   * their effective config's values (T-1): their own details mention
   * `host`, or their template sets it to something other than `dynamic`.
   * A superset, for callers that then read `host`; kept while the config
   * is unchanged. One read of the templates, not one per extension: after
   * a config change, reading 100 effective configs one by one took 11 ms.
   */
  fixedHostCandidates(): Array<{
    id: number;
    teamId: number;
    internalNumber: string;
    values: Record<string, string>;
  }> {
    const read = () => {
      const db = this.#ctx.db;
      const templates = new Map(
        db
          .select({ id: pbxTemplates.id, name: pbxTemplates.name, details: pbxTemplates.details })
          .from(pbxTemplates)
          .all()
          .map((t) => [t.id, t]),
      );
      const hostTemplateIds = [...templates.values()]
        .filter(
          (t) => (effectiveConfig(undefined, t.details).values['host'] ?? 'dynamic') !== 'dynamic',
        )
        .map((t) => t.id);
      return db
        .select({
          id: extensions.id,
          teamId: extensions.teamId,
          internalNumber: extensions.internalNumber,
          templateId: extensions.templateId,
          details: extensions.details,
        })
        .from(extensions)
        .where(
          and(
            eq(extensions.deviceType, 'SIP'),
            or(like(extensions.details, '%host%'), inArray(extensions.templateId, hostTemplateIds)),
          ),
        )
        .orderBy(asc(extensions.id))
        .all()
        .map((e) => ({
          id: e.id,
          teamId: e.teamId,
          internalNumber: e.internalNumber,
          values: effectiveConfig(
            e.templateId === null ? undefined : templates.get(e.templateId),
            e.details,
          ).values,
        }));
    };
    return this.#ctx.cached('extension-fixed-host-candidates', read) ?? read();
  }

  /** Sets a new SIP password: new ciphertext and new HA1 values. */
  setSipSecret(id: number, secret: string): void {
    validateSipSecret(secret);
    this.#ctx.write((db) => {
      const current = this.#row(db, id);
      const team = extensionTeam(db, current.teamId);
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

  #row(db: StoreDb, id: number): ExtensionRow {
    const row = db.select().from(extensions).where(eq(extensions.id, id)).get();
    if (row === undefined) throw new NotFoundError('extension', id);
    return row;
  }
}
