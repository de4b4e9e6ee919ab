/** The fields of one work-hours interval the check reads (spec 02 §3.2). */
export interface WorkInterval {
  readonly startDate: string | null;
  readonly endDate: string | null;
  readonly startTime: string;
  readonly endTime: string;
  readonly startWeekday: string | null;
  readonly endWeekday: string | null;
}

/** A work-hours schedule (spec 02 §3.3 package) as the router reads it. */
export interface WorkSchedule {
  readonly status: string;
  readonly intervals: readonly WorkInterval[];
}

const WEEKDAY_INDEX: Readonly<Record<string, number>> = {
  mon: 0,
  tue: 1,
  wed: 2,
  thu: 3,
  fri: 4,
  sat: 5,
  sun: 6,
};

/**
 * Whether `schedule` is in force at `at`, read in the process's local time
 * (the PBX local time of WT-1). A disabled schedule never is (P-2); an
 * enabled one is while any of its intervals holds (P-1).
 */
export function isWorkScheduleActive(schedule: WorkSchedule, at: Date): boolean {
  if (schedule.status !== 'enabled') return false;
  return schedule.intervals.some((interval) => isWorkIntervalActive(interval, at));
}

/** Whether every set part of `interval` holds at `at` (WT-1). */
export function isWorkIntervalActive(interval: WorkInterval, at: Date): boolean {
  return dateHolds(interval, at) && timeHolds(interval, at) && weekdayHolds(interval, at);
}

/**
 * WT-2: `MM-DD` bounds recur every year and wrap over New Year when the
 * start is later than the end. `00-00` or empty means no date condition;
 * with only one bound set the other is taken as open.
 */
function dateHolds(interval: WorkInterval, at: Date): boolean {
  const start = dateBound(interval.startDate);
  const end = dateBound(interval.endDate);
  if (start === undefined && end === undefined) return true;
  const today = (at.getMonth() + 1) * 100 + at.getDate();
  return inRange(today, start ?? 101, end ?? 1231);
}

function dateBound(value: string | null): number | undefined {
  const match = value === null ? null : /^(\d\d)-(\d\d)$/.exec(value);
  if (match === null) return undefined;
  const month = Number(match[1]);
  const day = Number(match[2]);
  if (month === 0 || day === 0) return undefined;
  return month * 100 + day;
}

/**
 * WT-3: the end time is inclusive through the end of its minute, so
 * `23:59` covers the whole day; a start later than the end is overnight.
 */
function timeHolds(interval: WorkInterval, at: Date): boolean {
  const start = minuteOfDay(interval.startTime);
  const end = minuteOfDay(interval.endTime);
  if (start === undefined || end === undefined) return false;
  return inRange(at.getHours() * 60 + at.getMinutes(), start, end);
}

function minuteOfDay(value: string): number | undefined {
  const match = /^(\d\d):(\d\d)(?::\d\d)?$/.exec(value);
  if (match === null) return undefined;
  return Number(match[1]) * 60 + Number(match[2]);
}

/** WT-4: weekdays inclusive, wrapping when start > end; unset ⇒ every day. */
function weekdayHolds(interval: WorkInterval, at: Date): boolean {
  if (interval.startWeekday === null || interval.endWeekday === null) return true;
  const start = WEEKDAY_INDEX[interval.startWeekday];
  const end = WEEKDAY_INDEX[interval.endWeekday];
  if (start === undefined || end === undefined) return false;
  // Date.getDay() counts from Sunday; the store counts from Monday.
  return inRange((at.getDay() + 6) % 7, start, end);
}

function inRange(value: number, start: number, end: number): boolean {
  return start <= end ? value >= start && value <= end : value >= start || value <= end;
}
