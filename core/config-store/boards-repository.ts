import { and, asc, eq, isNotNull } from 'drizzle-orm';
import { NotFoundError, ValidationError } from '../index.ts';
import { boards } from './schema.ts';
import type { AnalogPortConfig, BoardConfig, DigitalSpanConfig } from './schema.ts';
import type { StoreContext } from './store-context.ts';
import { requireIntInRange, requireNonBlank } from './validate.ts';

/** A span or port as stored (spec 02 §3.19). */
export type Board = typeof boards.$inferSelect;

/** Fields of a new span or port; its config runs at once. */
export type NewBoard = Omit<
  typeof boards.$inferInsert,
  'id' | 'createdAt' | 'updatedAt' | 'pendingConfig'
>;

/** Keys of each kind's configuration, to refuse a key of the other kind. */
const DIGITAL_KEYS: ReadonlyArray<keyof DigitalSpanConfig> = [
  'framingCoding',
  'signalling',
  'switchtype',
  'syncClockSource',
  'lineBuildOut',
  'pridialplan',
  'prilocaldialplan',
  'group',
  'context',
  'did',
  'channels',
  'reservedChannels',
  'status',
  'advancedSettings',
];
const ANALOG_KEYS: ReadonlyArray<keyof AnalogPortConfig> = [
  'portType',
  'signalling',
  'context',
  'group',
  'status',
  'advancedSettings',
];

/** Highest channel of a span: E1 has 31 timeslots (ITU-T G.704), T1 24. */
const MAX_CHANNEL = 31;

/**
 * The channels of a range list such as `1-15,17-30`; throws ValidationError
 * on `field` for bad syntax, a reversed range or a channel above 31.
 */
export function parseChannelRanges(field: string, text: string): Set<number> {
  const channels = new Set<number>();
  if (!/^[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*$/.test(text)) {
    throw new ValidationError(field, `${field} ${JSON.stringify(text)} must be like 1-15,17-30`);
  }
  for (const part of text.split(',')) {
    const [low, high = low] = part.split('-').map(Number) as [number, number?];
    if (low < 1 || high > MAX_CHANNEL || low > high) {
      throw new ValidationError(field, `${field} range ${part} must lie within 1..${MAX_CHANNEL}`);
    }
    for (let c = low; c <= high; c++) channels.add(c);
  }
  return channels;
}

function validateConfig(kind: Board['kind'], config: BoardConfig): void {
  const allowed: readonly string[] = kind === 'digital' ? DIGITAL_KEYS : ANALOG_KEYS;
  const keys = Object.keys(config);
  const stray = keys.find((k) => !allowed.includes(k));
  if (stray !== undefined) throw new ValidationError(`config.${stray}`, `not a ${kind} setting`);
  const missing = allowed.find((k) => !keys.includes(k));
  if (missing !== undefined) throw new ValidationError(`config.${missing}`, 'is required');
  requireNonBlank('config.context', config.context);
  requireIntInRange('config.group', config.group, 0, 63);
  if (kind !== 'digital') return;
  const span = config as DigitalSpanConfig;
  const used = parseChannelRanges('config.channels', span.channels);
  if (span.reservedChannels !== null) {
    const reserved = parseChannelRanges('config.reservedChannels', span.reservedChannels);
    const both = [...reserved].find((c) => used.has(c));
    if (both !== undefined) {
      throw new ValidationError('config.reservedChannels', `channel ${both} is also in channels`);
    }
  }
}

/**
 * DAHDI hardware configuration (spec 02 §3.19). Edits are staged: they go
 * to `pendingConfig` and the running `config` stays until reload() (HW-1),
 * which the DAHDI bridge follows by re-reading the spans.
 */
export class BoardsRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  create(input: NewBoard): Board {
    requireIntInRange('number', input.number, 1, 1024);
    requireNonBlank('driver', input.driver);
    validateConfig(input.kind, input.config);
    return this.#ctx.write((db) => {
      const now = this.#ctx.now();
      return db
        .insert(boards)
        .values({ ...input, pendingConfig: null, createdAt: now, updatedAt: now })
        .returning()
        .get();
    });
  }

  find(id: number): Board | undefined {
    return this.#ctx.db.select().from(boards).where(eq(boards.id, id)).get();
  }

  list(): Board[] {
    return this.#ctx.db.select().from(boards).orderBy(asc(boards.kind), asc(boards.number)).all();
  }

  /**
   * Stages changes: `patch` goes over the pending configuration (or the
   * running one if none is pending); the running one is untouched (HW-1).
   */
  stage(id: number, patch: Partial<BoardConfig>): Board {
    return this.#ctx.write((db) => {
      const board = this.find(id);
      if (board === undefined) throw new NotFoundError('board', id);
      const next = { ...(board.pendingConfig ?? board.config), ...patch } as BoardConfig;
      validateConfig(board.kind, next);
      return db
        .update(boards)
        .set({ pendingConfig: next, updatedAt: this.#ctx.now() })
        .where(eq(boards.id, id))
        .returning()
        .get()!;
    });
  }

  /** Whether any span or port has staged changes (the reload banner, §0.4). */
  hasPending(): boolean {
    const row = this.#ctx.db
      .select({ id: boards.id })
      .from(boards)
      .where(isNotNull(boards.pendingConfig))
      .get();
    return row !== undefined;
  }

  /** Applies every staged configuration (HW-1); returns the ids changed. */
  reload(): number[] {
    return this.#ctx.write((db) => {
      const now = this.#ctx.now();
      const staged = db.select().from(boards).where(isNotNull(boards.pendingConfig)).all();
      for (const board of staged) {
        db.update(boards)
          .set({ config: board.pendingConfig!, pendingConfig: null, updatedAt: now })
          .where(and(eq(boards.id, board.id), isNotNull(boards.pendingConfig)))
          .run();
      }
      return staged.map((b) => b.id);
    });
  }

  delete(id: number): void {
    this.#ctx.write((db) => {
      const result = db.delete(boards).where(eq(boards.id, id)).run();
      if (result.changes === 0) throw new NotFoundError('board', id);
    });
  }
}
