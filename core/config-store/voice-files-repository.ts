import { asc, eq } from 'drizzle-orm';
import { NotFoundError, ValidationError } from '../index.ts';
import { assertSystemKeyFree, requireOptionalTeam, teamOrSystem } from './media-objects.ts';
import { voiceFiles } from './schema.ts';
import type { StoreContext, StoreDb } from './store-context.ts';
import { requireNonBlank } from './validate.ts';

/** A voice file (spec 02 §3.16): the row; the audio is on disk. */
export type VoiceFile = typeof voiceFiles.$inferSelect;

/** What an upload stores about itself. */
export type NewVoiceFile = Omit<typeof voiceFiles.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>;

/** Only the name changes; new audio is a new file. */
export type VoiceFileUpdate = { name?: string | undefined };

/** Longest voice-file name. */
export const MAX_VOICE_FILE_NAME = 100;

function validateName(name: string | undefined): void {
  if (name === undefined) return;
  requireNonBlank('name', name);
  if (name.length > MAX_VOICE_FILE_NAME) {
    throw new ValidationError('name', `name must be at most ${MAX_VOICE_FILE_NAME} characters`);
  }
}

/**
 * Voice files. The repository keeps the rows; the caller keeps the bytes,
 * through the `writeAudio` hook of create(), which runs inside the write
 * transaction so that a failed disk write leaves no row behind.
 */
export class VoiceFilesRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /**
   * Inserts the row, then calls `writeAudio` with it (its id names the
   * file on disk). A throw from `writeAudio` rolls the row back.
   */
  create(input: NewVoiceFile, writeAudio?: (file: VoiceFile) => void): VoiceFile {
    validateName(input.name);
    return this.#ctx.write((db) => {
      const teamId = input.teamId ?? null;
      requireOptionalTeam(db, teamId);
      this.#assertNameFree(db, teamId, input.name, undefined);
      const now = this.#ctx.now();
      const file = db
        .insert(voiceFiles)
        .values({ ...input, createdAt: now, updatedAt: now })
        .returning()
        .get();
      writeAudio?.(file);
      return file;
    });
  }

  find(id: number): VoiceFile | undefined {
    return this.#ctx.db.select().from(voiceFiles).where(eq(voiceFiles.id, id)).get();
  }

  /** Files a team may use (its own and the system's), or all when undefined. */
  list(teamId?: number): VoiceFile[] {
    return this.#ctx.db
      .select()
      .from(voiceFiles)
      .where(teamOrSystem(voiceFiles.teamId, teamId))
      .orderBy(asc(voiceFiles.id))
      .all();
  }

  update(id: number, patch: VoiceFileUpdate): VoiceFile {
    validateName(patch.name);
    return this.#ctx.write((db) => {
      const current = this.find(id);
      if (current === undefined) throw new NotFoundError('voice file', id);
      if (patch.name !== undefined) this.#assertNameFree(db, current.teamId, patch.name, id);
      return db
        .update(voiceFiles)
        .set({ ...patch, updatedAt: this.#ctx.now() })
        .where(eq(voiceFiles.id, id))
        .returning()
        .get()!;
    });
  }

  /**
   * Deletes the row. Prompts and MOH classes using the file hold it with
   * ON DELETE RESTRICT (PR-2); ask ReferencesRepository first to name them.
   */
  delete(id: number): void {
    this.#ctx.write((db) => {
      if (this.find(id) === undefined) throw new NotFoundError('voice file', id);
      db.delete(voiceFiles).where(eq(voiceFiles.id, id)).run();
    });
  }

  #assertNameFree(db: StoreDb, teamId: number | null, name: string, exceptId?: number): void {
    if (teamId !== null) return; // The (team, name) unique index covers teams.
    assertSystemKeyFree(
      db,
      voiceFiles.teamId,
      voiceFiles.name,
      voiceFiles.id,
      name,
      exceptId,
      'name',
    );
  }
}
