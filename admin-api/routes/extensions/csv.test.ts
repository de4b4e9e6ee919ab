import { describe, expect, test } from 'vitest';
import { parseExtensionCsv } from './csv.ts';

describe('parseExtensionCsv()', () => {
  test('when there is a header, CRLF, quotes and empty cells → rows with defaults left out', () => {
    const result = parseExtensionCsv(
      'Number,Name,Password\r\n100,"Doe, John",\r\n\r\n101,,"a""bcdefgh"\n',
    );
    expect(result).toEqual({
      ok: true,
      value: [
        { internalNumber: '100', name: 'Doe, John' },
        { internalNumber: '101', secret: 'a"bcdefgh' },
      ],
    });
  });

  test('when the last line has no line break → it is still a row', () => {
    expect(parseExtensionCsv('200,A')).toEqual({
      ok: true,
      value: [{ internalNumber: '200', name: 'A' }],
    });
  });

  test.each([
    ['', 'body', 'the CSV has no rows'],
    ['number,name\n', 'body', 'the CSV has no rows'],
    ['1x,a', 'line 1.number', 'digits, 1 to 15'],
    ['100,a,b,c,d', 'line 1.columns', 'more than 4 columns'],
    ['100,a,short', 'line 1.password', '8 to 128 printable ASCII characters'],
    ['100,"open', 'line 1', 'unterminated quoted field'],
    [`100,${'n'.repeat(101)}`, 'line 1.name', 'at most 100 characters'],
  ])('when the input is %j → error %s: %s', (text, field, message) => {
    const result = parseExtensionCsv(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error[0]).toEqual({ field, message });
  });

  test('when a quoted field spans lines → later rows keep their true line numbers', () => {
    const result = parseExtensionCsv('100,"two\nlines"\nbad,x\n');
    expect(result).toEqual({
      ok: false,
      error: [{ field: 'line 3.number', message: 'digits, 1 to 15' }],
    });
  });
});
