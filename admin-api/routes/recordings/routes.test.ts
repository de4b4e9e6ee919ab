import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseWav, serializeWav } from '../../../core/audio/index.ts';
import { openCdrStore, type CdrStore, type NewCdrRecord } from '../../../core/cdr-store/index.ts';
import { buildTestApi, type TestApi } from '../../test-api.ts';
import { parseRange, resolveRecording } from './recording-file.ts';

describe('GET /api/v1/recordings (CDR-3)', () => {
  let api: TestApi;
  let cdrs: CdrStore;
  let wav: Buffer;
  let archive: string;
  beforeAll(async () => {
    cdrs = openCdrStore(mkdtempSync(join(tmpdir(), 'sy-rec-api-')));
    api = await buildTestApi(undefined, { cdrs });
    const recordingsDir = join(dirname(api.store.path), 'recordings');
    const samples = new Int16Array(8000).map((_, i) => Math.round(8000 * Math.sin(i / 5)));
    wav = serializeWav(samples, 8000);
    const row = (
      callId: string,
      teamId: number,
      at: number,
      path: string | null,
      agentId: number | null = null,
    ): NewCdrRecord => ({
      callId,
      teamId,
      callType: 'internal',
      callerNumber: '1000',
      callerName: null,
      calledNumber: '1001',
      did: null,
      extensionId: null,
      trunkId: null,
      startedAtMs: at,
      answeredAtMs: at + 2000,
      endedAtMs: at + 10_000,
      totalDurationSec: 10,
      billableDurationSec: 8,
      result: 'answered',
      hangupCause: 16,
      hangupSide: 'caller',
      sipStatus: null,
      codec: 'PCMU',
      mos: null,
      recordingPath: path,
      ivrInput: null,
      ivrDurationMs: null,
      agentId,
    });
    const t0 = Date.UTC(2026, 10, 25, 9);
    const alphaId = api.alpha.team.id;
    for (let i = 0; i < 3; i++) {
      const path = `${alphaId}/2026-11-25/alpha-${i}.wav`;
      mkdirSync(dirname(join(recordingsDir, path)), { recursive: true });
      writeFileSync(join(recordingsDir, path), wav);
      cdrs.insert(row(`alpha-${i}`, alphaId, t0 + i * 1000, path, i === 1 ? 81 : null));
    }
    cdrs.insert(row('alpha-unrecorded', alphaId, t0 + 5000, null));
    cdrs.insert(row('alpha-escape', alphaId, t0 - 5000, '../../etc/passwd'));
    cdrs.insert(row('alpha-absolute', alphaId, t0 - 6000, '/etc/passwd'));
    archive = mkdtempSync(join(tmpdir(), 'sy-rec-archive-'));
    writeFileSync(join(archive, 'moved.wav'), wav);
    cdrs.insert(row('alpha-moved', alphaId, t0 - 7000, join(archive, 'moved.wav')));
    const betaPath = `${api.beta.team.id}/2026-11-25/beta-0.wav`;
    mkdirSync(dirname(join(recordingsDir, betaPath)), { recursive: true });
    writeFileSync(join(recordingsDir, betaPath), wav);
    cdrs.insert(row('beta-0', api.beta.team.id, t0, betaPath));
  });
  afterAll(async () => {
    await api.close();
    cdrs.close();
  });

  test('CDR-3 a team admin → its recorded calls only, newest first, keyset paged', async () => {
    const first = await api.call(api.alpha.token, 'GET', '/api/v1/recordings?limit=2');
    expect(first.statusCode).toBe(200);
    const page = first.json() as {
      items: Array<{ id: string; audioUrl: string }>;
      nextCursor: string;
    };
    expect(page.items.map((i) => i.id)).toEqual(['alpha-2', 'alpha-1']);
    expect(page.items[0]!.audioUrl).toBe('/api/v1/recordings/alpha-2/audio');
    const next = await api.call(
      api.alpha.token,
      'GET',
      `/api/v1/recordings?limit=10&cursor=${page.nextCursor}`,
    );
    const ids = (next.json() as { items: Array<{ id: string }> }).items.map((i) => i.id);
    expect(ids).toEqual(['alpha-0', 'alpha-escape', 'alpha-absolute', 'alpha-moved']);
  });

  test('CDR-3 GET audio → the whole WAV as audio/wav, playable', async () => {
    const res = await api.call(api.alpha.token, 'GET', '/api/v1/recordings/alpha-1/audio');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('audio/wav');
    expect(res.headers['accept-ranges']).toBe('bytes');
    expect(res.headers['content-disposition']).toBeUndefined();
    expect(res.rawPayload.equals(wav)).toBe(true);
    const parsed = parseWav(res.rawPayload);
    expect(parsed.ok && parsed.value.durationMs).toBe(1000);
  });

  test('CDR-3 a Range request → 206 with Content-Range and those bytes', async () => {
    const res = await api.call(
      api.alpha.token,
      'GET',
      '/api/v1/recordings/alpha-1/audio',
      undefined,
      {
        range: 'bytes=44-143',
      },
    );
    expect(res.statusCode).toBe(206);
    expect(res.headers['content-range']).toBe(`bytes 44-143/${wav.length}`);
    expect(res.rawPayload.equals(wav.subarray(44, 144))).toBe(true);
    const bad = await api.call(
      api.alpha.token,
      'GET',
      '/api/v1/recordings/alpha-1/audio',
      undefined,
      {
        range: `bytes=${wav.length}-`,
      },
    );
    expect(bad.statusCode).toBe(416);
    expect(bad.headers['content-range']).toBe(`bytes */${wav.length}`);
  });

  test('CDR-3 ?download=1 → Content-Disposition attachment', async () => {
    const res = await api.call(
      api.alpha.token,
      'GET',
      '/api/v1/recordings/alpha-0/audio?download=1',
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="alpha-0.wav"');
  });

  test('CDR-3 ?agentId= → the recorded calls naming that agent (D64)', async () => {
    const res = await api.call(api.alpha.token, 'GET', '/api/v1/recordings?agentId=81');
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as { items: Array<{ id: string }> }).items.map((i) => i.id)).toEqual([
      'alpha-1',
    ]);
  });

  test("CDR-4 another team's recording → 404; the superadmin sees it", async () => {
    const res = await api.call(api.alpha.token, 'GET', '/api/v1/recordings/beta-0/audio');
    expect(res.statusCode).toBe(404);
    const list = await api.call(
      api.alpha.token,
      'GET',
      `/api/v1/recordings?teamId=${api.beta.team.id}`,
    );
    expect(list.statusCode).toBe(403);
    const su = await api.call(api.superToken, 'GET', '/api/v1/recordings/beta-0/audio');
    expect(su.statusCode).toBe(200);
  });

  test('when a call has no recording or is unknown → 404', async () => {
    for (const id of ['alpha-unrecorded', 'nope']) {
      const res = await api.call(api.alpha.token, 'GET', `/api/v1/recordings/${id}/audio`);
      expect(res.statusCode).toBe(404);
    }
  });

  test('when the stored path escapes the recordings dir → refused with 403', async () => {
    for (const id of ['alpha-escape', 'alpha-absolute']) {
      const res = await api.call(api.alpha.token, 'GET', `/api/v1/recordings/${id}/audio`);
      expect(res.statusCode).toBe(403);
    }
  });

  test("R15.13-3 a moved recording → served only from a plan's movePath", async () => {
    const before = await api.call(api.alpha.token, 'GET', '/api/v1/recordings/alpha-moved/audio');
    expect(before.statusCode).toBe(403);
    api.store.recordingRetentionPlans.create({
      teamId: api.alpha.team.id,
      retentionDays: 3,
      expiredAction: 'move',
      movePath: archive,
    });
    const after = await api.call(api.alpha.token, 'GET', '/api/v1/recordings/alpha-moved/audio');
    expect(after.statusCode).toBe(200);
    expect(after.rawPayload.equals(wav)).toBe(true);
  });
});

