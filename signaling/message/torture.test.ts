import { describe, expect, test } from 'vitest';
import { loadFixtures } from '../../test/fixtures/sip/load-fixtures.ts';
import { parseSipMessage } from './parser.ts';
import { serializeSipMessage } from './serializer.ts';
import { validateRequest, validateResponse } from './validate.ts';

for (const folder of ['torture', 'ipv6'] as const) {
  describe(`${folder} fixtures`, () => {
    const fixtures = loadFixtures(folder);

    test(`${folder}/manifest.json lists every file`, () => {
      expect(fixtures.length).toBe(folder === 'torture' ? 49 : 12);
    });

    for (const { name, data, expect: want } of fixtures) {
      test(`parseSipMessage(${name}) → ${JSON.stringify({ ...want, section: undefined, note: undefined })} (${want.section})`, () => {
        const r = parseSipMessage(data);
        if (want.error !== undefined) {
          expect(r.ok).toBe(false);
          if (r.ok) return;
          expect(r.error.code).toBe(want.error);
          if (want.status !== undefined) {
            const partial = r.error.partial;
            expect(partial?.isRequest).toBe(true);
            if (partial?.isRequest !== true) return;
            expect(validateRequest(partial)?.status).toBe(want.status);
          }
          return;
        }
        expect(r.ok, r.ok ? '' : JSON.stringify(r.error)).toBe(true);
        if (!r.ok) return;
        const msg = r.value;
        if (msg.isRequest) {
          const defect = validateRequest(msg);
          if (want.status !== undefined)
            expect(defect?.status, JSON.stringify(defect)).toBe(want.status);
          else if (want.drop !== undefined) {
            expect(defect?.status).toBeUndefined();
            expect(defect?.code).toBe(want.drop);
          } else expect(defect, JSON.stringify(defect)).toBeUndefined();
        } else {
          expect(validateResponse(msg)?.code).toBe(want.invalid);
        }
        // Round trip: what we write parses to the same headers and body.
        const again = parseSipMessage(serializeSipMessage(msg));
        expect(again.ok).toBe(true);
        if (!again.ok) return;
        const values = (m: typeof msg): string[] =>
          m
            .headerFields()
            .filter((f) => f.key !== 'content-length')
            .map((f) => `${f.name}: ${f.value}`);
        expect(values(again.value)).toEqual(values(msg));
        expect(again.value.body.equals(msg.body)).toBe(true);
      });
    }
  });
}
