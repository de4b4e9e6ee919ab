import { setImmediate as nextTurn } from 'node:timers/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ApiError } from '../../plugins/api-errors.ts';
import { requireRole, scopeTeamId } from '../../plugins/auth.ts';
import type { AuthContext, Role } from '../../plugins/auth.ts';
import type { ListQuery } from './list-query.ts';

/*
 * The search panel's 导出 (spec 01/02 §0: export the filtered list as an
 * "xls file", in practice CSV): GET /<resource>/export takes the list's
 * filters and sort and answers every matching row as one CSV document.
 */

/** Rows one export may hold; more is a 400 asking for narrower filters. */
export const EXPORT_MAX_ROWS = 100_000;

/**
 * A page of API-shaped rows the caller may see, as the list route reads it
 * (in SQL where it can), of at most `query.limit` rows.
 */
export type ExportPager = (
  auth: AuthContext,
  query: ListQuery & Record<string, unknown>,
  teamId: number | undefined,
) => { items: ReadonlyArray<Record<string, unknown>>; nextCursor: string | null };

/** What registerListExport() needs of a resource. */
export interface ExportSource {
  /** Path segment under /api/v1, also the file name. */
  readonly path: string;
  readonly entitySchema: z.ZodType;
  readonly listSchema: z.ZodType;
  readonly readRoles: Role[];
  readonly page: ExportPager;
}

/** 400: the filters match more rows than one export holds. */
export class ExportTooLargeError extends ApiError {
  constructor() {
    super(
      400,
      'ERR_EXPORT_TOO_LARGE',
      `the filters match more than ${EXPORT_MAX_ROWS} rows; narrow them (a team, a date range)`,
    );
  }
}

/**
 * One CSV cell (RFC 4180 §2): null is empty, objects are their JSON, and
 * text that a spreadsheet would run as a formula (`=`, `@`, a tab or CR
 * first, or `+`/`-` before anything but a digit) gets a leading `'`, so
 * that a caller name like `=HYPERLINK(…)` stays text. Phone numbers such
 * as `+8613800000000` and negative amounts are left as they are.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text =
    typeof value === 'object' ? JSON.stringify(value) : String(value as string | number | boolean);
  if (/^[=@\t\r]|^[+-](?![0-9])/.test(text)) text = `'${text}`;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV line of `row`: its `fields` in order, without the line end. */
function csvLine(fields: readonly string[], row: Readonly<Record<string, unknown>>): string {
  return fields.map((f) => csvCell(row[f])).join(',');
}

/** The CSV document: a header row of field names, then a row per object, CRLF line ends. */
export function csvOf(
  fields: readonly string[],
  rows: ReadonlyArray<Record<string, unknown>>,
): string {
  const lines = [fields.map(csvCell).join(',')];
  for (const row of rows) lines.push(csvLine(fields, row));
  // A BOM, so that spreadsheet programs read the UTF-8 (Chinese names) as such.
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Rows made into CSV per turn of the event loop by csvInTurns(). */
const ROWS_PER_TURN = 2_000;

/**
 * csvOf() of `toRow` of each item, made a slice of rows per turn of the
 * event loop: 100,000 call records took the main thread, where the calls
 * are, for about a second in one piece (D108).
 */
export async function csvInTurns<T>(
  fields: readonly string[],
  items: readonly T[],
  toRow: (item: T) => Record<string, unknown>,
): Promise<string> {
  const parts = [csvOf(fields, [])];
  for (let start = 0; start < items.length; start += ROWS_PER_TURN) {
    if (start > 0) await nextTurn();
    const lines = items
      .slice(start, start + ROWS_PER_TURN)
      .map((item) => csvLine(fields, toRow(item)));
    parts.push(`${lines.join('\r\n')}\r\n`);
  }
  return parts.join('');
}

/** A CSV export route: where it is, what it takes, and how it reads its rows. */
export interface CsvExport<Q, T = Record<string, unknown>> {
  /** Path segment under /api/v1 of the list, also the file name and the tag. */
  readonly path: string;
  /** The list's query without its paging keys. */
  readonly querySchema: z.ZodType<Q>;
  /** The list's entity: its keys are the CSV's columns. */
  readonly entitySchema: z.ZodObject;
  /**
   * The items of `query`, at most `limit`; throws (or rejects) as the list
   * route would. A promise when read off the main thread (D108).
   */
  read(request: FastifyRequest, query: Q, limit: number): readonly T[] | Promise<readonly T[]>;
  /** An item in the API's shape; the items are in it already when absent. */
  toRow?: (item: T) => Record<string, unknown>;
}

/**
 * GET /<path>/export: the list's rows of the same query, all of them, as
 * CSV with the entity's fields as columns, so no stored field outside the
 * API's shape (secrets) can reach the file. The `export` segment makes the
 * route need the export permission of its page (PRM-2), so the export
 * window (AC-8) applies too.
 */
export function registerCsvExport<Q, T = Record<string, unknown>>(
  app: FastifyInstance,
  source: CsvExport<Q, T>,
): void {
  const toRow = source.toRow ?? ((item: T) => item as Record<string, unknown>);
  const fields = Object.keys(source.entitySchema.shape);
  app.get(
    `/${source.path}/export`,
    {
      schema: {
        summary: `Export ${source.path} as CSV`,
        description:
          'The search panel’s export (导出): every row the list would return with the same ' +
          `query, as one CSV document (RFC 4180, UTF-8 with a BOM, a header row of field names); ` +
          `at most ${EXPORT_MAX_ROWS} rows, else 400 ERR_EXPORT_TOO_LARGE.`,
        tags: [source.path],
        querystring: source.querySchema,
        produces: ['text/csv'],
        response: {
          200: z.string().meta({ description: 'CSV, one row per object' }),
        },
      },
    },
    async (request: FastifyRequest, reply) => {
      // One read of one row more than an export holds, to tell if it is too large.
      const items = await source.read(request, request.query as Q, EXPORT_MAX_ROWS + 1);
      if (items.length > EXPORT_MAX_ROWS) throw new ExportTooLargeError();
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${source.path}.csv"`)
        .send(await csvInTurns(fields, items, toRow));
    },
  );
}

/**
 * The export of a resource on the shared CRUD routes: the list's filters,
 * sort and team scope. Only for entities and queries with object schemas.
 */
export function registerListExport(app: FastifyInstance, source: ExportSource): void {
  const { listSchema, entitySchema } = source;
  if (!(entitySchema instanceof z.ZodObject) || !(listSchema instanceof z.ZodObject)) return;
  registerCsvExport(app, {
    path: source.path,
    entitySchema,
    querySchema: listSchema.omit({ limit: true, cursor: true }),
    read: (request, query, limit) => {
      const auth = requireRole(request, ...source.readRoles);
      const asked = query as Omit<ListQuery, 'limit'> & Record<string, unknown>;
      const teamId = scopeTeamId(request, asked.teamId) ?? undefined;
      return source.page(auth, { ...asked, limit }, teamId).items;
    },
  });
}
