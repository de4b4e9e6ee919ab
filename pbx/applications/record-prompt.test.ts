import { describe, expect, test } from 'vitest';
import { phoneRecordingName } from './record-prompt.ts';

describe('phoneRecordingName()', () => {
  test('VF-2 the manual sample record-1001-2012_05_25_11_20-0, in local time', () => {
    const at = new Date(2012, 4, 25, 11, 20, 42).getTime();
    expect(phoneRecordingName('1001', at, 0)).toBe('record-1001-2012_05_25_11_20-0');
  });

  test('VF-2 one-digit months, days, hours and minutes are zero-padded; n counts up', () => {
    const at = new Date(2026, 0, 2, 3, 4).getTime();
    expect(phoneRecordingName('8001', at, 2)).toBe('record-8001-2026_01_02_03_04-2');
  });
});