describe('parseRange() (RFC 9110 §14.2)', () => {
  test.each([
    [undefined, undefined],
    ['bytes=0-9', { start: 0, end: 9 }],
    ['bytes=90-', { start: 90, end: 99 }],
    ['bytes=-10', { start: 90, end: 99 }],
    ['bytes=50-500', { start: 50, end: 99 }],
    ['bytes=100-', 'unsatisfiable'],
    ['bytes=9-3', 'unsatisfiable'],
    ['bytes=-0', 'unsatisfiable'],
    ['bytes=0-1,5-6', undefined],
    ['items=0-1', undefined],
  ])('parseRange(%s, 100) → %j', (header, expected) => {
    expect(parseRange(header, 100)).toEqual(expected);
  });

  test('resolveRecording() when the path climbs out → undefined', () => {
    expect(resolveRecording('1/2026-01-01/a.wav', '/rec', [])).toBe('/rec/1/2026-01-01/a.wav');
    expect(resolveRecording('../rec2/a.wav', '/rec', [])).toBeUndefined();
    expect(resolveRecording('/arch/x/a.wav', '/rec', ['/arch'])).toBe('/arch/x/a.wav');
    expect(resolveRecording('/arch/../etc/a.wav', '/rec', ['/arch'])).toBeUndefined();
  });
});
