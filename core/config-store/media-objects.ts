import { and, eq, isNull, or } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { ConflictError, ValidationError } from '../index.ts';
import { callPrompts, mohClasses, voiceFiles } from './schema.ts';
import type { StoreDb } from './store-context.ts';
import { requireTeam } from './team-objects.ts';

/*
 * Checks shared by the audio-model repositories (spec 02 §0.6). A team
 * object may use its team's files and prompts and the system ones (team
 * null, §0.2: "按该团队去选择语音文件"); a system object only system ones.
 * As in team-objects.ts, an id of another team fails like a missing one.
 */

/** The team must exist unless the object is system-wide (null). */
export function requireOptionalTeam(db: StoreDb, teamId: number | null): void {
  if (teamId !== null) requireTeam(db, teamId);
}

/** Rows visible to `teamId`: its own and the system ones; all if undefined. */
export function teamOrSystem(column: SQLiteColumn, teamId: number | undefined): SQL | undefined {
  return teamId === undefined ? undefined : or(isNull(column), eq(column, teamId));
}

function usable(ownerTeamId: number | null | undefined, teamId: number | null): boolean {
  return ownerTeamId === null || (ownerTeamId !== undefined && ownerTeamId === teamId);
}

/** Throws ValidationError on `field` unless the voice file is usable by `teamId`. */
export function assertVoiceFileUsable(
  db: StoreDb,
  voiceFileId: number,
  teamId: number | null,
  field: string,
): void {
  const file = db
    .select({ teamId: voiceFiles.teamId })
    .from(voiceFiles)
    .where(eq(voiceFiles.id, voiceFileId))
    .get();
  if (!usable(file === undefined ? undefined : file.teamId, teamId)) {
    throw new ValidationError(field, `no voice file ${voiceFileId} usable by this team`);
  }
}

/** Throws ValidationError on `field` unless the call prompt is usable by `teamId`. */
export function assertPromptUsable(
  db: StoreDb,
  promptId: number,
  teamId: number | null,
  field: string,
): void {
  const prompt = db
    .select({ teamId: callPrompts.teamId })
    .from(callPrompts)
    .where(eq(callPrompts.id, promptId))
    .get();
  if (!usable(prompt === undefined ? undefined : prompt.teamId, teamId)) {
    throw new ValidationError(field, `no call prompt ${promptId} usable by this team`);
  }
}

/**
 * SQLite's UNIQUE lets NULLs repeat, so a (team, key) index does not stop
 * two system objects with one name; this check does, in the write.
 */
export function assertSystemKeyFree(
  db: StoreDb,
  teamColumn: SQLiteColumn,
  keyColumn: SQLiteColumn,
  idColumn: SQLiteColumn,
  key: string,
  exceptId: number | undefined,
  field: string,
): void {
  const clash = db
    .select({ id: idColumn })
    .from(teamColumn.table)
    .where(and(isNull(teamColumn), eq(keyColumn, key)))
    .all()
    .find((row) => row.id !== exceptId);
  if (clash !== undefined) {
    throw new ConflictError('ERR_DUPLICATE', `a system object already has ${field} ${key}`, field);
  }
}

/**
 * Throws ValidationError on `field` unless MOH class `classId` is the
 * team's own or a system class (spec 02 §0.2: teams pick from their lists
 * and the system's). Null (the default class) always passes.
 */
export function assertMohClassUsable(
  db: StoreDb,
  classId: number | null | undefined,
  teamId: number,
  field = 'mohClassId',
): void {
  if (classId == null) return;
  const moh = db
    .select({ teamId: mohClasses.teamId })
    .from(mohClasses)
    .where(eq(mohClasses.id, classId))
    .get();
  if (moh === undefined || (moh.teamId !== null && moh.teamId !== teamId)) {
    throw new ValidationError(field, `no MOH class ${classId} usable here`);
  }
}
