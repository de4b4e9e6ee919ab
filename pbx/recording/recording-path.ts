/**
 * Where a call's recording lives, relative to the media server's
 * recordings directory (decision D25): `<teamId>/<YYYY-MM-DD>/<callId>.wav`,
 * the date being the call's start in UTC. One directory per team and day
 * lets the retention sweeper (spec 04 §15.13) find a day's recordings by
 * listing a directory, and the file name gives back the CDR's call id.
 */

/** The parts of a recording path. */
export interface RecordingPathParts {
  readonly teamId: number;
  /** `YYYY-MM-DD`, UTC. */
  readonly date: string;
  readonly callId: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const PATH = /^([1-9]\d*)\/(\d{4}-\d{2}-\d{2})\/([A-Za-z0-9._-]+)\.wav$/;

/** The UTC calendar date of an instant, `YYYY-MM-DD`. */
export function utcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** True for a `YYYY-MM-DD` string (the name of a day directory). */
export function isRecordingDate(name: string): boolean {
  return DATE.test(name);
}

/**
 * A call id as a file name: anything but letters, digits, dot, dash and
 * underscore becomes `_`, so that no id can climb out of its directory.
 */
export function safeCallId(callId: string): string {
  const safe = callId.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
  return safe === '' ? '_' : safe;
}

/** The relative path of a call's recording (D25). */
export function recordingPathFor(teamId: number, callId: string, startedAtMs: number): string {
  return `${teamId}/${utcDate(startedAtMs)}/${safeCallId(callId)}.wav`;
}

/** The parts of a relative recording path, or undefined if it is not one. */
export function parseRecordingPath(path: string): RecordingPathParts | undefined {
  const m = PATH.exec(path);
  if (m === null) return undefined;
  return { teamId: Number(m[1]), date: m[2]!, callId: m[3]! };
}

/** The UTC date `days` before `date` (both `YYYY-MM-DD`). */
export function daysBefore(date: string, days: number): string {
  const ms = Date.parse(`${date}T00:00:00Z`) - days * 86_400_000;
  return utcDate(ms);
}
