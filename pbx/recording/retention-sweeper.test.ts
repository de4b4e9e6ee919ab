import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, test } from 'vitest';
import { FakeClock, silentLogger } from '../../core/index.ts';
import { RetentionSweeper, type RetentionPlan } from './retention-sweeper.ts';
import { ustarHeader } from './tar-gz.ts';

const DAYS = ['2012-10-05', '2012-10-06', '2012-10-07', '2012-10-08', '2012-10-09'];

function plan(extra: Partial<RetentionPlan> = {}): RetentionPlan {
  return {
    id: 1,
    teamId: 1,
    retentionDays: 3,
    runAt: '02:30',
    expiredAction: 'delete',
    movePath: null,
    packArchive: false,
    lastRunDate: null,
    ...extra,
  };
}

describe('RetentionSweeper (spec 04 §15.13)', () => {
  let root: string;
  let recordingsDir: string;
  let archiveDir: string;
  let links: Map<string, string | null>;
  let runs: Array<[number, string]>;
  let plans: RetentionPlan[];
  let clock: FakeClock;
  let sweeper: RetentionSweeper;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'sy-retention-'));
    recordingsDir = join(root, 'recordings');
    archiveDir = join(root, 'archive');
    for (const [team, days] of [
      [1, DAYS],
      [2, DAYS.slice(0, 1)],
    ] as const) {
      for (const day of days) {
        mkdirSync(join(recordingsDir, String(team), day), { recursive: true });
        for (const n of [1, 2]) {
          const file = join(recordingsDir, String(team), day, `t${team}-${day}-${n}.wav`);
          writeFileSync(file, `RIFF fake audio of ${team} ${day} ${n}`.repeat(n * 30));
        }
      }
    }
    links = new Map();
    runs = [];
    plans = [];
    clock = new FakeClock(Date.parse('2012-10-09T02:00:00Z'));
    sweeper = new RetentionSweeper({
      clock,
      logger: silentLogger(),
      recordingsDir,
      plans: {
        listEnabled: () => plans,
        markRun: (id, date) => {
          runs.push([id, date]);
          plans = plans.map((p) => (p.id === id ? { ...p, lastRunDate: date } : p));
        },
      },
      references: {
        setRecordingPath: (callId, path) => {
          links.set(callId, path);
          return true;
        },
      },
    });
  });

  const left = (team: number) =>
    readdirSync(join(recordingsDir, String(team)), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.wav'))
      .sort();

  test('R15.13-1/2 delete: run 2012-10-09, keep 3 days → 10-06 and earlier deleted, CDRs cleared', async () => {
    const report = await sweeper.runPlan(plan(), '2012-10-09');
    expect(report).toMatchObject({ cutoffDate: '2012-10-06', deleted: 4, moved: 0, failed: 0 });
    expect(left(1)).toEqual(
      DAYS.slice(2).flatMap((d) => [`${d}/t1-${d}-1.wav`, `${d}/t1-${d}-2.wav`]),
    );
    expect(existsSync(join(recordingsDir, '1', '2012-10-05'))).toBe(false);
    expect(left(2)).toHaveLength(2);
    expect(links.get('t1-2012-10-05-1')).toBeNull();
    expect(links.get('t1-2012-10-06-2')).toBeNull();
    expect(links.size).toBe(4);
  });

  test('R15.13-3 move: files go to movePath/<team>/<date>/, CDRs point at them', async () => {
    const report = await sweeper.runPlan(
      plan({ expiredAction: 'move', movePath: archiveDir }),
      '2012-10-09',
    );
    expect(report).toMatchObject({ moved: 4, failed: 0 });
    const moved = join(archiveDir, '1', '2012-10-05', 't1-2012-10-05-1.wav');
    expect(readFileSync(moved, 'latin1')).toMatch(/^RIFF fake audio of 1 2012-10-05 1/);
    expect(links.get('t1-2012-10-05-1')).toBe(moved);
    expect(left(1)).toHaveLength(6);
  });

  test('R15.13-1 packArchive: one tar.gz per day that tar extracts; CDRs marked unavailable', async () => {
    const report = await sweeper.runPlan(
      plan({ expiredAction: 'move', movePath: archiveDir, packArchive: true }),
      '2012-10-09',
    );
    expect(report).toMatchObject({ packed: 4, failed: 0 });
    expect(report.archives).toEqual([
      join(archiveDir, '1-2012-10-05.tar.gz'),
      join(archiveDir, '1-2012-10-06.tar.gz'),
    ]);
    const out = join(root, 'extracted');
    mkdirSync(out);
    execFileSync('tar', ['-xzf', report.archives[0]!, '-C', out]);
    const file = join(out, '2012-10-05', 't1-2012-10-05-2.wav');
    expect(readFileSync(file, 'latin1')).toBe('RIFF fake audio of 1 2012-10-05 2'.repeat(60));
    expect(links.get('t1-2012-10-05-2')).toBeNull();
    expect(left(1)).toHaveLength(6);
  });

  test('a second pack of the same day → a new archive name, the first is kept', async () => {
    const p = plan({ expiredAction: 'move', movePath: archiveDir, packArchive: true });
    await sweeper.runPlan(p, '2012-10-09');
    mkdirSync(join(recordingsDir, '1', '2012-10-05'));
    writeFileSync(join(recordingsDir, '1', '2012-10-05', 'late.wav'), 'RIFF');
    const second = await sweeper.runPlan(p, '2012-10-10');
    expect(second.archives).toContain(join(archiveDir, '1-2012-10-05-1.tar.gz'));
  });

  test('R15.13-1 retention 0 → today is never touched (a call may be recording)', async () => {
    const report = await sweeper.runPlan(plan({ retentionDays: 0 }), '2012-10-09');
    expect(report.cutoffDate).toBe('2012-10-08');
    expect(left(1)).toEqual(['2012-10-09/t1-2012-10-09-1.wav', '2012-10-09/t1-2012-10-09-2.wav']);
  });

  test('R15.13-1 daily at runAt: nothing before 02:30, a run at 02:30, once per day', async () => {
    plans = [plan()];
    sweeper.start();
    await sweeper.check();
    expect(runs).toEqual([]);
    clock.tick(30 * 60_000);
    await sweeper.check();
    expect(runs).toEqual([[1, '2012-10-09']]);
    expect(left(1)).toHaveLength(6);
    clock.tick(60 * 60_000);
    await sweeper.check();
    expect(runs).toHaveLength(1);
    clock.tick(24 * 60 * 60_000);
    await sweeper.check();
    expect(runs).toEqual([
      [1, '2012-10-09'],
      [1, '2012-10-10'],
    ]);
    expect(left(1)).toHaveLength(4);
    await sweeper.stop();
    expect(clock.pendingCount).toBe(0);
  });

  test('§0.3 a switch that was down at runAt → the plan runs when it starts', async () => {
    clock.tick(6 * 60 * 60_000);
    plans = [plan({ lastRunDate: '2012-10-07' })];
    sweeper.start();
    await sweeper.check();
    expect(runs).toEqual([[1, '2012-10-09']]);
    await sweeper.stop();
  });
});

describe('ustarHeader()', () => {
  test('when a name is written → a 512-byte block whose checksum verifies', () => {
    const header = ustarHeader('2012-10-05/a.wav', 1234, 1_349_395_200);
    expect(header).toHaveLength(512);
    expect(header.toString('latin1', 0, 16)).toBe('2012-10-05/a.wav');
    expect(header.toString('latin1', 124, 135)).toBe((1234).toString(8).padStart(11, '0'));
    expect(header.toString('latin1', 257, 263)).toBe('ustar\0');
    const stored = parseInt(header.toString('latin1', 148, 154), 8);
    const copy = Buffer.from(header);
    copy.fill(0x20, 148, 156);
    expect(copy.reduce((s, b) => s + b, 0)).toBe(stored);
  });

  test('when a name is too long or not ASCII → RangeError', () => {
    expect(() => ustarHeader('x'.repeat(101), 0, 0)).toThrow(RangeError);
    expect(() => ustarHeader('录音.wav', 0, 0)).toThrow(RangeError);
  });
});
