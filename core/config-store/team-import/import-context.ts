import { ConflictError, ValidationError } from '../../index.ts';
import type { ConfigStore } from '../open-store.ts';
import type {
  ImportRow,
  TeamImportDocument,
  TeamImportOptions,
  TeamImportResult,
  TeamImportSection,
} from './document.ts';

/** A stored destination as a document row carries it. */
export type Destination = { type: string; targetId: number | null; targetValue: string | null };

/** A mutable copy of a document row or of one of its nested items. */
export type Row = Record<string, unknown>;

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

/** Keys a document row carries that the store sets itself. */
const OUTPUT_ONLY = ['id', 'teamId', 'createdAt', 'updatedAt', 'createdBy'];

/** A copy of `row` without output-only keys and `omit`. */
export function fieldsOf(row: ImportRow, ...omit: string[]): Record<string, unknown> {
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

/**
 * A document row as a repository's input type. The route has checked each
 * row against the resource's API schema, and the repository checks the
 * values again, so the cast only bridges JSON and the typed inputs.
 */
export function typed<T>(row: object): T {
  return row as T;
}

/**
 * The state of one team import: the document, the old → new id map per
 * section and the counts and lists that end up in the result. Its methods
 * map references and run a section's rows with each row's errors located
 * at the row's JSON path.
 */
export class ImportContext {
  readonly #maps = new Map<TeamImportSection, Map<number, number>>();
  readonly #created = new Map<TeamImportSection, number>();
  /** What the result reports besides the team, counts and id map. */
  readonly result: Omit<TeamImportResult, 'team' | 'created' | 'idMap'> = {
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

  /** Rows created in `section`. */
  createdIn(section: TeamImportSection): number {
    return this.#created.get(section) ?? 0;
  }

  /** Old id → new id of `section`'s created rows. */
  mapOf(section: TeamImportSection): Map<number, number> {
    let map = this.#maps.get(section);
    if (map === undefined) this.#maps.set(section, (map = new Map()));
    return map;
  }

  /** The new id of `section` row `id`; null stays null. */
  ref(section: TeamImportSection, id: unknown, field: string): number | null {
    if (id === null || id === undefined) return null;
    const mapped = this.mapOf(section).get(id as number);
    if (mapped !== undefined) return mapped;
    if (SYSTEM_ROWS.has(section)) return id as number;
    throw new ValidationError(field, `no ${section} id ${String(id)} in the document`);
  }

  /** ref() for each id of a list. */
  refs(section: TeamImportSection, ids: unknown, field: string): number[] {
    return ((ids ?? []) as unknown[]).map((id, j) => this.ref(section, id, `${field}[${j}]`)!);
  }

  /**
   * The template of a trunk or extension row (TRK-14, EXT-16): one of the
   * document is mapped; a system one is found by its name, since ids
   * differ between nodes; a row without either gets the default.
   */
  template(row: ImportRow): { templateId?: number | null } {
    const id = row['templateId'];
    if (id === undefined) return {};
    const mapped = typeof id === 'number' ? this.mapOf('pbxTemplates').get(id) : undefined;
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
  destination(type: unknown, targetId: unknown, field: string): number | null {
    const section = TARGET_SECTION[type as string];
    if (section === undefined || targetId === null) return (targetId as number | null) ?? null;
    return this.ref(section, targetId, field);
  }

  /** A stored destination object with its targetId mapped; null stays null. */
  stored(d: unknown, field: string): Destination | null {
    if (d === null || d === undefined) return null;
    const dest = d as Destination;
    return { ...dest, targetId: this.destination(dest.type, dest.targetId, `${field}.targetId`) };
  }

  /**
   * Runs `create` per row of `section`, counting the rows it creates and
   * recording old → new ids; `create` returns undefined for a skipped row.
   */
  each(section: TeamImportSection, create: (row: ImportRow) => number | undefined): void {
    const map = this.mapOf(section);
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
  again(section: TeamImportSection, update: (row: ImportRow, id: number) => void): void {
    const map = this.mapOf(section);
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
}
