import { asc, eq, inArray } from 'drizzle-orm';
import { NotFoundError, ValidationError } from '../index.ts';
import {
  assertSystemKeyFree,
  assertVoiceFileUsable,
  requireOptionalTeam,
  teamOrSystem,
} from './media-objects.ts';
import type { PROMPT_LANGUAGES } from './schema.ts';
import { callPromptVariants, callPrompts } from './schema.ts';
import type { StoreContext, StoreDb } from './store-context.ts';
import { chunked } from './team-objects.ts';
import { requireNonBlank } from './validate.ts';

/** A prompt language (spec 02 §3.17). */
export type PromptLanguage = (typeof PROMPT_LANGUAGES)[number];

/** One language of a prompt and its file. */
export interface CallPromptVariant {
  language: PromptLanguage;
  voiceFileId: number;
}

type CallPromptRow = typeof callPrompts.$inferSelect;

/** A call prompt (spec 02 §3.14) with its language variants. */
export type CallPrompt = CallPromptRow & { variants: CallPromptVariant[] };

/** Fields of a new prompt; `variants` lists at most one file per language. */
export type NewCallPrompt = Omit<
  typeof callPrompts.$inferInsert,
  'id' | 'createdAt' | 'updatedAt'
> & { variants?: CallPromptVariant[] | undefined };

/** Changes to a prompt; `variants` replaces them all. */
export type CallPromptUpdate = Partial<Omit<NewCallPrompt, 'teamId'>>;

/** Longest prompt name and description. */
const MAX_NAME = 100;

function validatePrompt(input: CallPromptUpdate): void {
  if (input.name !== undefined) {
    requireNonBlank('name', input.name);
    if (input.name.length > MAX_NAME) {
      throw new ValidationError('name', `name must be at most ${MAX_NAME} characters`);
    }
  }
  const seen = new Set<string>();
  for (const variant of input.variants ?? []) {
    if (seen.has(variant.language)) {
      throw new ValidationError('variants', `language ${variant.language} is listed twice`);
    }
    seen.add(variant.language);
  }
}

/**
 * Call prompts. Every file they name (the base one and each variant's)
 * must be usable by the prompt's team; a system prompt uses system files.
 */
export class CallPromptsRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  create(input: NewCallPrompt): CallPrompt {
    validatePrompt(input);
    const { variants, ...fields } = input;
    return this.#ctx.write((db) => {
      const teamId = fields.teamId ?? null;
      requireOptionalTeam(db, teamId);
      this.#assertFiles(db, teamId, fields.voiceFileId, variants);
      if (teamId === null) this.#assertSystemNameFree(db, fields.name, undefined);
      const now = this.#ctx.now();
      const row = db
        .insert(callPrompts)
        .values({ ...fields, createdAt: now, updatedAt: now })
        .returning()
        .get();
      this.#replaceVariants(db, row.id, variants ?? []);
      return this.#withVariants(db, row);
    });
  }

  find(id: number): CallPrompt | undefined {
    const db = this.#ctx.db;
    const row = db.select().from(callPrompts).where(eq(callPrompts.id, id)).get();
    return row && this.#withVariants(db, row);
  }

  /** Prompts a team may use (its own and the system's), or all when undefined. */
  list(teamId?: number): CallPrompt[] {
    const db = this.#ctx.db;
    const rows = db
      .select()
      .from(callPrompts)
      .where(teamOrSystem(callPrompts.teamId, teamId))
      .orderBy(asc(callPrompts.id))
      .all();
    const variants = this.#variantsOf(
      db,
      rows.map((r) => r.id),
    );
    return rows.map((row) => ({ ...row, variants: variants.get(row.id) ?? [] }));
  }

  update(id: number, patch: CallPromptUpdate): CallPrompt {
    validatePrompt(patch);
    const { variants, ...fields } = patch;
    return this.#ctx.write((db) => {
      const current = db.select().from(callPrompts).where(eq(callPrompts.id, id)).get();
      if (current === undefined) throw new NotFoundError('call prompt', id);
      this.#assertFiles(db, current.teamId, fields.voiceFileId, variants);
      if (current.teamId === null && fields.name !== undefined) {
        this.#assertSystemNameFree(db, fields.name, id);
      }
      const row = db
        .update(callPrompts)
        .set({ ...fields, updatedAt: this.#ctx.now() })
        .where(eq(callPrompts.id, id))
        .returning()
        .get()!;
      if (variants !== undefined) this.#replaceVariants(db, id, variants);
      return this.#withVariants(db, row);
    });
  }

  /** Deletes a prompt and its variants; its files stay. */
  delete(id: number): void {
    this.#ctx.write((db) => {
      if (this.find(id) === undefined) throw new NotFoundError('call prompt', id);
      db.delete(callPrompts).where(eq(callPrompts.id, id)).run();
    });
  }

  #assertFiles(
    db: StoreDb,
    teamId: number | null,
    voiceFileId: number | null | undefined,
    variants: CallPromptVariant[] | undefined,
  ): void {
    if (voiceFileId != null) assertVoiceFileUsable(db, voiceFileId, teamId, 'voiceFileId');
    for (const variant of variants ?? []) {
      assertVoiceFileUsable(db, variant.voiceFileId, teamId, 'variants');
    }
  }

  #assertSystemNameFree(db: StoreDb, name: string, exceptId: number | undefined): void {
    assertSystemKeyFree(
      db,
      callPrompts.teamId,
      callPrompts.name,
      callPrompts.id,
      name,
      exceptId,
      'name',
    );
  }

  #replaceVariants(db: StoreDb, promptId: number, variants: CallPromptVariant[]): void {
    db.delete(callPromptVariants).where(eq(callPromptVariants.promptId, promptId)).run();
    if (variants.length === 0) return;
    db.insert(callPromptVariants)
      .values(variants.map((v) => ({ promptId, language: v.language, voiceFileId: v.voiceFileId })))
      .run();
  }

  #withVariants(db: StoreDb, row: CallPromptRow): CallPrompt {
    return { ...row, variants: this.#variantsOf(db, [row.id]).get(row.id) ?? [] };
  }

  #variantsOf(db: StoreDb, promptIds: number[]): Map<number, CallPromptVariant[]> {
    const out = new Map<number, CallPromptVariant[]>();
    for (const ids of chunked(promptIds)) {
      const rows = db
        .select()
        .from(callPromptVariants)
        .where(inArray(callPromptVariants.promptId, ids))
        .orderBy(asc(callPromptVariants.id))
        .all();
      for (const row of rows) {
        const list = out.get(row.promptId) ?? [];
        list.push({ language: row.language, voiceFileId: row.voiceFileId });
        out.set(row.promptId, list);
      }
    }
    return out;
  }
}
