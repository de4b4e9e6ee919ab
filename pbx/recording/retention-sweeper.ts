import { copyFile, mkdir, readdir, rename, rmdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock, Logger, TimerHandle } from '../../core/index.ts';
import { daysBefore, isRecordingDate, utcDate } from './recording-path.ts';
import { writeTarGz } from './tar-gz.ts';

/** A retention plan as the sweeper reads it (spec 04 §15.13 (b)). */
export interface RetentionPlan {
  readonly id: number;
  readonly teamId: number;
  readonly retentionDays: number;
  /** `HH:MM`, UTC. */
  readonly runAt: string;
  readonly expiredAction: 'move' | 'delete';
  readonly movePath: string | null;
  readonly packArchive: boolean;
  /** UTC date of the last run, `YYYY-MM-DD`. */
  readonly lastRunDate: string | null;
}

/** The enabled plans, and where the sweeper notes a finished run. */
export interface RetentionPlanSource {
  listEnabled(): readonly RetentionPlan[];
  markRun(planId: number, date: string): void;
}

/** The CDRs' recording references (R15.13-3). */
export interface RecordingReferences {
  /** A new absolute path, or null when the recording can no longer be played. */
  setRecordingPath(callId: string, recordingPath: string | null): boolean;
}

/** What RetentionSweeper needs. */
export interface RetentionSweeperDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  /** The media server's recordings directory (D25 layout under it). */
  readonly recordingsDir: string;
  readonly plans: RetentionPlanSource;
  readonly references: RecordingReferences;
  /** How often to look for due plans; a minute unless given. */
  readonly checkIntervalMs?: number;
}

/** What one run of a plan did. */
export interface RetentionRunReport {
  readonly planId: number;
  /** Recordings dated this day or earlier were processed. */
  readonly cutoffDate: string;
  readonly moved: number;
  readonly deleted: number;
  /** Recordings put in an archive (and so no longer playable). */
  readonly packed: number;
  readonly archives: readonly string[];
  readonly failed: number;
}

/** The file name of a recording gives back its CDR (D25). */
const WAV = /^([A-Za-z0-9._-]+)\.wav$/;

/** rename(), or copy and unlink when the target is on another filesystem. */
async function moveFile(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await copyFile(from, to);
    await unlink(from);
  }
}

async function freeName(dir: string, base: string): Promise<string> {
  for (let n = 0; ; n++) {
    const path = join(dir, n === 0 ? `${base}.tar.gz` : `${base}-${n}.tar.gz`);
    if ((await stat(path).catch(() => undefined)) === undefined) return path;
  }
}

/**
 * Runs the recording retention plans (spec 04 §15.13). Every minute it
 * looks for enabled plans whose `runAt` (UTC) has passed today and that
 * have not run today; a switch that was down at `runAt` runs the plan when
 * it comes back (spec 04 §0.3, past times run at once). A run takes every
 * day directory of the team dated run date − retentionDays or earlier
 * (R15.13-1, and R15.13-2 for missed runs) and moves, packs or deletes its
 * recordings, pointing each CDR at the new place or clearing it
 * (R15.13-3). Today's directory is never touched, so a call still being
 * recorded is not moved from under its recorder.
 */
export class RetentionSweeper {
  private timer: TimerHandle | undefined;
  private running: Promise<void> | undefined;
  private isCheckQueued = false;
  private readonly checkIntervalMs: number;

  constructor(private readonly deps: RetentionSweeperDeps) {
    this.checkIntervalMs = deps.checkIntervalMs ?? 60_000;
  }

  /** Starts checking for due plans (and checks once now). Idempotent. */
  start(): void {
    if (this.timer !== undefined) return;
    this.timer = this.deps.clock.setInterval(() => void this.check(), this.checkIntervalMs);
    void this.check();
  }

  /** Stops checking and waits for a run in progress. Idempotent. */
  async stop(): Promise<void> {
    if (this.timer !== undefined) this.deps.clock.clearInterval(this.timer);
    this.timer = undefined;
    this.isCheckQueued = false;
    await this.running;
  }

