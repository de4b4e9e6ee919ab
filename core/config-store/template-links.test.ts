import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, describe, expect, test } from 'vitest';
import { FakeClock } from '../index.ts';
import { openStore, STORE_FILE } from './open-store.ts';
import { importTeam } from './team-import.ts';
import type { ImportRow } from './team-import.ts';
import { codecsFromOptions, effectiveConfig, sdpCodecsFromOptions } from './template-links.ts';
import { openTempStore, seedTeam } from './test-store.ts';
import type { TempStore } from './test-store.ts';

const template = { id: 7, name: 'base', details: 'type=friend\nallow=ulaw\nallow=alaw\nnat=yes' };

describe('effectiveConfig()', () => {
  test('TRK-14 effectiveConfig() when the entity sets a key → its lines replace the template’s', () => {
    const config = effectiveConfig(template, 'allow=g722\nfromuser=bob');
    expect(config.template).toEqual({ id: 7, name: 'base' });
    expect(config.options).toEqual([
      { key: 'type', value: 'friend', source: 'template', line: 1 },
      { key: 'nat', value: 'yes', source: 'template', line: 4 },
      { key: 'allow', value: 'g722', source: 'details', line: 1 },
      { key: 'fromuser', value: 'bob', source: 'details', line: 2 },
    ]);
    expect(config.values).toEqual({ type: 'friend', nat: 'yes', allow: 'g722', fromuser: 'bob' });
  });

  test('EXT-16 effectiveConfig() when there is no template → the entity’s lines only', () => {
    expect(effectiveConfig(undefined, 'nat=no').values).toEqual({ nat: 'no' });
  });

  test('EXT-16 effectiveConfig() when a key repeats → values joined in order', () => {
    expect(effectiveConfig(template, '').values['allow']).toBe('ulaw,alaw');
  });
});

describe('codecsFromOptions()', () => {
  const codecs = (text: string) => codecsFromOptions(effectiveConfig(undefined, text).options);
  test.each([
    ['no allow or disallow', 'nat=yes', undefined],
    ['the default trunk template', 'disallow=all\nallow=ulaw,alaw,gsm,g729', ['PCMU', 'PCMA']],
    ['allow=all then disallow', 'allow=all\ndisallow=ulaw,slin', ['PCMA', 'G722', 'opus']],
    ['only codecs we cannot offer', 'disallow=all\nallow=g729', []],
    ['a repeated name', 'allow=alaw\nallow=ALAW,ulaw', ['PCMA', 'PCMU']],
  ])('codecsFromOptions() when %s → %j', (_name, text, expected) => {
    expect(codecs(text)).toEqual(expected);
  });
});

describe('sdpCodecsFromOptions() (device allow=, D94)', () => {
  const codecs = (text: string) => sdpCodecsFromOptions(effectiveConfig(undefined, text).options);
  test.each([
    ['no allow or disallow', 'nat=yes', undefined],
    [
      'the default device template',
      'disallow=all\nallow=ulaw,alaw,g722,opus,gsm,g729',
      ['pcmu', 'pcma', 'g722', 'opus', 'gsm', 'g729'],
    ],
    [
      'allow=all then disallow',
      'allow=all\ndisallow=ulaw,g729',
      expect.not.arrayContaining(['pcmu', 'g729']),
    ],
    ['a name we do not know', 'disallow=all\nallow=alaw,SILK', ['pcma', 'silk']],
    ['disallow=all last', 'allow=ulaw\ndisallow=all', []],
  ])('T-2 sdpCodecsFromOptions() when %s → %j', (_name, text, expected) => {
    expect(codecs(text)).toEqual(expected);
  });
});

