import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { ConflictError, NotFoundError } from '../index.ts';
import {
  assertSystemKeyFree,
  assertVoiceFileUsable,
  requireOptionalTeam,
  teamOrSystem,
} from './media-objects.ts';
import { mohClassFiles, mohClasses } from './schema.ts';
import type { StoreContext, StoreDb } from './store-context.ts';
import { assertNoDuplicates, chunked } from './team-objects.ts';
import { requireMatch, requireNonBlank } from './validate.ts';

type MohClassRow = typeof mohClasses.$inferSelect;

/** A music-on-hold class (spec 02 §3.13) with its files in play order. */
export type MohClass = MohClassRow & { voiceFileIds: number[] };

/** Fields of a new class. */
export type NewMohClass = Omit<typeof mohClasses.$inferInsert, 'id' | 'createdAt' | 'updatedAt'> & {
  voiceFileIds?: number[] | undefined;
};

/** Changes to a class; `voiceFileIds` replaces the list. */
export type MohClassUpdate = Partial<Omit<NewMohClass, 'teamId'>>;

/** The class selectors call 默认 (MOH-2). */
export const DEFAULT_MOH_IDENTIFIER = 'default';

/** A class key: what queues and ring groups store (`wait_music`, `default`). */
export const MOH_IDENTIFIER_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

function validateClass(input: MohClassUpdate): void {
  if (input.name !== undefined) requireNonBlank('name', input.name);
  if (input.identifier !== undefined) {
    requireMatch('identifier', input.identifier, MOH_IDENTIFIER_PATTERN, 'letters, digits, _ or -');
  }
  if (input.voiceFileIds !== undefined) assertNoDuplicates('voiceFileIds', input.voiceFileIds);
}

function isSystemDefault(row: MohClassRow): boolean {
  return row.teamId === null && row.identifier === DEFAULT_MOH_IDENTIFIER;
}

/**
 * MOH classes. The system class `default` always exists (MOH-2): the store
 * creates it on open, and it can be renamed or given files but not deleted
 * or re-keyed.
 */
export class MohClassesRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /** Creates the system class `default` if it is missing (MOH-2). */
  ensureDefault(): MohClass {
    const existing = this.#ctx.db
      .select()
      .from(mohClasses)
      .where(and(isNull(mohClasses.teamId), eq(mohClasses.identifier, DEFAULT_MOH_IDENTIFIER)))
      .get();
    if (existing !== undefined) return this.find(existing.id)!;
    return this.create({ teamId: null, name: 'default', identifier: DEFAULT_MOH_IDENTIFIER });
  }

  create(input: NewMohClass): MohClass {
    validateClass(input);
    const { voiceFileIds, ...fields } = input;
    return this.#ctx.write((db) => {
      const teamId = fields.teamId ?? null;
      requireOptionalTeam(db, teamId);
      if (teamId === null) this.#assertSystemIdentifierFree(db, fields.identifier, undefined);
      const now = this.#ctx.now();
      const row = db
        .insert(mohClasses)
        .values({ ...fields, createdAt: now, updatedAt: now })
        .returning()
        .get();
      this.#replaceFiles(db, row, voiceFileIds ?? []);
      return this.#withFiles(db, row);
    });
  }

  find(id: number): MohClass | undefined {
    const db = this.#ctx.db;
    const row = db.select().from(mohClasses).where(eq(mohClasses.id, id)).get();
    return row && this.#withFiles(db, row);
  }

  /** Classes a team may use (its own and the system's), or all when undefined. */
  list(teamId?: number): MohClass[] {
    const db = this.#ctx.db;
    const rows = db
      .select()
      .from(mohClasses)
      .where(teamOrSystem(mohClasses.teamId, teamId))
      .orderBy(asc(mohClasses.id))
      .all();
    const files = this.#filesOf(
      db,
      rows.map((r) => r.id),
    );
    return rows.map((row) => ({ ...row, voiceFileIds: files.get(row.id) ?? [] }));
  }

  update(id: number, patch: MohClassUpdate): MohClass {
    validateClass(patch);
    const { voiceFileIds, ...fields } = patch;
    return this.#ctx.write((db) => {
      const current = db.select().from(mohClasses).where(eq(mohClasses.id, id)).get();
      if (current === undefined) throw new NotFoundError('MOH class', id);
      if (fields.identifier !== undefined && fields.identifier !== current.identifier) {
        if (isSystemDefault(current)) throw this.#defaultError('re-keyed');
        if (current.teamId === null) this.#assertSystemIdentifierFree(db, fields.identifier, id);
      }
      const row = db
        .update(mohClasses)
        .set({ ...fields, updatedAt: this.#ctx.now() })
        .where(eq(mohClasses.id, id))
        .returning()
        .get()!;
      if (voiceFileIds !== undefined) this.#replaceFiles(db, row, voiceFileIds);
      return this.#withFiles(db, row);
    });
  }

  /** Deletes a class and its file list; the files stay. */
  delete(id: number): void {
    this.#ctx.write((db) => {
      const current = db.select().from(mohClasses).where(eq(mohClasses.id, id)).get();
      if (current === undefined) throw new NotFoundError('MOH class', id);
      if (isSystemDefault(current)) throw this.#defaultError('deleted');
      db.delete(mohClasses).where(eq(mohClasses.id, id)).run();
    });
  }

  #defaultError(what: string): ConflictError {
    return new ConflictError(
      'ERR_MOH_DEFAULT',
      `the system MOH class "default" must always exist and cannot be ${what} (MOH-2)`,
      'identifier',
    );
  }

  #assertSystemIdentifierFree(db: StoreDb, identifier: string, exceptId: number | undefined): void {
    assertSystemKeyFree(
      db,
      mohClasses.teamId,
      mohClasses.identifier,
      mohClasses.id,
      identifier,
      exceptId,
      'identifier',
    );
  }

  /** Files must be usable by the class's team (MOH-1: played in this order). */
  #replaceFiles(db: StoreDb, row: MohClassRow, voiceFileIds: number[]): void {
    for (const id of voiceFileIds) assertVoiceFileUsable(db, id, row.teamId, 'voiceFileIds');
    db.delete(mohClassFiles).where(eq(mohClassFiles.mohClassId, row.id)).run();
    if (voiceFileIds.length === 0) return;
    db.insert(mohClassFiles)
      .values(
        voiceFileIds.map((voiceFileId, position) => ({
          mohClassId: row.id,
          voiceFileId,
          position,
        })),
      )
      .run();
  }

  #withFiles(db: StoreDb, row: MohClassRow): MohClass {
    return { ...row, voiceFileIds: this.#filesOf(db, [row.id]).get(row.id) ?? [] };
  }

  #filesOf(db: StoreDb, classIds: number[]): Map<number, number[]> {
    const out = new Map<number, number[]>();
    for (const ids of chunked(classIds)) {
      const rows = db
        .select()
        .from(mohClassFiles)
        .where(inArray(mohClassFiles.mohClassId, ids))
        .orderBy(asc(mohClassFiles.position))
        .all();
      for (const row of rows) {
        const list = out.get(row.mohClassId) ?? [];
        list.push(row.voiceFileId);
        out.set(row.mohClassId, list);
      }
    }
    return out;
  }
}
