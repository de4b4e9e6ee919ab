import {
  readSdpFixture,
  listSdpFixtures,
  loadSdpFixture,
} from '../../test/fixtures/sdp/load-fixture.ts';
import { describe, expect, test } from 'vitest';
import { parseSdp } from './parse-sdp.ts';
import { serializeSdp } from './serialize-sdp.ts';

const inputs = listSdpFixtures('.in.sdp');

describe('SDP golden round trip (test/fixtures/sdp/*.in.sdp)', () => {
  test.each(inputs)('serializeSdp(parseSdp(%s)) → the .out.sdp, or the input itself', (name) => {
    const input = loadSdpFixture(name);
    const expected = readSdpFixture(name.replace('.in.sdp', '.out.sdp')) ?? input;
    const r = parseSdp(input);
    if (!r.ok) throw new Error(`${r.error.code} at ${r.error.offset}: ${r.error.detail}`);
    expect(serializeSdp(r.value)).toBe(expected);
  });
});
