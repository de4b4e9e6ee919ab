import { describe, expect, test } from 'vitest';
import { isWorkIntervalActive, isWorkScheduleActive, type WorkInterval } from './work-hours.ts';

const always: WorkInterval = {
  startDate: null,
  endDate: null,
  startTime: '00:00',
  endTime: '23:59',
  startWeekday: null,
  endWeekday: null,
};

// Local-time constructors keep the tests independent of the process TZ.
const at = (month: number, day: number, hour: number, minute = 0): Date =>
  new Date(2026, month - 1, day, hour, minute);

describe('isWorkIntervalActive()', () => {
  // WT-5, the manual's acceptance example.
  const nationalDay: WorkInterval = {
    ...always,
    startDate: '10-01',
    endDate: '10-07',
    startTime: '09:00:00',
    endTime: '16:00:00',
  };

  test.each([
    ['Oct 3 10:00', at(10, 3, 10), true],
    ['Oct 3 16:00 (end minute inclusive)', at(10, 3, 16, 0), true],
    ['Oct 3 16:30', at(10, 3, 16, 30), false],
    ['Oct 8 10:00', at(10, 8, 10), false],
  ])(
    'isWorkIntervalActive() when 10-01…10-07 09–16 at %s → %s (WT-1, WT-5)',
    (_, date, expected) => {
      expect(isWorkIntervalActive(nationalDay, date)).toBe(expected);
    },
  );

  test('isWorkIntervalActive() when the dates wrap New Year → active on Jan 1 (WT-2)', () => {
    const holidays = { ...always, startDate: '12-24', endDate: '01-02' };
    expect(isWorkIntervalActive(holidays, at(1, 1, 12))).toBe(true);
    expect(isWorkIntervalActive(holidays, at(12, 25, 12))).toBe(true);
    expect(isWorkIntervalActive(holidays, at(6, 1, 12))).toBe(false);
  });

  test('isWorkIntervalActive() when the dates are 00-00 → no date condition (WT-2)', () => {
    expect(
      isWorkIntervalActive({ ...always, startDate: '00-00', endDate: '00-00' }, at(6, 1, 12)),
    ).toBe(true);
  });

  test('isWorkIntervalActive() when the time range is overnight → active at 23:00 and 02:00 (WT-3)', () => {
    const night = { ...always, startTime: '22:00', endTime: '06:00' };
    expect(isWorkIntervalActive(night, at(3, 4, 23))).toBe(true);
    expect(isWorkIntervalActive(night, at(3, 4, 2))).toBe(true);
    expect(isWorkIntervalActive(night, at(3, 4, 12))).toBe(false);
  });

  test('isWorkIntervalActive() when the weekdays are mon–fri → inactive on Saturday (WT-4)', () => {
    const weekdays = { ...always, startWeekday: 'mon', endWeekday: 'fri' };
    // 2026-11-23 is a Monday and 2026-11-28 a Saturday.
    expect(isWorkIntervalActive(weekdays, at(11, 23, 10))).toBe(true);
    expect(isWorkIntervalActive(weekdays, at(11, 27, 10))).toBe(true);
    expect(isWorkIntervalActive(weekdays, at(11, 28, 10))).toBe(false);
  });

  test('isWorkIntervalActive() when the weekdays wrap sat–mon → active on Sunday (WT-4)', () => {
    const weekend = { ...always, startWeekday: 'sat', endWeekday: 'mon' };
    expect(isWorkIntervalActive(weekend, at(11, 29, 10))).toBe(true);
    expect(isWorkIntervalActive(weekend, at(11, 23, 10))).toBe(true);
    expect(isWorkIntervalActive(weekend, at(11, 25, 10))).toBe(false);
  });
});

describe('isWorkScheduleActive()', () => {
  const morning = { ...always, startTime: '08:00', endTime: '12:00' };
  const afternoon = { ...always, startTime: '14:00', endTime: '18:00' };

  test('isWorkScheduleActive() when any interval holds → active (P-1)', () => {
    const schedule = { status: 'enabled', intervals: [morning, afternoon] };
    expect(isWorkScheduleActive(schedule, at(5, 5, 15))).toBe(true);
    expect(isWorkScheduleActive(schedule, at(5, 5, 13))).toBe(false);
  });

  test('isWorkScheduleActive() when the schedule is disabled → never active (P-2)', () => {
    expect(isWorkScheduleActive({ status: 'disabled', intervals: [always] }, at(5, 5, 10))).toBe(
      false,
    );
  });
});
