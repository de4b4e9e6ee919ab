import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashPasswordSync } from '../../../core/config-store/index.ts';
import { buildTestApi, parseCsv, type TestApi } from '../../test-api.ts';
import { csvCell, csvOf } from './list-export.ts';

/* The search panel's export (导出, spec 01/02 §0): GET /<resource>/export as CSV. */

describe('csvCell() (RFC 4180 §2)', () => {
  test.each([
    [null, ''],
    [42, '42'],
    [true, 'true'],
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    [' padded', '" padded"'],
    ['+8613800000000', '+8613800000000'],
    ['-5', '-5'],
    ['=HYPERLINK("x")', '"\'=HYPERLINK(""x"")"'],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['-cmd', "'-cmd"],
    [{ a: 1 }, '"{""a"":1}"'],
  ])('%j → %s', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  test('csvOf() → a BOM, the header row, then one CRLF-ended row per object', () => {
    expect(csvOf(['id', 'name'], [{ id: 1, name: '前台' }])).toBe('\uFEFFid,name\r\n1,前台\r\n');
  });
});

describe('GET /api/v1/<resource>/export', () => {
  let t: TestApi;

  beforeAll(async () => {
    t = await buildTestApi();
    for (const team of [t.alpha, t.beta]) {
      const owner = t.store.accounts.create({
        teamId: team.team.id,
        username: `exportowner${team.team.id}`,
        accountType: 'user',
        passwordHash: hashPasswordSync('export-owner-pw-1'),
      });
      for (const n of ['3001', '3002', '3003']) {
        t.store.extensions.create({
          teamId: team.team.id,
          accountId: owner.id,
          internalNumber: n,
          name: n === '3002' ? 'Front, desk' : `ext ${n}`,
          dnd: n !== '3001',
        });
      }
    }
  });
  afterAll(async () => t.close());

  test('a team admin → its rows of the list’s filters and sort as CSV, the schema’s fields as columns, no secrets', async () => {
    const res = await t.call(
      t.alpha.token,
      'GET',
      '/api/v1/extensions/export?dnd=true&sort=-internalNumber',
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="extensions.csv"');
    expect(res.body).toContain('"Front, desk"');
    const [header, ...rows] = parseCsv(res.body);
    expect(header).toContain('internalNumber');
    expect(header!.some((h) => /secret|ha1/i.test(h))).toBe(false);
    const column = (name: string) => rows.map((r) => r[header!.indexOf(name)]);
    expect(column('internalNumber')).toEqual(['3003', '3002']);
    expect(column('name')).toEqual(['ext 3003', 'Front, desk']);
    const mine = await t.call(t.alpha.token, 'GET', '/api/v1/extensions?dnd=true');
    const ids = (mine.json() as { items: Array<{ id: number }> }).items.map((e) => String(e.id));
    expect(column('id').sort()).toEqual(ids.sort());
  });

  test('cross-tenant: another team’s rows never appear; naming its team → 403', async () => {
    const res = await t.call(t.alpha.token, 'GET', '/api/v1/extensions/export');
    const [header, ...rows] = parseCsv(res.body);
    const teams = new Set(rows.map((r) => Number(r[header!.indexOf('teamId')])));
    expect([...teams]).toEqual([t.alpha.team.id]);
    const other = await t.call(
      t.alpha.token,
      'GET',
      `/api/v1/extensions/export?teamId=${t.beta.team.id}`,
    );
    expect(other.statusCode).toBe(403);
  });

  test('paging keys and unknown filters → 400 naming them; no token → 401', async () => {
    for (const query of ['limit=10', 'cursor=abc', 'colour=red']) {
      const res = await t.call(t.alpha.token, 'GET', `/api/v1/extensions/export?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.body).toContain(query.split('=')[0]!);
    }
    expect((await t.call(undefined, 'GET', '/api/v1/extensions/export')).statusCode).toBe(401);
  });
});
