import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILTIN_MOH, mohPlaylistLookup, mohSourceOfClassId } from './app-moh.ts';
import { openStore, type ConfigStore } from './core/config-store/index.ts';
import { FakeClock } from './core/index.ts';
import type { MohPlaylistLookup } from './media/player/index.ts';

let dataDir: string;
let clock: FakeClock;
let store: ConfigStore;
let teamId: number;
let otherTeamId: number;
let lookup: MohPlaylistLookup;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'sy-moh-'));
  clock = new FakeClock();
  store = openStore({ dataDir, clock });
  const team = (uid: string) =>
    store.teams.create({ uid, name: uid, sipDomain: `${uid}.example.com`, maxExtensions: 5 }).id;
  teamId = team('alpha');
  otherTeamId = team('beta');
  lookup = mohPlaylistLookup(store);
});

afterEach(() => {
  store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A voice file row of `team` (null: system); the audio is not needed here. */
function voiceFile(team: number | null, name: string): number {
  return store.voiceFiles.create({
    teamId: team,
    name,
    sourceEncoding: 'pcm16',
    sourceRateHz: 8000,
    sourceChannels: 1,
    durationMs: 1000,
    sizeBytes: 16044,
    hasWideband: false,
  }).id;
}

function systemDefault() {
  return store.mohClasses.list().find((c) => c.teamId === null && c.identifier === 'default')!;
}

describe('mohPlaylistLookup()', () => {
  it('when the team has class jazz → its files in listed order (MOH-1)', () => {
    const [a, b] = [voiceFile(teamId, 'a'), voiceFile(teamId, 'b')];
    store.mohClasses.create({ teamId, name: 'Jazz', identifier: 'jazz', voiceFileIds: [b, a] });
    expect(lookup('jazz', teamId)).toMatchObject({
      key: `${teamId}:jazz`,
      files: [`${teamId}/${b}`, `${teamId}/${a}`],
    });
  });

  it('MOH-3 when the class is set to perCaller → each caller gets its own stream; shared otherwise', () => {
    const a = voiceFile(teamId, 'calm-a');
    store.mohClasses.create({ teamId, name: 'Calm', identifier: 'calm', voiceFileIds: [a] });
    expect(lookup('calm', teamId)?.isPerCaller).toBe(false);
    const id = store.mohClasses.list(teamId).find((c) => c.identifier === 'calm')!.id;
    store.mohClasses.update(id, { applyMode: 'perCaller' });
    expect(lookup('calm', teamId)?.isPerCaller).toBe(true);
  });

  it('when only the system has class jazz → the system class', () => {
    const s = voiceFile(null, 's');
    store.mohClasses.create({ teamId: null, name: 'Jazz', identifier: 'jazz', voiceFileIds: [s] });
    expect(lookup('jazz', teamId)).toMatchObject({ key: 'system:jazz', files: [`system/${s}`] });
  });

  it('when team and system both have jazz → the team class shadows the system one', () => {
    const [s, t] = [voiceFile(null, 's'), voiceFile(teamId, 't')];
    store.mohClasses.create({ teamId: null, name: 'J', identifier: 'jazz', voiceFileIds: [s] });
    store.mohClasses.create({ teamId, name: 'J', identifier: 'jazz', voiceFileIds: [t] });
    expect(lookup('jazz', teamId)?.files).toEqual([`${teamId}/${t}`]);
    expect(lookup('jazz', otherTeamId)?.files).toEqual([`system/${s}`]);
  });

  it('when the class is unknown → the team default, else the system default (MOH-2)', () => {
    const [s, t] = [voiceFile(null, 's'), voiceFile(teamId, 't')];
    store.mohClasses.update(systemDefault().id, { voiceFileIds: [s] });
    store.mohClasses.create({ teamId, name: 'ours', identifier: 'default', voiceFileIds: [t] });
    expect(lookup('nope', teamId)?.files).toEqual([`${teamId}/${t}`]);
    expect(lookup('nope', otherTeamId)?.files).toEqual([`system/${s}`]);
    expect(lookup('nope', undefined)?.files).toEqual([`system/${s}`]);
  });

  it("when no class has a file → the built-in moh/default; another team's class is never used", () => {
    const t = voiceFile(teamId, 't');
    store.mohClasses.create({ teamId, name: 'J', identifier: 'jazz', voiceFileIds: [t] });
    store.mohClasses.create({ teamId: otherTeamId, name: 'empty', identifier: 'jazz' });
    expect(lookup('jazz', otherTeamId)).toEqual(BUILTIN_MOH);
    expect(lookup('jazz', undefined)).toEqual(BUILTIN_MOH);
  });

  it('when the class is edited → a new revision with the new files (reload for new listeners)', () => {
    const [a, b] = [voiceFile(teamId, 'a'), voiceFile(teamId, 'b')];
    const cls = store.mohClasses.create({
      teamId,
      name: 'J',
      identifier: 'jazz',
      voiceFileIds: [a],
    });
    const before = lookup('jazz', teamId)!;
    expect(lookup('jazz', teamId)!.revision).toBe(before.revision);
    clock.tick(1000);
    store.mohClasses.update(cls.id, { voiceFileIds: [b] });
    const after = lookup('jazz', teamId)!;
    expect(after.key).toBe(before.key);
    expect(after.revision).not.toBe(before.revision);
    expect(after.files).toEqual([`${teamId}/${b}`]);
  });
});

describe('mohSourceOfClassId()', () => {
  it('when a lot has a team class → that identifier in the team', () => {
    const cls = store.mohClasses.create({ teamId, name: 'J', identifier: 'jazz' });
    expect(mohSourceOfClassId(store, cls.id, teamId)).toEqual({ moh: 'jazz', teamId });
  });

  it('when a lot has a system class → looked up as the system class', () => {
    const cls = store.mohClasses.create({ teamId: null, name: 'J', identifier: 'jazz' });
    expect(mohSourceOfClassId(store, cls.id, teamId)).toEqual({ moh: 'jazz' });
  });

  it('when a lot has no class → the team default', () => {
    expect(mohSourceOfClassId(store, null, teamId)).toEqual({ moh: 'default', teamId });
  });
});
