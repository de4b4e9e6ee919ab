import { describe, expect, test } from 'vitest';
import { createRequest, createResponse } from '../message/index.ts';
import { reliableRseq } from './prack.ts';

const invite = createRequest({
  method: 'INVITE',
  requestUri: 'sip:1001@demo.local',
  from: '<sip:1000@demo.local>;tag=a',
  to: '<sip:1001@demo.local>',
  callId: 'c1',
  cseq: 1,
});

function provisional(status: number, headers: Array<[string, string]>) {
  return createResponse(invite, status, { toTag: 'b', headers });
}

describe('reliableRseq()', () => {
  test('reliableRseq() when 180 has Require: 100rel and RSeq → the RSeq', () => {
    const r = provisional(180, [
      ['Require', '100rel'],
      ['RSeq', '42'],
    ]);
    expect(reliableRseq(r)).toBe(42);
  });

  test.each([
    ['no Require', 180, [['RSeq', '1']]],
    ['no RSeq', 180, [['Require', '100rel']]],
    [
      'RSeq 0',
      183,
      [
        ['Require', '100rel'],
        ['RSeq', '0'],
      ],
    ],
    [
      'RSeq above 2**31-1',
      183,
      [
        ['Require', '100rel'],
        ['RSeq', '2147483648'],
      ],
    ],
    [
      'RSeq not a number',
      183,
      [
        ['Require', '100rel'],
        ['RSeq', 'x'],
      ],
    ],
    [
      'a 100',
      100,
      [
        ['Require', '100rel'],
        ['RSeq', '1'],
      ],
    ],
  ] as Array<[string, number, Array<[string, string]>]>)(
    'reliableRseq() when %s → undefined',
    (_why, status, headers) => {
      expect(reliableRseq(provisional(status, headers))).toBeUndefined();
    },
  );
});