  /**
   * Runs every due plan, one at a time. A check asked for while one runs is
   * folded into one more pass after it, so a slow run delays a due plan but
   * never skips it, and checks never pile up.
   */
  check(): Promise<void> {
    if (this.running !== undefined) {
      this.isCheckQueued = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.isCheckQueued = false;
        await this.runDue();
      } while (this.isCheckQueued);
    })().finally(() => (this.running = undefined));
    return this.running;
  }

  /** One run of `plan` as of the day `runDate` (`YYYY-MM-DD`, UTC). */
  async runPlan(plan: RetentionPlan, runDate: string): Promise<RetentionRunReport> {
    const yesterday = daysBefore(runDate, 1);
    const byDays = daysBefore(runDate, plan.retentionDays);
    const cutoffDate = byDays < yesterday ? byDays : yesterday;
    const report = { planId: plan.id, cutoffDate, moved: 0, deleted: 0, packed: 0, failed: 0 };
    const archives: string[] = [];
    const teamDir = join(this.deps.recordingsDir, String(plan.teamId));
    const days = await readdir(teamDir).catch(() => [] as string[]);
    for (const day of days.filter(isRecordingDate).sort()) {
      if (day > cutoffDate) continue;
      const dayDir = join(teamDir, day);
      const files = (await readdir(dayDir).catch(() => [] as string[])).filter((f) => WAV.test(f));
      if (plan.expiredAction === 'delete') await this.deleteDay(dayDir, files, report);
      else if (plan.packArchive) await this.packDay(plan, day, dayDir, files, report, archives);
      else await this.moveDay(plan, day, dayDir, files, report);
      // An emptied day directory goes; one that still holds a file stays.
      await rmdir(dayDir).catch(() => undefined);
    }
    return { ...report, archives };
  }

  private async runDue(): Promise<void> {
    const now = this.deps.clock.now();
    const today = utcDate(now);
    const time = new Date(now).toISOString().slice(11, 16);
    let plans: readonly RetentionPlan[];
    try {
      plans = this.deps.plans.listEnabled();
    } catch (error) {
      this.deps.logger.error({ err: error }, 'reading retention plans failed');
      return;
    }
    for (const plan of plans) {
      if (time < plan.runAt || (plan.lastRunDate !== null && plan.lastRunDate >= today)) continue;
      try {
        const report = await this.runPlan(plan, today);
        this.deps.plans.markRun(plan.id, today);
        this.deps.logger.info({ ...report }, 'recording retention plan ran');
      } catch (error) {
        this.deps.logger.error({ err: error, planId: plan.id }, 'recording retention plan failed');
      }
    }
  }

  private async deleteDay(dir: string, files: readonly string[], report: Counts): Promise<void> {
    for (const file of files) {
      await this.each(report, file, async () => {
        await unlink(join(dir, file));
        this.relink(file, null);
        report.deleted++;
      });
    }
  }

  private async moveDay(
    plan: RetentionPlan,
    day: string,
    dir: string,
    files: readonly string[],
    report: Counts,
  ): Promise<void> {
    const target = join(plan.movePath!, String(plan.teamId), day);
    await mkdir(target, { recursive: true });
    for (const file of files) {
      await this.each(report, file, async () => {
        const to = join(target, file);
        await moveFile(join(dir, file), to);
        this.relink(file, to);
        report.moved++;
      });
    }
  }

  private async packDay(
    plan: RetentionPlan,
    day: string,
    dir: string,
    files: readonly string[],
    report: Counts,
    archives: string[],
  ): Promise<void> {
    if (files.length === 0) return;
    await mkdir(plan.movePath!, { recursive: true });
    const archive = await freeName(plan.movePath!, `${plan.teamId}-${day}`);
    const partial = `${archive}.part`;
    try {
      const entries = files.map((file) => ({ name: `${day}/${file}`, path: join(dir, file) }));
      await writeTarGz(partial, entries);
      await rename(partial, archive);
    } catch (error) {
      await unlink(partial).catch(() => undefined);
      report.failed += files.length;
      this.deps.logger.error({ err: error, planId: plan.id, day }, 'packing recordings failed');
      return;
    }
    archives.push(archive);
    // Only once the archive is complete do the originals go.
    for (const file of files) {
      await this.each(report, file, async () => {
        await unlink(join(dir, file));
        this.relink(file, null);
        report.packed++;
      });
    }
  }

  private relink(file: string, path: string | null): void {
    const callId = WAV.exec(file)![1]!;
    this.deps.references.setRecordingPath(callId, path);
  }

  private async each(report: Counts, file: string, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (error) {
      report.failed++;
      this.deps.logger.warn({ err: error, file }, 'processing a recording failed');
    }
  }
}

type Counts = { moved: number; deleted: number; packed: number; failed: number };
