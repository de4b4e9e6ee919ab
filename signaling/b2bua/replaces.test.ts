import { describe, expect, test } from 'vitest';
import { parseReplaces, parseReplacesValue } from './replaces.ts';

describe('parseReplaces()', () => {
  test('parseReplaces() when the value is escaped → Call-ID and both tags', () => {
    expect(parseReplaces('Replaces=abc%40host%3Bto-tag%3D1%3Bfrom-tag%3D2')).toEqual({
      callId: 'abc@host',
      toTag: '1',
      fromTag: '2',
    });
  });

  test('parseReplaces() when among other headers, any case, early-only → found', () => {
    expect(parseReplaces('Subject=x&replaces=id%3Bfrom-tag%3Db%3Bto-tag%3Da%3Bearly-only')).toEqual(
      { callId: 'id', toTag: 'a', fromTag: 'b', isEarlyOnly: true },
    );
  });

  test('parseReplacesValue() of a Replaces header (BLF pickup) → Call-ID, tags and early-only', () => {
    expect(parseReplacesValue('98asjd8@host ; to-tag = 1 ;from-tag=2;early-only')).toEqual({
      callId: '98asjd8@host',
      toTag: '1',
      fromTag: '2',
      isEarlyOnly: true,
    });
    expect(parseReplacesValue('id;to-tag=1')).toBe('invalid');
  });

  test.each([
    ['Replaces=abc%3Bto-tag%3D1', 'no from-tag'],
    ['Replaces=%3Bto-tag%3D1%3Bfrom-tag%3D2', 'no Call-ID'],
    ['Replaces=abc%3Bto-tag%3D%3Bfrom-tag%3D2', 'empty to-tag'],
  ])('parseReplaces(%s) when %s → invalid', (headers) => {
    expect(parseReplaces(headers)).toBe('invalid');
  });

  test('parseReplaces() when there is no Replaces → undefined', () => {
    expect(parseReplaces(undefined)).toBeUndefined();
    expect(parseReplaces('Subject=x')).toBeUndefined();
  });
});
