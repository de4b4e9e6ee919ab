import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../../core/index.ts';
import type { ConfigStore } from '../../core/config-store/index.ts';
import { ApiError } from './api-errors.ts';
import { routePermission } from './auth-access.ts';

/*
 * AC-8: an account with `exportTimeLimited` may start exports only inside
 * the system's export window (spec 04 ch.15.6, `exportWindow` in the system
 * settings). Every route whose permission is the `export` action (PRM-2:
 * a path with an `export` segment) is guarded here, so an export added
 * later cannot forget it. Outside the window the request is refused, not
 * deferred: exports here are synchronous (D58).
 */

/** Settings-table key of the export window; the text `null` clears it. */
export const EXPORT_WINDOW_KEY = 'system.exportWindow';

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** An IANA time zone name that this Node's ICU knows. */
function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * The allowed export window: from `start` up to (not including) `end`,
 * local time in `timezone`; a start after the end spans midnight.
 */
export const exportWindowSchema = z
  .object({
    start: z.string().regex(HH_MM, 'HH:MM, 00:00 to 23:59'),
    end: z.string().regex(HH_MM, 'HH:MM, 00:00 to 23:59'),
    timezone: z.string().min(1).max(64).refine(isTimeZone, 'an IANA time zone, e.g. Asia/Shanghai'),
  })
  .strict()
  .refine((w) => w.start !== w.end, { path: ['end'], message: 'the window may not be empty' });

/** The export window as stored. */
export type ExportWindow = z.output<typeof exportWindowSchema>;

/** The configured window; undefined when none is (no limit applies). */
export function exportWindowOf(store: ConfigStore): ExportWindow | undefined {
  const text = store.settings.get(EXPORT_WINDOW_KEY);
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = exportWindowSchema.nullable().safeParse(value);
  return parsed.success ? (parsed.data ?? undefined) : undefined;
}

function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** Minutes since local midnight in `timezone` at `epochMs`. */
export function localMinutes(epochMs: number, timezone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(epochMs);
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
  const minute = Number(parts.find((p) => p.type === 'minute')?.value ?? 0);
  return hour * 60 + minute;
}

/** Whether `epochMs` falls inside the window. */
export function isInsideExportWindow(window: ExportWindow, epochMs: number): boolean {
  const now = localMinutes(epochMs, window.timezone);
  const start = minutesOf(window.start);
  const end = minutesOf(window.end);
  return start < end ? now >= start && now < end : now >= start || now < end;
}

/** 403: the account's exports are limited to a window it is outside of. */
export class ExportWindowError extends ApiError {
  constructor(window: ExportWindow) {
    super(
      403,
      'ERR_EXPORT_WINDOW',
      `this account may export only between ${window.start} and ${window.end} ` +
        `${window.timezone} (AC-8)`,
    );
  }
}

/**
 * Adds the AC-8 check to every export route of `app`'s scope. It runs
 * after the auth hook, which sets request.auth.
 */
export function installExportWindow(app: FastifyInstance, store: ConfigStore, clock: Clock): void {
  app.addHook('onRequest', async (request) => {
    const auth = request.auth;
    if (auth === null) return;
    const needed = routePermission(request.method, request.routeOptions.url ?? '');
    if (needed === undefined || needed === 'self' || needed.action !== 'export') return;
    if (store.accounts.find(auth.accountId)?.exportTimeLimited !== true) return;
    const window = exportWindowOf(store);
    if (window !== undefined && !isInsideExportWindow(window, clock.now())) {
      throw new ExportWindowError(window);
    }
  });
}
