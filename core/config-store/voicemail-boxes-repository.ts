import { asc, eq, getTableColumns } from 'drizzle-orm';
import { ConflictError, NotFoundError, ValidationError } from '../index.ts';
import { voicemailBoxes } from './schema.ts';
import type { StoreContext } from './store-context.ts';
import { assertInTeam, requireTeam } from './team-objects.ts';
import { requireIntInRange, requireMatch } from './validate.ts';
import { selectKeysetJsonPage, selectKeysetPage } from './keyset-page.ts';
import type { KeysetJsonPage, KeysetPage, KeysetPageRequest, KeysetSource } from './keyset-page.ts';

/** A voicemail box as returned to callers: no PIN. */
export type VoicemailBox = Omit<typeof voicemailBoxes.$inferSelect, 'pinEncrypted'>;

/** Fields of a new box; `pin` is encrypted at rest (VM-4). */
export type NewVoicemailBox = Omit<
  typeof voicemailBoxes.$inferInsert,
  'id' | 'createdAt' | 'updatedAt' | 'pinEncrypted'
> & { pin?: string | null };

/** Changes to a box; it stays with its extension; `pin: null` removes the PIN. */
export type VoicemailBoxUpdate = Partial<Omit<NewVoicemailBox, 'teamId' | 'extensionId'>>;

/** Mailbox PINs are keyed on a phone: digits only (spec 01 §2.2). */
export const VOICEMAIL_PIN_PATTERN = /^[0-9]{1,16}$/;

/** Purpose bound to a PIN's ciphertext (see SecretBox). */
const VOICEMAIL_PIN_PURPOSE = 'voicemail.pin';

const { pinEncrypted: _omitted, ...publicColumns } = getTableColumns(voicemailBoxes);

function validateBox(input: VoicemailBoxUpdate): void {
  if (input.pin != null) requireMatch('pin', input.pin, VOICEMAIL_PIN_PATTERN, 'digits (VM-4)');
  if (input.email != null && !/^[^\s@]+@[^\s@]+$/.test(input.email)) {
    throw new ValidationError('email', `email ${JSON.stringify(input.email)} is not an address`);
  }
  if (input.maxMessages !== undefined) {
    requireIntInRange('maxMessages', input.maxMessages, 1, 10_000);
  }
  if (input.maxMessageSec !== undefined) {
    requireIntInRange('maxMessageSec', input.maxMessageSec, 1, 3600);
  }
}

/** How page() reads the table in SQL. */
const KEYSET_SOURCE: KeysetSource = {
  table: voicemailBoxes,
  id: voicemailBoxes.id,
  selection: publicColumns,
  scope: (teamId) => eq(voicemailBoxes.teamId, teamId),
};

/**
 * Voicemail boxes: one per extension of the same team (EXT-10). The row
 * goes with its extension (ON DELETE CASCADE), as a mailbox has no meaning
 * without the extension whose unanswered calls it takes.
 */
export class VoicemailBoxesRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /** Creates the extension's box; a second box for it → ERR_MAILBOX_EXISTS. */
  create(input: NewVoicemailBox): VoicemailBox {
    validateBox(input);
    const { pin, ...fields } = input;
    return this.#ctx.write((db) => {
      requireTeam(db, fields.teamId);
      assertInTeam(db, 'extension', fields.extensionId, fields.teamId, 'extensionId');
      const existing = this.findByExtension(fields.extensionId);
      if (existing !== undefined) {
        throw new ConflictError(
          'ERR_MAILBOX_EXISTS',
          `extension ${fields.extensionId} already has voicemail box ${existing.id}`,
          'extensionId',
        );
      }
      const now = this.#ctx.now();
      return db
        .insert(voicemailBoxes)
        .values({ ...fields, pinEncrypted: this.#encrypt(pin), createdAt: now, updatedAt: now })
        .returning(publicColumns)
        .get();
    });
  }

  find(id: number): VoicemailBox | undefined {
    return this.#ctx.db
      .select(publicColumns)
      .from(voicemailBoxes)
      .where(eq(voicemailBoxes.id, id))
      .get();
  }

  /** The box of an extension, if it has one. */
  findByExtension(extensionId: number): VoicemailBox | undefined {
    return this.#ctx.db
      .select(publicColumns)
      .from(voicemailBoxes)
      .where(eq(voicemailBoxes.extensionId, extensionId))
      .get();
  }

  /** Boxes of a team, or of every team when `teamId` is undefined. */
  list(teamId?: number): VoicemailBox[] {
    return this.#ctx.db
      .select(publicColumns)
      .from(voicemailBoxes)
      .where(teamId === undefined ? undefined : eq(voicemailBoxes.teamId, teamId))
      .orderBy(asc(voicemailBoxes.id))
      .all();
  }

  /** One page filtered, sorted and cut in SQL (keyset paging). */
  page(request: KeysetPageRequest): KeysetPage<VoicemailBox> | undefined {
    return selectKeysetPage<VoicemailBox>(this.#ctx.db, KEYSET_SOURCE, request);
  }

  /** page() with each row as the API's JSON of `fields`, written by SQLite. */
  pageJson(request: KeysetPageRequest, fields: readonly string[]): KeysetJsonPage | undefined {
    return selectKeysetJsonPage(this.#ctx.db, KEYSET_SOURCE, request, fields);
  }

  update(id: number, patch: VoicemailBoxUpdate): VoicemailBox {
    validateBox(patch);
    const { pin, ...fields } = patch;
    return this.#ctx.write((db) => {
      const values = pin === undefined ? fields : { ...fields, pinEncrypted: this.#encrypt(pin) };
      const box = db
        .update(voicemailBoxes)
        .set({ ...values, updatedAt: this.#ctx.now() })
        .where(eq(voicemailBoxes.id, id))
        .returning(publicColumns)
        .get();
      if (box === undefined) throw new NotFoundError('voicemail box', id);
      return box;
    });
  }

  /** The clear PIN, for the voicemail application (VM-4); null if none. */
  getPin(id: number): string | null {
    const row = this.#ctx.db
      .select({ pinEncrypted: voicemailBoxes.pinEncrypted })
      .from(voicemailBoxes)
      .where(eq(voicemailBoxes.id, id))
      .get();
    if (row === undefined) throw new NotFoundError('voicemail box', id);
    if (row.pinEncrypted === null) return null;
    return this.#ctx.secrets.decrypt(row.pinEncrypted, VOICEMAIL_PIN_PURPOSE);
  }

  delete(id: number): void {
    this.#ctx.write((db) => {
      const result = db.delete(voicemailBoxes).where(eq(voicemailBoxes.id, id)).run();
      if (result.changes === 0) throw new NotFoundError('voicemail box', id);
    });
  }

  #encrypt(pin: string | null | undefined): string | null {
    if (pin == null || pin === '') return null;
    return this.#ctx.secrets.encrypt(pin, VOICEMAIL_PIN_PURPOSE);
  }
}
