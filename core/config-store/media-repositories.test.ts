import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { openTempStore, seedTeam } from './test-store.ts';
import type { TempStore } from './test-store.ts';
import type { NewVoiceFile } from './voice-files-repository.ts';
import { toDestination } from './stored-destination.ts';

/*
 * The audio-model repositories (spec 02 §0.6): voice files, call prompts
 * and MOH classes, with the guarantees the admin API leans on.
 */

let temp: TempStore;
let teamId: number;

beforeEach(() => {
  temp = openTempStore();
  teamId = seedTeam(temp.store, 'alpha').team.id;
});
afterEach(() => temp.cleanup());

const file = (overrides: Partial<NewVoiceFile> = {}): NewVoiceFile => ({
  teamId,
  name: 'welcome',
  sourceEncoding: 'pcm16',
  sourceRateHz: 8000,
  sourceChannels: 1,
  durationMs: 1000,
  sizeBytes: 16044,
  hasWideband: false,
  ...overrides,
});

describe('VoiceFilesRepository', () => {
  test('create() when writeAudio throws → the row is rolled back', () => {
    expect(() =>
      temp.store.voiceFiles.create(file(), () => {
        throw new Error('disk full');
      }),
    ).toThrow('disk full');
    expect(temp.store.voiceFiles.list()).toEqual([]);
  });

  test('create() when a system file has the name already → ERR_DUPLICATE (NULL team)', () => {
    temp.store.voiceFiles.create(file({ teamId: null, name: 'beep' }));
    expect(() => temp.store.voiceFiles.create(file({ teamId: null, name: 'beep' }))).toThrow(
      expect.objectContaining({ code: 'ERR_DUPLICATE', field: 'name' }),
    );
    // The same name in a team is another file.
    expect(temp.store.voiceFiles.create(file({ name: 'beep' })).teamId).toBe(teamId);
  });

  test('list(teamId) → the team files and the system ones, not other teams', () => {
    const beta = seedTeam(temp.store, 'beta').team.id;
    temp.store.voiceFiles.create(file({ name: 'mine' }));
    temp.store.voiceFiles.create(file({ teamId: null, name: 'shared' }));
    temp.store.voiceFiles.create(file({ teamId: beta, name: 'theirs' }));
    expect(temp.store.voiceFiles.list(teamId).map((f) => f.name)).toEqual(['mine', 'shared']);
  });

  test('delete() when a prompt uses the file → ERR_REFERENCE from the foreign key', () => {
    const id = temp.store.voiceFiles.create(file()).id;
    temp.store.callPrompts.create({ teamId, name: 'p', voiceFileId: id });
    expect(temp.store.references.firstReferrer('voiceFile', id)).toMatchObject({
      resource: 'callPrompt',
      name: 'p',
    });
    expect(() => temp.store.voiceFiles.delete(id)).toThrow(
      expect.objectContaining({ code: 'ERR_REFERENCE' }),
    );
  });
});

describe('CallPromptsRepository', () => {
  test('delete() → its variants go too, the files stay and are free', () => {
    const id = temp.store.voiceFiles.create(file()).id;
    const prompt = temp.store.callPrompts.create({
      teamId,
      name: 'p',
      variants: [{ language: 'en', voiceFileId: id }],
    });
    temp.store.callPrompts.delete(prompt.id);
    expect(temp.store.references.firstReferrer('voiceFile', id)).toBeUndefined();
    temp.store.voiceFiles.delete(id);
  });

  test('create() for a system prompt with a team file → ERR_VALIDATION on voiceFileId', () => {
    const id = temp.store.voiceFiles.create(file()).id;
    expect(() =>
      temp.store.callPrompts.create({ teamId: null, name: 's', voiceFileId: id }),
    ).toThrow(expect.objectContaining({ code: 'ERR_VALIDATION', field: 'voiceFileId' }));
  });
});

describe('MohClassesRepository', () => {
  test('MOH-2: the store opens with exactly one system class default, also after reopen', () => {
    const store = temp.reopen();
    const defaults = store.mohClasses.list().filter((c) => c.identifier === 'default');
    expect(defaults).toHaveLength(1);
    expect(defaults[0]).toMatchObject({ teamId: null, voiceFileIds: [] });
  });

  test('a team may have its own class default beside the system one', () => {
    const own = temp.store.mohClasses.create({ teamId, name: 'ours', identifier: 'default' });
    temp.store.mohClasses.delete(own.id);
  });
});

describe('IvrFlowsRepository', () => {
  test('delete() → its actions and transitions go, its prompt is free again', () => {
    const prompt = temp.store.callPrompts.create({ teamId, name: 'menu' });
    const flow = temp.store.ivrFlows.create({
      teamId,
      name: 'main',
      internalNumber: '700',
      actions: [{ action: 'prompt', promptId: prompt.id }],
      transitions: [{ destination: { type: 'hangup', targetId: null, targetValue: null } }],
    });
    expect(temp.store.references.firstReferrer('callPrompt', prompt.id)).toMatchObject({
      resource: 'ivr',
      id: flow.id,
    });
    temp.store.ivrFlows.delete(flow.id);
    expect(temp.store.references.firstReferrer('callPrompt', prompt.id)).toBeUndefined();
    temp.store.callPrompts.delete(prompt.id);
  });

  test('toDestination() → the port Destination without null fields', () => {
    expect(toDestination({ type: 'extension', targetId: null, targetValue: 'auto' })).toEqual({
      type: 'extension',
      targetValue: 'auto',
    });
    expect(toDestination({ type: 'queue', targetId: 4, targetValue: null })).toEqual({
      type: 'queue',
      targetId: 4,
    });
  });
});
