import { describe, expect, test } from 'vitest';
import { isTrunkFailure } from './trunk-attempts.ts';

describe('isTrunkFailure()', () => {
  test.each([408, 500, 503, 504, 580])(
    'TRK-13 isTrunkFailure() when the trunk answers %i → a failure of the trunk',
    (status) => expect(isTrunkFailure(status)).toBe(true),
  );

  test.each([200, 401, 403, 404, 480, 486, 487, 603])(
    'TRK-13 isTrunkFailure() when the answer is %i → the callee’s, not counted',
    (status) => expect(isTrunkFailure(status)).toBe(false),
  );
});