describe('migration 0018_templates_link on a real SQLite file', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  test('TRK-14 EXT-16 migrating rows from 0017 → the system defaults exist and rows point at them', () => {
    dir = mkdtempSync(join(tmpdir(), 'switchyard-tpl-migration-'));
    // The migrations as they were before this one: 0000–0017.
    const before = join(dir, 'migrations');
    cpSync(fileURLToPath(new URL('./migrations', import.meta.url)), before, { recursive: true });
    const journalPath = join(before, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as {
      entries: Array<{ idx: number }>;
    };
    journal.entries = journal.entries.filter((e) => e.idx <= 17);
    writeFileSync(journalPath, JSON.stringify(journal));
    const dataDir = join(dir, 'data');
    mkdirSync(dataDir);
    const sqlite = new Database(join(dataDir, STORE_FILE));
    migrate(drizzle({ client: sqlite }), { migrationsFolder: before });
    const now = Date.UTC(2026, 0, 1);
    sqlite.exec(
      `INSERT INTO teams (id, uid, name, created_at, updated_at) VALUES (1, 'old', 'Old', ${now}, ${now});
       INSERT INTO accounts (id, team_id, username, account_type, password_hash, created_at, updated_at)
         VALUES (1, 1, 'u', 'user', 'x', ${now}, ${now});
       INSERT INTO trunks (team_id, name, type, host, codecs, created_at, updated_at)
         VALUES (1, 'carrier', 'ipPeer', 'h', '["PCMU"]', ${now}, ${now});
       INSERT INTO extensions (team_id, account_id, name, internal_number, registration_name,
         device_type, secret_encrypted, ha1_md5, ha1_sha256, registration_ha1_md5,
         registration_ha1_sha256, created_at, updated_at)
         VALUES (1, 1, '100', '100', 'old-100', 'SIP', 'x', 'x', 'x', 'x', 'x', ${now}, ${now}),
                (1, 1, '101', '101', 'old-101', 'DAHDI', 'x', 'x', 'x', 'x', 'x', ${now}, ${now});`,
    );
    sqlite.close();

    const store = openStore({ dataDir, clock: new FakeClock(now) });
    try {
      const id = (name: string) => store.pbxTemplates.findByName(null, name)?.id;
      expect(store.trunks.findByName(1, 'carrier')).toMatchObject({
        templateId: id('default sip trunk'),
        details: '',
      });
      // The DAHDI default was not seeded yet when 0018 ran: no template.
      expect(store.extensions.list(1).map((e) => e.templateId)).toEqual([
        id('default sip device'),
        null,
      ]);
      // The seeded row is the one PbxTemplatesRepository would have made.
      expect(store.pbxTemplates.findByName(null, 'default sip device')).toMatchObject({
        isBuiltin: true,
        templateType: 'device',
        details: expect.stringContaining('dtmfmode=rfc2833'),
      });
      // 0043 (D94): the row as seeded lets phones keep G.722 and Opus.
      expect(store.pbxTemplates.findByName(null, 'default sip device')?.details).toMatch(
        /\nallow=ulaw,alaw,g722,opus,gsm,g729$/,
      );
      expect(store.pbxTemplates.list().filter((t) => t.name === 'default sip trunk')).toHaveLength(
        1,
      );
    } finally {
      store.close();
    }
  });
});

describe('team import of template links', () => {
  let temp: TempStore | undefined;
  afterEach(() => temp?.cleanup());

  test('TRK-14 EXT-16 importTeam() → team templates remapped, system ones found by name', async () => {
    temp = openTempStore();
    const store = temp.store;
    const { team, account } = seedTeam(store, 'src');
    const own = store.pbxTemplates.create({ teamId: team.id, name: 'own', details: 'nat=no' });
    const trunk = store.trunks.create({
      teamId: team.id,
      name: 't',
      type: 'ipPeer',
      host: 'h',
      details: 'fromuser=x',
    });
    const ext = store.extensions.create({
      teamId: team.id,
      accountId: account.id,
      internalNumber: '100',
      templateId: own.id,
    });
    const json = (row: object, extra: object = {}) =>
      JSON.parse(JSON.stringify({ ...row, ...extra })) as ImportRow;
    const result = await importTeam(
      store,
      {
        team: json(team),
        accounts: [json(account)],
        pbxTemplates: [json(own)],
        // The system template's id is another node's: the name finds it.
        trunks: [json(trunk, { templateId: 9999, templateName: 'default sip trunk' })],
        extensions: [json(ext, { templateName: 'own' })],
      },
      { uid: 'copy', name: 'Copy', sipDomain: null },
    );
    const newTrunk = store.trunks.get(result.idMap.trunks[String(trunk.id)]!);
    expect(newTrunk).toMatchObject({ templateId: trunk.templateId, details: 'fromuser=x' });
    const newExt = store.extensions.get(result.idMap.extensions[String(ext.id)]!);
    expect(newExt.templateId).toBe(result.idMap.pbxTemplates[String(own.id)]);
    expect(newExt.templateId).not.toBe(own.id);
  });

  test('EXT-16 importTeam() when a system template name is unknown → 400 naming templateName', async () => {
    temp = openTempStore();
    const store = temp.store;
    const { team } = seedTeam(store, 'src');
    const doc = {
      team: JSON.parse(JSON.stringify(team)) as ImportRow,
      trunks: [
        { id: 1, name: 't', type: 'ipPeer', host: 'h', templateId: 9999, templateName: 'gone' },
      ],
    };
    await expect(
      importTeam(store, doc, { uid: 'copy', name: 'Copy', sipDomain: null }),
    ).rejects.toMatchObject({ field: 'body.trunks[0].templateName' });
  });
});
